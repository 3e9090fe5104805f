// Waves: one per distinct instant, past local times, quiet-hour holds and recurring runs.
import { describe, expect, it } from "vitest";
import { planWaves, type Schedule, type WaveOptions } from "@/lib/schedule";

const audience = {
  "Europe/Berlin": 100,
  "Europe/Paris": 50,
  "Asia/Shanghai": 200,
  "Asia/Kolkata": 30,
  "Asia/Kathmandu": 5,
  "America/New_York": 300,
  "Australia/Sydney": 40,
  "Pacific/Pago_Pago": 7,
  "": 10, // devices without a time zone: the app's zone
  "Mars/Olympus": 3, // an unknown zone reported by a device: the app's zone
};
const nineLocal: Schedule = { kind: "localTime", date: "2026-07-15", time: "09:00" };
const base: WaveOptions = {
  now: new Date("2026-07-14T20:00:00Z"),
  appTimeZone: "Europe/Berlin",
  respectQuietHours: false,
};
const night = { start: 22 * 60, end: 8 * 60 };
const summary = (schedule: Schedule, options: Partial<WaveOptions> = {}, people: Record<string, number> = audience) =>
  planWaves(schedule, people, { ...base, ...options }).waves.map((wave) => [
    wave.at.toISOString(),
    wave.timeZones,
    wave.devices,
    `${wave.heldForQuietHours ? "held" : ""}${wave.late ? "late" : ""}`,
  ]);

describe("localTime 09:00 across eight zones", () => {
  it("sends one wave per distinct instant; Berlin, Paris and app-zone devices share one", () => {
    expect(summary(nineLocal)).toEqual([
      ["2026-07-14T23:00:00.000Z", ["Australia/Sydney"], 40, ""],
      ["2026-07-15T01:00:00.000Z", ["Asia/Shanghai"], 200, ""],
      ["2026-07-15T03:15:00.000Z", ["Asia/Kathmandu"], 5, ""],
      ["2026-07-15T03:30:00.000Z", ["Asia/Kolkata"], 30, ""],
      ["2026-07-15T07:00:00.000Z", ["", "Europe/Berlin", "Europe/Paris", "Mars/Olympus"], 163, ""],
      ["2026-07-15T13:00:00.000Z", ["America/New_York"], 300, ""],
      ["2026-07-15T20:00:00.000Z", ["Pacific/Pago_Pago"], 7, ""],
    ]);
  });

  const lateNow = { now: new Date("2026-07-15T05:00:00Z") };

  it("by default sends zones whose 09:00 has passed immediately, marked late", () => {
    const plan = planWaves(nineLocal, audience, { ...base, ...lateNow });
    expect(plan.pastLocalTime).toBe("sendNow");
    expect(plan.skipped).toEqual({ timeZones: [], devices: 0 });
    expect(summary(nineLocal, lateNow)).toEqual([
      [
        "2026-07-15T05:00:00.000Z",
        ["Asia/Kathmandu", "Asia/Kolkata", "Asia/Shanghai", "Australia/Sydney"],
        275,
        "late",
      ],
      ["2026-07-15T07:00:00.000Z", ["", "Europe/Berlin", "Europe/Paris", "Mars/Olympus"], 163, ""],
      ["2026-07-15T13:00:00.000Z", ["America/New_York"], 300, ""],
      ["2026-07-15T20:00:00.000Z", ["Pacific/Pago_Pago"], 7, ""],
    ]);
  });

  it("can skip those zones, reporting them", () => {
    const plan = planWaves(nineLocal, audience, { ...base, ...lateNow, pastLocalTime: "skip" });
    expect(plan.pastLocalTime).toBe("skip");
    expect(plan.skipped).toEqual({
      timeZones: ["Asia/Kathmandu", "Asia/Kolkata", "Asia/Shanghai", "Australia/Sydney"],
      devices: 275,
    });
    expect(plan.waves.map((wave) => wave.devices)).toEqual([163, 300, 7]);
  });

  it("can move them to the same local time the next day", () => {
    expect(summary(nineLocal, { ...lateNow, pastLocalTime: "nextDay" }).slice(-5)).toEqual([
      ["2026-07-15T20:00:00.000Z", ["Pacific/Pago_Pago"], 7, ""],
      ["2026-07-15T23:00:00.000Z", ["Australia/Sydney"], 40, ""],
      ["2026-07-16T01:00:00.000Z", ["Asia/Shanghai"], 200, ""],
      ["2026-07-16T03:15:00.000Z", ["Asia/Kathmandu"], 5, ""],
      ["2026-07-16T03:30:00.000Z", ["Asia/Kolkata"], 30, ""],
    ]);
  });

  it("treats a time that passed within the grace period as on time", () => {
    const plan = planWaves(nineLocal, { "Asia/Shanghai": 1 }, { ...base, now: new Date("2026-07-15T01:00:30Z") });
    expect(plan.waves).toEqual([
      {
        at: new Date("2026-07-15T01:00:30Z"),
        timeZones: ["Asia/Shanghai"],
        devices: 1,
        heldForQuietHours: false,
        late: false,
      },
    ]);
    const later = planWaves(nineLocal, { "Asia/Shanghai": 1 }, { ...base, now: new Date("2026-07-15T01:01:01Z") });
    expect(later.waves[0].late).toBe(true);
  });

  it("ignores zones with no devices and rejects an unknown app zone", () => {
    expect(summary(nineLocal, {}, { "Asia/Shanghai": 0, "Europe/Berlin": 2 })).toEqual([
      ["2026-07-15T07:00:00.000Z", ["Europe/Berlin"], 2, ""],
    ]);
    expect(() => planWaves(nineLocal, audience, { ...base, appTimeZone: "Nowhere/Town" })).toThrow(
      'Unknown app time zone "Nowhere/Town"',
    );
  });

  it("follows each zone's DST on the day (New York and Berlin in January)", () => {
    const winter: Schedule = { kind: "localTime", date: "2026-01-15", time: "09:00" };
    expect(
      summary(
        winter,
        { now: new Date("2026-01-01T00:00:00Z") },
        { "Europe/Berlin": 1, "America/New_York": 1, "Australia/Sydney": 1 },
      ),
    ).toEqual([
      ["2026-01-14T22:00:00.000Z", ["Australia/Sydney"], 1, ""],
      ["2026-01-15T08:00:00.000Z", ["Europe/Berlin"], 1, ""],
      ["2026-01-15T14:00:00.000Z", ["America/New_York"], 1, ""],
    ]);
  });
});

