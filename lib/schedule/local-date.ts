// Calendar dates ("YYYY-MM-DD") and clock times ("HH:MM") without any time zone: parsing and day arithmetic.

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const clockPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

// A parsed calendar date; `ms` is its midnight read as UTC (handy for day arithmetic).
export type LocalDate = { year: number; month: number; day: number; ms: number };

// "2026-03-08" -> its parts; null when malformed or not a real calendar day (2026-02-30).
export function parseLocalDate(text: string): LocalDate | null {
  const match = typeof text === "string" ? datePattern.exec(text) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const midnight = new Date(0);
  midnight.setUTCFullYear(year, month - 1, day);
  return { year, month, day, ms: midnight.getTime() };
}

// 2026, 3, 8 -> "2026-03-08".
export function formatLocalDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// "22:30" -> 1350 (minutes after midnight); null for anything that is not a 24-hour HH:MM time.
export function parseClock(text: string): number | null {
  const match = typeof text === "string" ? clockPattern.exec(text) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

// 1350 -> "22:30". Minutes must be 0..1439.
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

// Days in a month of the proleptic Gregorian calendar (month 1..12).
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// "2026-03-08" + 1 -> "2026-03-09" (throws RangeError on a malformed date).
export function addDays(localDate: string, days: number): string {
  const date = parseLocalDate(localDate);
  if (!date) throw new RangeError(`Invalid date "${localDate}" (expected YYYY-MM-DD)`);
  const shifted = new Date(date.ms + days * DAY_MS);
  return formatLocalDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

// Day of the week of a calendar date: 0 = Sunday ... 6 = Saturday.
export function weekdayOf(localDate: string): number {
  const date = parseLocalDate(localDate);
  if (!date) throw new RangeError(`Invalid date "${localDate}" (expected YYYY-MM-DD)`);
  return new Date(date.ms).getUTCDay();
}

// Whole days from `a` to `b` (positive when b is later).
export function daysBetween(a: string, b: string): number {
  const first = parseLocalDate(a);
  const second = parseLocalDate(b);
  if (!first || !second) throw new RangeError(`Invalid date "${first ? b : a}" (expected YYYY-MM-DD)`);
  return Math.round((second.ms - first.ms) / DAY_MS);
}
