// Date ranges of the analytics pages: "the last N days" in a time zone, whole local days from
// midnight N-1 days ago to the end of today, and the local calendar days a range covers (one trend
// point each).
import { addDays, daysBetween, isValidTimeZone, startOfLocalDay, utcToZoned } from "@/lib/schedule";

// A range as the analytics queries take it (ISO instants, read in `timeZone`).
export interface DayRange {
  from: string;
  to: string;
  timeZone: string;
}

// The presets the overview offers.
export const rangePresets = [7, 30, 90] as const;

// The last `days` local days in `timeZone` including today (UTC when the zone is unknown).
export function lastDaysRange(days: number, timeZone: string, now: Date = new Date()): DayRange {
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  const today = utcToZoned(now, zone).date;
  const first = addDays(today, -(Math.max(1, Math.floor(days)) - 1));
  // To the end of today, not to now: the rollups count whole hours, and devices whose clocks run a
  // little ahead (the events API allows 5 minutes) report events stamped after "now". Ending at now,
  // a range left out the events of an hour that had just begun by those clocks.
  return {
    from: startOfLocalDay(first, zone).toISOString(),
    to: startOfLocalDay(addDays(today, 1), zone).toISOString(),
    timeZone: zone,
  };
}

// The local dates (YYYY-MM-DD) from the day holding `from` to the day holding the last instant before `to`.
export function localDays(range: DayRange): string[] {
  const first = utcToZoned(new Date(range.from), range.timeZone).date;
  const last = utcToZoned(new Date(Math.max(Date.parse(range.from), Date.parse(range.to) - 1)), range.timeZone).date;
  const count = Math.min(3660, daysBetween(first, last) + 1);
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}
