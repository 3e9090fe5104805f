// The instants a schedule runs at within a window, in a fixed zone or per device zone (grouped by instant).
import { cronMatchesDay, parseCron, type CronSpec } from "./cron";
import { addDays, daysBetween, formatClock, weekdayOf } from "./local-date";
import { DEVICE_LOCAL, WEEKDAYS_FROM_SUNDAY, type RecurringSchedule, type Schedule } from "./types";
import { utcToZoned, zonedToUtc } from "./zoned-time";

// One run: the instant, the wall-clock date/time it was asked for, and the zones where that wall clock
// falls at this instant (empty for "now", which involves no wall clock; its local fields read UTC).
export type Occurrence = { at: Date; localDate: string; localTime: string; timeZones: string[] };

// from: inclusive; until: exclusive; max: most runs returned (default 10); timeZones: the device zones to
// evaluate "localTime" and device-local recurring schedules in (required for those).
export type OccurrenceWindow = { from: Date; until?: Date; max?: number; timeZones?: string[] };

// Without `until`, recurring schedules are scanned this many days ahead at most (a cron such as
// "0 9 29 2 1" can be years apart; a bounded scan keeps previews fast).
export const SCAN_HORIZON_DAYS = 5 * 366;

type Run = { at: number; localDate: string; localTime: string };

// The next runs of a schedule within the window, earliest first.
export function occurrences(schedule: Schedule, window: OccurrenceWindow): Occurrence[] {
  const max = Math.max(0, Math.floor(window.max ?? 10));
  if (max === 0) return [];
  const from = window.from.getTime();
  const until = window.until?.getTime() ?? Infinity;
  if (schedule.kind === "now") {
    if (from >= until) return [];
    const reading = utcToZoned(from, "UTC");
    return [{ at: new Date(from), localDate: reading.date, localTime: reading.time, timeZones: [] }];
  }
  const zones = zonesToEvaluate(schedule, window.timeZones);
  const runsByZone = zones.map((zone): [string, Run[]] => {
    if (schedule.kind === "recurring") return [zone, recurringRuns(schedule, zone, from, until, max)];
    const at = zonedToUtc(schedule.date, schedule.time, zone).getTime();
    const inWindow = at >= from && at < until;
    return [zone, inWindow ? [{ at, localDate: schedule.date, localTime: schedule.time }] : []];
  });
  return groupRuns(runsByZone).slice(0, max);
}

// The one zone of a fixed-zone schedule, or the caller's device zones for device-local ones.
function zonesToEvaluate(schedule: Exclude<Schedule, { kind: "now" }>, timeZones: string[] | undefined): string[] {
  const deviceLocal =
    schedule.kind === "localTime" || (schedule.kind === "recurring" && schedule.timeZone === DEVICE_LOCAL);
  if (!deviceLocal) return [(schedule as { timeZone: string }).timeZone];
  if (!timeZones || timeZones.length === 0) throw new TypeError("Pass timeZones to evaluate a device-local schedule");
  return [...new Set(timeZones)];
}

// Merges per-zone runs: zones sharing an instant (and asked-for date) become one occurrence.
function groupRuns(runsByZone: [string, Run[]][]): Occurrence[] {
  const groups = new Map<string, Occurrence>();
  for (const [zone, runs] of runsByZone) {
    for (const run of runs) {
      const key = `${run.at}|${run.localDate}|${run.localTime}`;
      const group = groups.get(key);
      if (group) group.timeZones.push(zone);
      else
        groups.set(key, {
          at: new Date(run.at),
          localDate: run.localDate,
          localTime: run.localTime,
          timeZones: [zone],
        });
    }
  }
  return [...groups.values()]
    .map((group) => ({ ...group, timeZones: group.timeZones.sort() }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.localDate.localeCompare(b.localDate));
}

// Wall-clock times a recurring rule fires on one local date (sorted), given a parsed cron if any.
function timesOnDay(schedule: RecurringSchedule, cron: CronSpec | null, localDate: string): string[] {
  const weekday = weekdayOf(localDate);
  const rule = schedule.rule;
  if (rule.kind === "daily") return [schedule.time as string];
  if (rule.kind === "weekly")
    return rule.weekdays.includes(WEEKDAYS_FROM_SUNDAY[weekday]) ? [schedule.time as string] : [];
  const [, month, day] = localDate.split("-").map(Number);
  if (!cron || !cronMatchesDay(cron, month, day, weekday)) return [];
  return cron.hours.flatMap((hour) => cron.minutes.map((minute) => formatClock(hour * 60 + minute)));
}

// A recurring schedule's runs in one zone within [from, until), at most `max`.
// Runs whose wall time falls in a spring-forward gap fire at the end of the gap (several cron minutes in
// one gap collapse into one run); in a repeated hour they fire once, at the earlier instant.
function recurringRuns(schedule: RecurringSchedule, zone: string, from: number, until: number, max: number): Run[] {
  let cron: CronSpec | null = null;
  if (schedule.rule.kind === "cron") {
    const parsed = parseCron(schedule.rule.expression);
    if (!parsed.ok) throw new RangeError(parsed.error);
    cron = parsed.cron;
  } else if (!schedule.time) {
    throw new RangeError("A daily or weekly schedule needs a time");
  }
  const fromDate = utcToZoned(from, zone).date;
  let day = schedule.startDate > fromDate ? schedule.startDate : fromDate;
  let lastDay = Number.isFinite(until) ? utcToZoned(until, zone).date : addDays(day, SCAN_HORIZON_DAYS);
  if (schedule.endDate) lastDay = minDate(lastDay, schedule.endDate);
  const runs: Run[] = [];
  for (let left = daysBetween(day, lastDay); left >= 0; left--, day = addDays(day, 1)) {
    for (const time of timesOnDay(schedule, cron, day)) {
      const at = zonedToUtc(day, time, zone).getTime();
      if (at < from || (runs.length > 0 && at <= runs[runs.length - 1].at)) continue;
      if (at >= until) return runs;
      runs.push({ at, localDate: day, localTime: time });
      if (runs.length >= max) return runs;
    }
  }
  return runs;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