describe("quiet hours", () => {
  const nowAt = { now: new Date("2026-07-15T21:00:00Z") };
  const people = {
    "Europe/Berlin": 10,
    "Europe/Paris": 5,
    "America/New_York": 20,
    "Asia/Shanghai": 30,
    "Australia/Sydney": 4,
    "Pacific/Pago_Pago": 1,
  };

  it("holds promotions per zone until local quiet hours end, splitting the audience", () => {
    expect(summary({ kind: "now" }, { ...nowAt, respectQuietHours: true, quietHours: night }, people)).toEqual([
      ["2026-07-15T21:00:00.000Z", ["America/New_York", "Pacific/Pago_Pago"], 21, ""],
      ["2026-07-15T22:00:00.000Z", ["Australia/Sydney"], 4, "held"],
      ["2026-07-16T00:00:00.000Z", ["Asia/Shanghai"], 30, "held"],
      ["2026-07-16T06:00:00.000Z", ["Europe/Berlin", "Europe/Paris"], 15, "held"],
    ]);
  });

  it("sends breaking news to everyone at once", () => {
    expect(summary({ kind: "now" }, { ...nowAt, respectQuietHours: false, quietHours: night }, people)).toEqual([
      [
        "2026-07-15T21:00:00.000Z",
        ["America/New_York", "Asia/Shanghai", "Australia/Sydney", "Europe/Berlin", "Europe/Paris", "Pacific/Pago_Pago"],
        70,
        "",
      ],
    ]);
  });

  it("holds a fixed-zone send where it lands at night", () => {
    const at: Schedule = { kind: "at", date: "2026-07-16", time: "09:00", timeZone: "Europe/Berlin" };
    expect(
      summary(
        at,
        { ...nowAt, respectQuietHours: true, quietHours: night },
        { "Europe/Berlin": 1, "America/New_York": 2 },
      ),
    ).toEqual([
      ["2026-07-16T07:00:00.000Z", ["Europe/Berlin"], 1, ""],
      ["2026-07-16T12:00:00.000Z", ["America/New_York"], 2, "held"],
    ]);
  });

  it("holds a local 07:00 send to 08:00 in every zone", () => {
    const seven: Schedule = { kind: "localTime", date: "2026-07-16", time: "07:00" };
    expect(
      summary(
        seven,
        { ...nowAt, respectQuietHours: true, quietHours: night },
        { "Asia/Kolkata": 1, "Europe/Berlin": 2 },
      ),
    ).toEqual([
      ["2026-07-16T02:30:00.000Z", ["Asia/Kolkata"], 1, "held"],
      ["2026-07-16T06:00:00.000Z", ["Europe/Berlin"], 2, "held"],
    ]);
  });
});

