// The shapes of a campaign schedule. Plain types: input is validated elsewhere (zod) and by validateSchedule.

// Days of the week for weekly rules.
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

// Weekday names in JavaScript/cron order (index 0 = Sunday).
export const WEEKDAYS_FROM_SUNDAY: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

// How a recurring schedule repeats. A cron expression has five fields (minute hour day-of-month month
// day-of-week) and carries its own time of day, so a cron schedule leaves `time` unset.
export type RecurrenceRule =
  { kind: "daily" } | { kind: "weekly"; weekdays: Weekday[] } | { kind: "cron"; expression: string };

// Send as soon as the campaign starts.
export type NowSchedule = { kind: "now" };

// Send once at a wall-clock time in one zone (dates "YYYY-MM-DD", times "HH:MM").
export type AtSchedule = { kind: "at"; date: string; time: string; timeZone: string };

// Send once at a wall-clock time in each device's own zone (devices without one use the app's zone).
export type LocalTimeSchedule = { kind: "localTime"; date: string; time: string };

// Repeat from startDate through endDate (inclusive, local dates) in a fixed zone, or in each device's
// zone when timeZone is "local".
export type RecurringSchedule = {
  kind: "recurring";
  rule: RecurrenceRule;
  time?: string;
  timeZone: string;
  startDate: string;
  endDate?: string;
};

// Any campaign schedule.
export type Schedule = NowSchedule | AtSchedule | LocalTimeSchedule | RecurringSchedule;

// The value of RecurringSchedule.timeZone meaning "each device's own zone".
export const DEVICE_LOCAL = "local";

// Quiet hours as minutes after local midnight; start > end wraps midnight (22:00-08:00); start == end is none.
export type QuietHours = { start: number; end: number };
