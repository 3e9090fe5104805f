// Quiet hours: an app's window as lib/schedule takes it, whether a campaign keeps to it, whether an
// instant in a device's zone falls inside it and when it ends.
import { addDays, formatClock } from "./local-date";
import type { QuietHours } from "./types";
import { utcToZoned, zonedToUtc } from "./zoned-time";

// An app's quiet hours as {start, end} from its two columns (minutes after local midnight); null when unset.
export function quietHoursOf(app: { quietHoursStart: number | null; quietHoursEnd: number | null }): QuietHours | null {
  return app.quietHoursStart !== null && app.quietHoursEnd !== null
    ? { start: app.quietHoursStart, end: app.quietHoursEnd }
    : null;
}

// True when a campaign waits for quiet hours to end: everything except breaking news.
export function respectsQuietHours(campaign: { type: string; breaking: boolean }): boolean {
  return !(campaign.type === "news" && campaign.breaking);
}

// True when local minute-of-day `minutes` is inside the window; windows may wrap midnight; start == end is none.
export function inQuietWindow(minutes: number, quietHours: QuietHours | null | undefined): boolean {
  if (!quietHours || quietHours.start === quietHours.end) return false;
  const { start, end } = quietHours;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * The instant quiet hours end when `instant` falls inside them in `timeZone`; otherwise `instant` itself.
 * The window is [start, end) in local wall-clock minutes. If the end's wall time is skipped by a DST gap,
 * quiet hours end at the gap's end; if it is repeated, at its first occurrence after `instant`.
 */
export function quietHoursEnd(instant: Date, timeZone: string, quietHours: QuietHours | null | undefined): Date {
  if (
    quietHours &&
    ![quietHours.start, quietHours.end].every((minutes) => Number.isInteger(minutes) && minutes >= 0 && minutes < 1440)
  ) {
    throw new RangeError(`Quiet hours must be whole minutes 0-1439, got ${quietHours.start}-${quietHours.end}`);
  }
  const local = utcToZoned(instant, timeZone);
  if (!quietHours || !inQuietWindow(local.hour * 60 + local.minute, quietHours)) return instant;
  const { start, end } = quietHours;
  const endsTomorrow = start > end && local.hour * 60 + local.minute >= start;
  const endDate = endsTomorrow ? addDays(local.date, 1) : local.date;
  const endTime = formatClock(end);
  const earlier = zonedToUtc(endDate, endTime, timeZone);
  if (earlier.getTime() > instant.getTime()) return earlier;
  // Inside the second pass of a repeated hour: the earlier reading of the end time has already passed.
  return zonedToUtc(endDate, endTime, timeZone, "later");
}
