// Wall-clock <-> instant conversion in IANA time zones with the built-in Intl API (browser and Node).
import { formatClock, formatLocalDate, parseClock, parseLocalDate } from "./local-date";

// A wall-clock reading of an instant in one zone. weekday: 0 = Sunday ... 6 = Saturday (like cron and Date#getDay).
export type ZonedParts = {
  date: string;
  time: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
  offsetMinutes: number;
};

// Which instant an ambiguous wall-clock time (the repeated hour when clocks fall back) resolves to.
export type Disambiguation = "earlier" | "later";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const readingPattern = /^(\d{2})\/(\d{2})\/(\d+),? (\d{2}):(\d{2}):(\d{2})$/;

// One formatter per zone, created once: constructing Intl.DateTimeFormat costs far more than using one.
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// True when Intl knows the zone (canonical names and aliases such as "Asia/Calcutta" or "US/Eastern").
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

type WallClock = Pick<ZonedParts, "year" | "month" | "day" | "hour" | "minute" | "second"> & { wallMs: number };

// The zone's wall clock at `ms` (to the second), with that reading expressed as if it were UTC (wallMs).
// Parsing format() is about three times faster than formatToParts(), which remains the fallback for an
// unexpected layout.
function readWallClock(ms: number, timeZone: string): WallClock {
  const formatter = formatterFor(timeZone);
  const match = readingPattern.exec(formatter.format(ms));
  const [, month, day, year, hour, minute, second] = match ? match.map(Number) : partsOf(formatter, ms);
  let wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year < 100) wallMs = new Date(wallMs).setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  return { year, month, day, hour, minute, second, wallMs };
}

// [whole, month, day, year, hour, minute, second] read with formatToParts.
function partsOf(formatter: Intl.DateTimeFormat, ms: number): number[] {
  const values = new Map(formatter.formatToParts(ms).map((part) => [part.type, Number(part.value)]));
  const field = (type: Intl.DateTimeFormatPartTypes) => values.get(type) ?? 0;
  return [0, field("month"), field("day"), field("year"), field("hour") % 24, field("minute"), field("second")];
}

function wallClockMs(ms: number, timeZone: string): number {
  return readWallClock(ms, timeZone).wallMs;
}

// Minutes the zone is ahead of UTC at an instant (e.g. +330 for Asia/Kolkata, -300 for New York in winter).
export function offsetMinutesAt(instant: Date | number, timeZone: string): number {
  const ms = Math.floor(Number(instant) / 1000) * 1000;
  return Math.round((wallClockMs(ms, timeZone) - ms) / MINUTE_MS);
}

// The wall-clock date and time of an instant in a zone.
export function utcToZoned(instant: Date | number, timeZone: string): ZonedParts {
  const ms = Math.floor(Number(instant) / 1000) * 1000;
  const { year, month, day, hour, minute, second, wallMs } = readWallClock(ms, timeZone);
  return {
    date: formatLocalDate(year, month, day),
    time: formatClock(hour * 60 + minute),
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: (((Math.floor(wallMs / DAY_MS) + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
    offsetMinutes: Math.round((wallMs - ms) / MINUTE_MS),
  };
}

/**
 * The instant a zone's wall clock reads `localDate` `localTime` ("YYYY-MM-DD", "HH:MM").
 * - Ambiguous times (the hour repeated when clocks fall back) resolve to the earlier instant by default.
 * - Times that do not exist (skipped when clocks spring forward) resolve to the first valid instant after
 *   the gap, i.e. the moment of the transition: 02:30 on a New York spring-forward day gives 03:00 EDT.
 * Throws RangeError for malformed dates/times or unknown zones (validate input first).
 */
export function zonedToUtc(
  localDate: string,
  localTime: string,
  timeZone: string,
  disambiguation: Disambiguation = "earlier",
): Date {
  const date = parseLocalDate(localDate);
  const minutes = parseClock(localTime);
  if (!date) throw new RangeError(`Invalid date "${localDate}" (expected YYYY-MM-DD)`);
  if (minutes == null) throw new RangeError(`Invalid time "${localTime}" (expected HH:MM, 00:00-23:59)`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}"`);
  return new Date(wallToInstant(date.ms + minutes * MINUTE_MS, timeZone, disambiguation));
}

// Core of zonedToUtc on a wall-clock-as-UTC millisecond value.
function wallToInstant(wall: number, timeZone: string, disambiguation: Disambiguation): number {
  // Offsets a day either side bracket every instant this wall time can denote (offsets stay within ±1 day).
  const offsetBefore = offsetMinutesAt(wall - DAY_MS, timeZone);
  const offsetAfter = offsetMinutesAt(wall + DAY_MS, timeZone);
  // Equal offsets: no transition in those two days (the usual case), so that offset is the answer. This
  // assumes no zone changes offset and back within 48 hours: none does in 1970-2037 (checked in 6 h steps).
  // Otherwise check each candidate instant by reading it back.
  if (offsetBefore === offsetAfter) return wall - offsetBefore * MINUTE_MS;
  const candidates = [offsetBefore, offsetAfter]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => wallClockMs(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return disambiguation === "earlier" ? candidates[0] : candidates[candidates.length - 1];
  // A gap: the wall time falls between the old and new offsets. Find the transition instant by bisection
  // (to the second); it is the first instant after the gap.
  let low = wall - offsetAfter * MINUTE_MS; // still before the transition
  let high = wall - offsetBefore * MINUTE_MS; // already after it
  if (low > high) [low, high] = [high, low];
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000;
    if (offsetMinutesAt(middle, timeZone) === offsetBefore) low = middle;
    else high = middle;
  }
  return high;
}

// Whether a wall-clock time exists in the zone on that date (false inside a spring-forward gap).
export function localTimeExists(localDate: string, localTime: string, timeZone: string): boolean {
  const instant = zonedToUtc(localDate, localTime, timeZone);
  const reading = utcToZoned(instant, timeZone);
  return reading.date === localDate && reading.time === localTime;
}

// The instant of local midnight starting `localDate` (or the first instant of that day if midnight is skipped).
export function startOfLocalDay(localDate: string, timeZone: string): Date {
  return zonedToUtc(localDate, "00:00", timeZone);
}
