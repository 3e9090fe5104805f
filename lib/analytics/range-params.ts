// The analytics pages' date range and time zone, read from the URL (?range=7|30|90|custom&from=&to=&tz=).
// Whole local days: "last 7 days" is today and the six days before it, in the chosen zone, up to now.
// Anything malformed falls back to the default rather than failing the page.
import { addDays, daysBetween, isValidTimeZone, parseLocalDate, startOfLocalDay, utcToZoned } from "@/lib/schedule";
import { lastDaysRange, type DayRange } from "./range";

export const presetChoices = ["7", "30", "90"] as const;
export type RangePreset = (typeof presetChoices)[number] | "custom";
export const defaultPreset: RangePreset = "30";
// The longest custom range, in days (a year and a leap day).
export const maxRangeDays = 366;

// What the pages show in their controls and what they pass to the queries.
export interface RangeSelection {
  preset: RangePreset;
  // Inclusive local calendar days, YYYY-MM-DD.
  fromDate: string;
  toDate: string;
  timeZone: string;
  // from = local midnight starting fromDate; to = local midnight after toDate, or now when toDate is today.
  range: DayRange;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

// The zone asked for in ?tz= when the runtime knows it, else `fallbackZone` (the app's).
export function readTimeZone(params: Record<string, string | string[] | undefined>, fallbackZone: string): string {
  const asked = first(params.tz);
  return asked && isValidTimeZone(asked) ? asked : fallbackZone;
}

// Reads the range from search params; `fallbackZone` is the app's time zone.
export function readRange(
  params: Record<string, string | string[] | undefined>,
  fallbackZone: string,
  now = new Date(),
): RangeSelection {
  const timeZone = readTimeZone(params, fallbackZone);
  const today = utcToZoned(now, timeZone).date;
  const asked = first(params.range);
  if (asked === "custom") {
    const custom = customDays(first(params.from), first(params.to), today);
    if (custom) {
      const to = startOfLocalDay(addDays(custom.to, 1), timeZone);
      const range = { from: startOfLocalDay(custom.from, timeZone).toISOString(), to: to.toISOString(), timeZone };
      return { preset: "custom", fromDate: custom.from, toDate: custom.to, timeZone, range };
    }
  }
  const preset = (presetChoices as readonly string[]).includes(asked ?? "") ? (asked as RangePreset) : defaultPreset;
  const days = Number(preset);
  return {
    preset,
    fromDate: addDays(today, 1 - days),
    toDate: today,
    timeZone,
    range: lastDaysRange(days, timeZone, now),
  };
}

// A valid custom range (from <= to, at most maxRangeDays, ending today at the latest); null otherwise.
function customDays(
  from: string | undefined,
  to: string | undefined,
  today: string,
): { from: string; to: string } | null {
  if (!from || !to || !parseLocalDate(from) || !parseLocalDate(to)) return null;
  const end = daysBetween(today, to) > 0 ? today : to;
  const span = daysBetween(from, end);
  if (span < 0 || span >= maxRangeDays) return null;
  return { from, to: end };
}

// The query string for a selection (app first), for links between the analytics pages.
export function rangeQuery(
  appId: string,
  selection: Pick<RangeSelection, "preset" | "fromDate" | "toDate" | "timeZone">,
  appZone: string,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams({ app: appId });
  params.set("range", selection.preset);
  if (selection.preset === "custom") {
    params.set("from", selection.fromDate);
    params.set("to", selection.toDate);
  }
  if (selection.timeZone !== appZone) params.set("tz", selection.timeZone);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}
