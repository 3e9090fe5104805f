// Frequency caps: whether one more campaign may reach a device, and the local day/week windows to count in.
// Exempting breaking news from caps is the caller's decision: skip capDecision for those campaigns.
import { addDays } from "./local-date";
import { utcToZoned, zonedToUtc } from "./zoned-time";

// Sends already made to the device in its current local day and ISO week.
export type SendCounts = { sentToday: number; sentThisWeek: number };

// Most sends per local day / ISO week; null or undefined means no cap.
export type FrequencyCaps = { perDay?: number | null; perWeek?: number | null };

// The verdict; the daily cap is reported first when both are reached.
export type CapDecision = { allowed: boolean; reason?: "cap_day" | "cap_week" };

// A half-open window [start, end) of instants.
export type TimeWindow = { start: Date; end: Date };

// Allowed while the device has had fewer sends than each cap in the current window.
export function capDecision(counts: SendCounts, caps: FrequencyCaps): CapDecision {
  if (caps.perDay != null && counts.sentToday >= caps.perDay) return { allowed: false, reason: "cap_day" };
  if (caps.perWeek != null && counts.sentThisWeek >= caps.perWeek) return { allowed: false, reason: "cap_week" };
  return { allowed: true };
}

/**
 * The local day (midnight to midnight) and ISO week (Monday 00:00 to the next Monday 00:00) that contain
 * `instant` in `timeZone`, as instants, so the dispatcher can count a device's sends in them. Days are
 * 23 or 25 hours long across DST changes; a skipped midnight starts the day at the end of the gap.
 */
export function capWindows(instant: Date, timeZone: string): { day: TimeWindow; week: TimeWindow } {
  const local = utcToZoned(instant, timeZone);
  const monday = addDays(local.date, -((local.weekday + 6) % 7));
  return {
    day: {
      start: zonedToUtc(local.date, "00:00", timeZone),
      end: zonedToUtc(addDays(local.date, 1), "00:00", timeZone),
    },
    week: { start: zonedToUtc(monday, "00:00", timeZone), end: zonedToUtc(addDays(monday, 7), "00:00", timeZone) },
  };
}