describe("one-off fixed-zone sends", () => {
  const people = { "Asia/Shanghai": 3, "America/New_York": 4, "": 1 };

  it("sends 'at' in one wave for every zone, and catches up late when the time has passed", () => {
    const at: Schedule = { kind: "at", date: "2026-07-15", time: "09:00", timeZone: "Asia/Shanghai" };
    expect(summary(at, {}, people)).toEqual([
      ["2026-07-15T01:00:00.000Z", ["", "America/New_York", "Asia/Shanghai"], 8, ""],
    ]);
    expect(summary(at, { now: new Date("2026-07-15T02:00:00Z") }, people)).toEqual([
      ["2026-07-15T02:00:00.000Z", ["", "America/New_York", "Asia/Shanghai"], 8, "late"],
    ]);
    const skipped = planWaves(at, people, { ...base, now: new Date("2026-07-15T02:00:00Z"), pastLocalTime: "skip" });
    expect(skipped).toMatchObject({ waves: [], skipped: { devices: 8 }, pastLocalTime: "skip" });
  });

  it("sends 'now' at the planning instant", () => {
    expect(summary({ kind: "now" }, {}, people)).toEqual([
      ["2026-07-14T20:00:00.000Z", ["", "America/New_York", "Asia/Shanghai"], 8, ""],
    ]);
  });
});

describe("recurring schedules plan their next run", () => {
  const now = { now: new Date("2026-07-15T05:00:00Z") };
  const people = { "Asia/Shanghai": 3, "America/New_York": 4 };

  it("in a fixed zone: one wave, unless quiet hours hold some zones", () => {
    const daily: Schedule = {
      kind: "recurring",
      rule: { kind: "daily" },
      time: "09:00",
      timeZone: "Europe/Berlin",
      startDate: "2026-07-01",
    };
    expect(summary(daily, now, people)).toEqual([
      ["2026-07-15T07:00:00.000Z", ["America/New_York", "Asia/Shanghai"], 7, ""],
    ]);
    expect(summary(daily, { ...now, respectQuietHours: true, quietHours: night }, people)).toEqual([
      ["2026-07-15T07:00:00.000Z", ["Asia/Shanghai"], 3, ""],
      ["2026-07-15T12:00:00.000Z", ["America/New_York"], 4, "held"],
    ]);
  });

  it("in each device's zone: the next local 09:00 per zone", () => {
    const local: Schedule = {
      kind: "recurring",
      rule: { kind: "daily" },
      time: "09:00",
      timeZone: "local",
      startDate: "2026-07-01",
    };
    expect(summary(local, now, people)).toEqual([
      ["2026-07-15T13:00:00.000Z", ["America/New_York"], 4, ""],
      ["2026-07-16T01:00:00.000Z", ["Asia/Shanghai"], 3, ""],
    ]);
  });

  it("reports zones with no run left as skipped", () => {
    const ended: Schedule = {
      kind: "recurring",
      rule: { kind: "daily" },
      time: "09:00",
      timeZone: "local",
      startDate: "2026-07-01",
      endDate: "2026-07-15",
    };
    const plan = planWaves(ended, people, { ...base, ...now });
    expect(plan.waves.map((wave) => wave.timeZones)).toEqual([["America/New_York"]]);
    expect(plan.skipped).toEqual({ timeZones: ["Asia/Shanghai"], devices: 3 });
  });
});

describe("every zone", () => {
  // How long this takes is measured by `npm run bench:schedule` (bench/RESULTS.md), not asserted here.
  it("plans a localTime campaign over every zone Intl knows, each device in exactly one wave", () => {
    const everyZone = Object.fromEntries(Intl.supportedValuesOf("timeZone").map((zone) => [zone, 1]));
    const plan = planWaves(nineLocal, everyZone, { ...base, respectQuietHours: true, quietHours: night });
    expect(plan.waves.reduce((sum, wave) => sum + wave.devices, 0)).toBe(Object.keys(everyZone).length);
    expect(new Set(plan.waves.flatMap((wave) => wave.timeZones)).size).toBe(Object.keys(everyZone).length);
  });
});
