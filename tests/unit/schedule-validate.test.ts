// Schedule validation: formats, zones, rules, date order, and times in the past (with a grace period).
import { describe, expect, it } from "vitest";
import { validateSchedule, type RecurringSchedule, type Schedule } from "@/lib/schedule";

const now = new Date("2026-07-15T12:00:00Z");
const check = (schedule: Schedule, graceSeconds?: number) => validateSchedule(schedule, { now, graceSeconds });
const codes = (schedule: Schedule) => check(schedule).map((issue) => `${issue.field}:${issue.code}`);
const daily = (rest: Partial<RecurringSchedule> = {}): RecurringSchedule => ({
  kind: "recurring",
  rule: { kind: "daily" },
  time: "09:00",
  timeZone: "Europe/Berlin",
  startDate: "2026-07-01",
  ...rest,
});

describe("one-off schedules", () => {
  it("accepts now and future times", () => {
    expect(check({ kind: "now" })).toEqual([]);
    expect(check({ kind: "at", date: "2026-07-16", time: "09:00", timeZone: "Europe/Berlin" })).toEqual([]);
    expect(check({ kind: "localTime", date: "2026-07-16", time: "09:00" })).toEqual([]);
  });

  it("rejects a time in the past, allowing a 60-second grace by default", () => {
    expect(check({ kind: "at", date: "2026-07-15", time: "13:00", timeZone: "Europe/Berlin" })).toEqual([
      { field: "time", code: "in_past", message: "2026-07-15 13:00 has already passed in Europe/Berlin" },
    ]);
    expect(check({ kind: "at", date: "2026-07-15", time: "11:59", timeZone: "UTC" })).toEqual([]);
    expect(codes({ kind: "at", date: "2026-07-15", time: "11:58", timeZone: "UTC" })).toEqual(["time:in_past"]);
    expect(check({ kind: "at", date: "2026-07-15", time: "11:55", timeZone: "UTC" }, 600)).toEqual([]);
  });

  it("rejects a device-local time only once it has passed in every zone", () => {
    // 2026-07-15 00:00 at UTC-12 is 12:00Z: still ahead somewhere.
    expect(check({ kind: "localTime", date: "2026-07-15", time: "00:00" })).toEqual([]);
    expect(check({ kind: "localTime", date: "2026-07-14", time: "23:00" })).toEqual([
      { field: "time", code: "in_past", message: "2026-07-14 23:00 has already passed in every time zone" },
    ]);
  });

  it("explains malformed dates, times and zones", () => {
    expect(check({ kind: "at", date: "2026-02-30", time: "9:00", timeZone: "Mars/Olympus" })).toEqual([
      { field: "date", code: "invalid_date", message: 'Enter a real calendar date as YYYY-MM-DD (got "2026-02-30")' },
      { field: "time", code: "invalid_time", message: 'Enter a 24-hour time as HH:MM, 00:00 to 23:59 (got "9:00")' },
      {
        field: "timeZone",
        code: "unknown_time_zone",
        message: 'Unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Berlin',
      },
    ]);
    expect(codes({ kind: "localTime", date: "15/07/2026", time: "24:00" })).toEqual([
      "date:invalid_date",
      "time:invalid_time",
    ]);
  });

  it("rejects an unknown kind", () => {
    expect(codes({ kind: "sometime" } as unknown as Schedule)).toEqual(["kind:unknown_kind"]);
  });
});

describe("recurring schedules", () => {
  it("accepts daily, weekly, cron and device-local schedules", () => {
    expect(check(daily())).toEqual([]);
    expect(check(daily({ rule: { kind: "weekly", weekdays: ["mon", "fri"] }, timeZone: "local" }))).toEqual([]);
    expect(
      check(daily({ rule: { kind: "cron", expression: "0 9 * * 1-5" }, time: undefined, endDate: "2026-12-31" })),
    ).toEqual([]);
  });

  it("rejects an end date before the start date", () => {
    expect(check(daily({ startDate: "2026-08-10", endDate: "2026-08-01" }))).toEqual([
      {
        field: "endDate",
        code: "end_before_start",
        message: "The end date 2026-08-01 is before the start date 2026-08-10",
      },
    ]);
  });

  it("explains bad cron expressions and misplaced or missing times", () => {
    expect(check(daily({ rule: { kind: "cron", expression: "0 25 * * *" }, time: undefined }))).toEqual([
      { field: "rule", code: "invalid_cron", message: "hour: 25 is out of range 0-23" },
    ]);
    expect(codes(daily({ rule: { kind: "cron", expression: "0 9 * * *" } }))).toEqual(["time:unexpected_time"]);
    expect(codes(daily({ time: undefined }))).toEqual(["time:missing_time"]);
    expect(codes(daily({ time: "25:00" }))).toEqual(["time:invalid_time"]);
  });

  it("explains bad weekdays, zones, dates and rules", () => {
    expect(codes(daily({ rule: { kind: "weekly", weekdays: [] } }))).toEqual(["rule:invalid_weekdays"]);
    expect(codes(daily({ rule: { kind: "weekly", weekdays: ["monday" as "mon"] } }))).toEqual([
      "rule:invalid_weekdays",
    ]);
    expect(codes(daily({ timeZone: "Europe/Atlantis" }))).toEqual(["timeZone:unknown_time_zone"]);
    expect(codes(daily({ startDate: "2026-13-01", endDate: "soon" }))).toEqual([
      "startDate:invalid_date",
      "endDate:invalid_date",
    ]);
    expect(codes(daily({ rule: { kind: "hourly" } as unknown as RecurringSchedule["rule"] }))).toEqual([
      "rule:unknown_kind",
    ]);
  });

  it("rejects a schedule whose end date has passed or that never runs", () => {
    expect(check(daily({ endDate: "2026-07-14" }))).toEqual([
      { field: "endDate", code: "in_past", message: "The end date 2026-07-14 has already passed" },
    ]);
    // 2026-07-21 is a Tuesday: a Monday-only rule never fires between these dates.
    expect(
      check(daily({ rule: { kind: "weekly", weekdays: ["mon"] }, startDate: "2026-07-21", endDate: "2026-07-21" })),
    ).toEqual([
      { field: "rule", code: "no_runs", message: "This schedule never runs between its start and end dates" },
    ]);
    // Device-local: 2026-07-15 09:00 is still ahead at UTC-12, so a schedule ending today is fine.
    expect(check(daily({ timeZone: "local", endDate: "2026-07-15" }))).toEqual([]);
  });
});
