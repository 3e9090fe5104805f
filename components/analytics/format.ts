// Number, rate and time formatting shared by the analytics components (server and client): takes
// next-intl's formatter (getFormatter / useFormatter), so figures follow the reader's language.
import { zoneLabel } from "@/lib/time/format";

export interface NumberFormatter {
  number(value: number, options?: Intl.NumberFormatOptions): string;
}

export interface DateFormatter extends NumberFormatter {
  dateTime(value: Date, options?: Intl.DateTimeFormatOptions): string;
}

// 0.2534 -> "25.3%"; null (no denominator) -> "—".
export function percent(format: NumberFormatter, value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value)
    ? "—"
    : format.number(value, { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: digits });
}

// A difference of rates in percentage points: 0.031 -> "+3.1 pp" (the unit comes from the messages).
export function points(format: NumberFormatter, value: number): string {
  return format.number(value * 100, { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: "exceptZero" });
}

// A p-value as readers expect: "< 0.001" below a thousandth, else three decimals.
export function pValue(format: NumberFormatter, value: number): string {
  return value < 0.001
    ? `< ${format.number(0.001)}`
    : format.number(value, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
}

// The local day of an instant in `timeZone` ("Nov 3" / "11月3日").
export function dayLabel(format: DateFormatter, at: string, timeZone: string): string {
  return format.dateTime(new Date(at), { month: "short", day: "numeric", timeZone });
}

// Date and time of an instant in `timeZone`, with seconds when asked (the device trace), labelled with the
// zone's offset like every time in the console (lib/time/format.ts).
export function dateTimeLabel(format: DateFormatter, at: string, timeZone: string, seconds = false): string {
  const text = format.dateTime(new Date(at), {
    dateStyle: "medium",
    timeStyle: seconds ? "medium" : "short",
    timeZone,
  });
  return `${text} ${zoneLabel(timeZone, new Date(at))}`;
}

// Which open-rate basis a funnel shows: receipts, sends, or a mix of channels with and without receipts.
export function basisKey(funnel: {
  openRateBasis: "received" | "sent";
  openRateBasisMixed?: boolean;
}): "received" | "sent" | "mixed" {
  return funnel.openRateBasisMixed ? "mixed" : funnel.openRateBasis;
}

// Time since an earlier step, in the largest fitting unit: "+45 sec", "+39 min", "+2.5 hr", "+3 days".
export function elapsed(format: NumberFormatter, ms: number): string {
  const units: Array<[string, number]> = [
    ["day", 86_400_000],
    ["hour", 3_600_000],
    ["minute", 60_000],
    ["second", 1000],
  ];
  const [unit, size] = units.find(([, size]) => ms >= size) ?? units[units.length - 1]!;
  const maximumFractionDigits = unit === "hour" || unit === "day" ? 1 : 0;
  return `+${format.number(ms / size, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits })}`;
}
