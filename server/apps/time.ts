// Clock times ("HH:MM" <-> minutes after midnight) and IANA time zone checks for app settings.
import {
  formatClock as formatMinutes,
  inQuietWindow,
  isValidTimeZone,
  parseClock as parseMinutes,
} from "@/lib/schedule";

// "22:30" -> 1350; null for anything that is not a 24-hour HH:MM time (surrounding blanks allowed).
export function parseClock(text: string): number | null {
  return parseMinutes(text.trim());
}

// 1350 -> "22:30"; null and out-of-range values give "" (for form fields).
export function formatClock(minutes: number | null | undefined): string {
  if (minutes == null || !Number.isInteger(minutes) || minutes < 0 || minutes >= 24 * 60) return "";
  return formatMinutes(minutes);
}

let zones: string[] | null = null;

// Every IANA zone this runtime knows, plus "UTC" (which Intl does not list on every platform).
export function timeZones(): string[] {
  zones ??= Array.from(new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])).sort();
  return zones;
}

// True for a zone name spelled as IANA spells it: one of the runtime's listed zones, or a current
// name that Node 20's list still spells the old way (Asia/Kolkata, Europe/Kyiv) if the runtime
// accepts it. Wrongly cased names ("asia/shanghai") are refused so apps store one spelling.
export function isTimeZone(value: string): boolean {
  const listed = timeZones();
  if (listed.includes(value)) return true;
  if (listed.some((zone) => zone.toLowerCase() === value.toLowerCase())) return false;
  return /^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*)+$/.test(value) && isValidTimeZone(value);
}

// True when `minutes` (local time) falls inside quiet hours; handles windows that wrap midnight.
export function inQuietHours(minutes: number, start: number | null, end: number | null): boolean {
  return start != null && end != null && inQuietWindow(minutes, { start, end });
}
