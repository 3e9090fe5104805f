// Checks a schedule before it is saved: formats, zones, rules, date order and whether it is in the past.
import { parseCron } from "./cron";
import { parseClock, parseLocalDate } from "./local-date";
import { occurrences } from "./occurrences";
import { DEVICE_LOCAL, WEEKDAYS_FROM_SUNDAY, type Schedule } from "./types";
import { isValidTimeZone, zonedToUtc } from "./zoned-time";

// Machine-readable problem kinds (for translated messages); `message` is a plain English explanation.
export type ScheduleIssueCode =
  | "invalid_date"
  | "invalid_time"
  | "unknown_time_zone"
  | "in_past"
  | "end_before_start"
  | "invalid_cron"
  | "missing_time"
  | "unexpected_time"
  | "invalid_weekdays"
  | "no_runs"
  | "unknown_kind";

// One problem, tied to the schedule field it concerns.
export type ScheduleIssue = { field: string; code: ScheduleIssueCode; message: string };

// The zone whose wall clock is the latest on Earth (UTC-12): a device-local time past there is past everywhere.
const LATEST_ZONE = "Etc/GMT+12";

// All problems with a schedule (empty when it can be saved). graceSeconds (default 60) lets a time that
// has just passed count as "now" rather than "in the past".
export function validateSchedule(schedule: Schedule, options: { now: Date; graceSeconds?: number }): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const earliestAllowed = options.now.getTime() - (options.graceSeconds ?? 60) * 1000;
  const add = (field: string, code: ScheduleIssueCode, message: string) => issues.push({ field, code, message });
  const checkDate = (field: string, value: unknown) => {
    if (parseLocalDate(value as string)) return true;
    add(field, "invalid_date", `Enter a real calendar date as YYYY-MM-DD (got "${String(value ?? "")}")`);
    return false;
  };
  const checkTime = (field: string, value: unknown) => {
    if (parseClock(value as string) != null) return true;
    add(field, "invalid_time", `Enter a 24-hour time as HH:MM, 00:00 to 23:59 (got "${String(value ?? "")}")`);
    return false;
  };
  const checkZone = (value: string) => {
    if (isValidTimeZone(value)) return true;
    add(
      "timeZone",
      "unknown_time_zone",
      `Unknown time zone "${String(value ?? "")}"; use an IANA name such as Europe/Berlin`,
    );
    return false;
  };

  switch (schedule.kind) {
    case "now":
      return issues;
    case "at":
    case "localTime": {
      const ok = [checkDate("date", schedule.date), checkTime("time", schedule.time)];
      const zone = schedule.kind === "at" ? schedule.timeZone : LATEST_ZONE;
      if (schedule.kind === "at") ok.push(checkZone(schedule.timeZone));
      if (ok.every(Boolean) && zonedToUtc(schedule.date, schedule.time, zone).getTime() < earliestAllowed) {
        const where = schedule.kind === "at" ? `in ${schedule.timeZone}` : "in every time zone";
        add("time", "in_past", `${schedule.date} ${schedule.time} has already passed ${where}`);
      }
      return issues;
    }
    case "recurring": {
      const rule = schedule.rule;
      let ok = checkDate("startDate", schedule.startDate);
      if (
        schedule.endDate !== undefined &&
        checkDate("endDate", schedule.endDate) &&
        ok &&
        schedule.endDate < schedule.startDate
      ) {
        add(
          "endDate",
          "end_before_start",
          `The end date ${schedule.endDate} is before the start date ${schedule.startDate}`,
        );
      }
      if (schedule.timeZone !== DEVICE_LOCAL) ok = checkZone(schedule.timeZone) && ok;
      if (rule?.kind === "cron") {
        const parsed = parseCron(rule.expression);
        if (!parsed.ok) add("rule", "invalid_cron", parsed.error);
        if (schedule.time !== undefined)
          add("time", "unexpected_time", "A cron schedule sets its own time; leave the time empty");
      } else if (rule?.kind === "daily" || rule?.kind === "weekly") {
        if (schedule.time === undefined || schedule.time === "") add("time", "missing_time", "Choose a time of day");
        else checkTime("time", schedule.time);
        const days = rule.kind === "weekly" ? rule.weekdays : WEEKDAYS_FROM_SUNDAY;
        if (!Array.isArray(days) || days.length === 0 || days.some((day) => !WEEKDAYS_FROM_SUNDAY.includes(day))) {
          add("rule", "invalid_weekdays", "Choose at least one weekday (mon, tue, wed, thu, fri, sat, sun)");
        }
      } else {
        add("rule", "unknown_kind", "Choose daily, weekly or a cron expression");
      }
      if (issues.length === 0 && ok) checkRunsLeft(schedule, earliestAllowed, add);
      return issues;
    }
    default:
      add("kind", "unknown_kind", "Choose when to send: now, at a time, at a local time, or recurring");
      return issues;
  }
}

// A valid recurring schedule must still have a run ahead (checked in the latest zone for device-local ones).
function checkRunsLeft(
  schedule: Extract<Schedule, { kind: "recurring" }>,
  earliestAllowed: number,
  add: (field: string, code: ScheduleIssueCode, message: string) => void,
): void {
  const zone = schedule.timeZone === DEVICE_LOCAL ? LATEST_ZONE : schedule.timeZone;
  const [next] = occurrences(schedule, { from: new Date(earliestAllowed), max: 1, timeZones: [zone] });
  if (next) return;
  const ended =
    schedule.endDate !== undefined && zonedToUtc(schedule.endDate, "23:59", zone).getTime() < earliestAllowed;
  if (ended) add("endDate", "in_past", `The end date ${schedule.endDate} has already passed`);
  else add("rule", "no_runs", "This schedule never runs between its start and end dates");
}
