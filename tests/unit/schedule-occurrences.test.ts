// Runs of each schedule kind, with recurring wall-clock times kept across DST changes.
import { describe, expect, it } from "vitest";
import { occurrences, type RecurringSchedule, type Schedule } from "@/lib/schedule";

const at = (iso: string) => new Date(iso);
const instants = (
  schedule: Schedule,
  from: string,
  options: { until?: string; max?: number; timeZones?: string[] } = {},
) =>
  occurrences(schedule, {
    from: at(from),
    until: options.until ? at(options.until) : undefined,
    max: options.max,
    timeZones: options.timeZones,
  }).map((run) => run.at.toISOString());
const recurring = (rule: RecurringSchedule["rule"], rest: Partial<RecurringSchedule> = {}): RecurringSchedule => ({
  kind: "recurring",
  rule,
  time: rule.kind === "cron" ? undefined : "09:00",
  timeZone: "Europe/Berlin",
  startDate: "2026-01-01",
  ...rest,
});

describe("recurring schedules keep their wall-clock time across DST changes", () => {
  it("daily 09:00 in Berlin across the spring change", () => {
    const runs = occurrences(recurring({ kind: "daily" }), { from: at("2026-03-27T00:00:00Z"), max: 4 });
    expect(runs.map((run) => [run.at.toISOString(), run.localDate, run.localTime, run.timeZones])).toEqual([
      ["2026-03-27T08:00:00.000Z", "2026-03-27", "09:00", ["Europe/Berlin"]],
      ["2026-03-28T08:00:00.000Z", "2026-03-28", "09:00", ["Europe/Berlin"]],
      ["2026-03-29T07:00:00.000Z", "2026-03-29", "09:00", ["Europe/Berlin"]],
      ["2026-03-30T07:00:00.000Z", "2026-03-30", "09:00", ["Europe/Berlin"]],
    ]);
  });

  it("daily 09:00 in New York across the autumn change", () => {
    expect(
      instants(recurring({ kind: "daily" }, { timeZone: "America/New_York" }), "2026-10-31T00:00:00Z", { max: 3 }),
    ).toEqual(["2026-10-31T13:00:00.000Z", "2026-11-01T14:00:00.000Z", "2026-11-02T14:00:00.000Z"]);
  });

  it("weekly Mon/Wed/Fri in New York across the spring change", () => {
    const schedule = recurring({ kind: "weekly", weekdays: ["fri", "mon", "wed"] }, { timeZone: "America/New_York" });
    expect(instants(schedule, "2026-03-01T00:00:00Z", { max: 5 })).toEqual([
      "2026-03-02T14:00:00.000Z",
      "2026-03-04T14:00:00.000Z",
      "2026-03-06T14:00:00.000Z",
      "2026-03-09T13:00:00.000Z",
      "2026-03-11T13:00:00.000Z",
    ]);
  });

  it("weekly in Sydney across its April change (southern hemisphere)", () => {
    const schedule = recurring({ kind: "weekly", weekdays: ["sat", "mon"] }, { timeZone: "Australia/Sydney" });
    expect(instants(schedule, "2026-04-03T00:00:00Z", { max: 2 })).toEqual([
      "2026-04-03T22:00:00.000Z",
      "2026-04-05T23:00:00.000Z",
    ]);
  });

  it("cron on weekdays at 09:30 in Berlin across the autumn change", () => {
    expect(
      instants(recurring({ kind: "cron", expression: "30 9 * * 1-5" }), "2026-10-23T00:00:00Z", { max: 2 }),
    ).toEqual(["2026-10-23T07:30:00.000Z", "2026-10-26T08:30:00.000Z"]);
  });

  it("cron times in the spring-forward gap fire once, at the end of the gap", () => {
    const ny = { timeZone: "America/New_York" };
    expect(
      instants(recurring({ kind: "cron", expression: "30 2 * * *" }, ny), "2026-03-07T00:00:00Z", { max: 3 }),
    ).toEqual(["2026-03-07T07:30:00.000Z", "2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z"]);
    expect(
      instants(recurring({ kind: "cron", expression: "*/30 2-3 * * *" }, ny), "2026-03-08T00:00:00Z", { max: 3 }),
    ).toEqual(["2026-03-08T07:00:00.000Z", "2026-03-08T07:30:00.000Z", "2026-03-09T06:00:00.000Z"]);
  });

  it("cron times in the repeated hour fire once, at the earlier instant", () => {
    const schedule = recurring({ kind: "cron", expression: "30 1 * * *" }, { timeZone: "America/New_York" });
    expect(instants(schedule, "2026-11-01T00:00:00Z", { max: 2 })).toEqual([
      "2026-11-01T05:30:00.000Z",
      "2026-11-02T06:30:00.000Z",
    ]);
  });

  it("finds a rare cron years ahead (February 29th)", () => {
    const leapDay = recurring({ kind: "cron", expression: "0 9 29 2 *" }, { timeZone: "UTC" });
    // Without `until` the scan stops after SCAN_HORIZON_DAYS (about five years); with one it goes to `until`.
    expect(instants(leapDay, "2026-03-01T00:00:00Z", { max: 2 })).toEqual(["2028-02-29T09:00:00.000Z"]);
    expect(instants(leapDay, "2026-03-01T00:00:00Z", { max: 2, until: "2040-01-01T00:00:00Z" })).toEqual([
      "2028-02-29T09:00:00.000Z",
      "2032-02-29T09:00:00.000Z",
    ]);
  });
});

