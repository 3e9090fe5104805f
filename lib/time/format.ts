// Times as the console shows them: in one zone, always followed by that zone's offset at that instant
// ("Dec 7, 2026, 3:24 PM GMT+8", "2026年12月7日 15:24 GMT+8"; "UTC" for UTC). The same text on the
// server and in the browser, since the locale and zone are both given (nothing is read from the machine).
import { offsetMinutesAt } from "@/lib/schedule/zoned-time";

export type TimeStyle = "dateTime" | "dateTimeSeconds" | "time" | "timeSeconds" | "date";

const styles: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  dateTimeSeconds: { dateStyle: "medium", timeStyle: "medium" },
  time: { timeStyle: "short" },
  timeSeconds: { timeStyle: "medium" },
  date: { dateStyle: "medium" },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: string, timeZone: string, style: TimeStyle): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...styles[style], timeZone });
    formatters.set(key, formatter);
  }
  return formatter;
}

// The zone's label at an instant: "UTC" for UTC, else its offset from UTC then ("GMT+8", "GMT-4", "GMT+5:30").
export function zoneLabel(timeZone: string, at: Date | number = Date.now()): string {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return "UTC";
  const minutes = offsetMinutesAt(at, timeZone);
  if (minutes === 0) return "GMT";
  const sign = minutes > 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = abs % 60;
  return `GMT${sign}${hours}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

// An instant in `timeZone`, labelled with the zone's offset; dates alone carry no label.
export function formatInZone(
  at: Date | string | number,
  options: { locale: string; timeZone: string; style?: TimeStyle },
): string {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) return "—";
  const style = options.style ?? "dateTime";
  const text = formatterFor(options.locale, options.timeZone, style).format(date);
  return style === "date" ? text : `${text} ${zoneLabel(options.timeZone, date)}`;
}

// How a zone is named in pickers and headings: "Asia/Shanghai (GMT+8)", "UTC".
export function zoneName(timeZone: string, at: Date | number = Date.now()): string {
  const label = zoneLabel(timeZone, at);
  return label === "UTC" ? "UTC" : `${timeZone} (${label})`;
}