describe("windows and bounds", () => {
  const daily = recurring(
    { kind: "daily" },
    { timeZone: "Asia/Shanghai", startDate: "2026-05-10", endDate: "2026-05-12" },
  );

  it("starts on the start date and stops after the (inclusive) end date", () => {
    expect(instants(daily, "2026-01-01T00:00:00Z", { max: 10 })).toEqual([
      "2026-05-10T01:00:00.000Z",
      "2026-05-11T01:00:00.000Z",
      "2026-05-12T01:00:00.000Z",
    ]);
  });

  it("includes `from`, excludes `until` and honours max", () => {
    expect(instants(daily, "2026-05-11T01:00:00Z", { until: "2026-05-12T01:00:00Z" })).toEqual([
      "2026-05-11T01:00:00.000Z",
    ]);
    expect(instants(daily, "2026-05-11T01:00:01Z")).toEqual(["2026-05-12T01:00:00.000Z"]);
    expect(instants(daily, "2026-01-01T00:00:00Z", { max: 1 })).toEqual(["2026-05-10T01:00:00.000Z"]);
    expect(instants(daily, "2026-01-01T00:00:00Z", { max: 0 })).toEqual([]);
  });
});

describe("one-off and device-local schedules", () => {
  it("'now' runs at `from`", () => {
    const [run] = occurrences({ kind: "now" }, { from: at("2026-05-01T12:34:56Z") });
    expect(run).toEqual({ at: at("2026-05-01T12:34:56Z"), localDate: "2026-05-01", localTime: "12:34", timeZones: [] });
  });

  it("'at' runs once when inside the window", () => {
    const schedule: Schedule = { kind: "at", date: "2026-07-15", time: "09:00", timeZone: "Asia/Kolkata" };
    expect(instants(schedule, "2026-07-01T00:00:00Z")).toEqual(["2026-07-15T03:30:00.000Z"]);
    expect(instants(schedule, "2026-07-15T03:30:01Z")).toEqual([]);
  });

  it("'localTime' runs once per distinct instant, zones sharing an offset together", () => {
    const runs = occurrences(
      { kind: "localTime", date: "2026-07-15", time: "09:00" },
      {
        from: at("2026-07-14T00:00:00Z"),
        timeZones: ["Europe/Paris", "Asia/Shanghai", "Europe/Berlin", "Pacific/Pago_Pago"],
      },
    );
    expect(runs.map((run) => [run.at.toISOString(), run.timeZones])).toEqual([
      ["2026-07-15T01:00:00.000Z", ["Asia/Shanghai"]],
      ["2026-07-15T07:00:00.000Z", ["Europe/Berlin", "Europe/Paris"]],
      ["2026-07-15T20:00:00.000Z", ["Pacific/Pago_Pago"]],
    ]);
  });

  it("device-local recurring runs per zone, interleaved in time order", () => {
    const schedule = recurring({ kind: "daily" }, { timeZone: "local", startDate: "2026-07-15" });
    const runs = occurrences(schedule, {
      from: at("2026-07-14T00:00:00Z"),
      max: 4,
      timeZones: ["America/New_York", "Asia/Kathmandu"],
    });
    expect(runs.map((run) => [run.at.toISOString(), run.localDate, run.timeZones[0]])).toEqual([
      ["2026-07-15T03:15:00.000Z", "2026-07-15", "Asia/Kathmandu"],
      ["2026-07-15T13:00:00.000Z", "2026-07-15", "America/New_York"],
      ["2026-07-16T03:15:00.000Z", "2026-07-16", "Asia/Kathmandu"],
      ["2026-07-16T13:00:00.000Z", "2026-07-16", "America/New_York"],
    ]);
  });

  it("refuses to guess device zones or run an invalid rule", () => {
    expect(() =>
      occurrences({ kind: "localTime", date: "2026-07-15", time: "09:00" }, { from: at("2026-07-01T00:00:00Z") }),
    ).toThrow("Pass timeZones");
    expect(() =>
      occurrences(recurring({ kind: "cron", expression: "0 9 * *" }), { from: at("2026-07-01T00:00:00Z") }),
    ).toThrow("5 fields");
    expect(() =>
      occurrences(recurring({ kind: "daily" }, { time: undefined }), { from: at("2026-07-01T00:00:00Z") }),
    ).toThrow("needs a time");
  });
});
