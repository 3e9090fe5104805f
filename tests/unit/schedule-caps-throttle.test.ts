// Frequency caps with local day/ISO-week windows, and expected wave timing under a send rate.
import { describe, expect, it } from "vitest";
import { capDecision, capWindows, throttleWaves } from "@/lib/schedule";

const windows = (instant: string, zone: string) => {
  const { day, week } = capWindows(new Date(instant), zone);
  return [day.start, day.end, week.start, week.end].map((date) => date.toISOString());
};

describe("capDecision", () => {
  it("allows below both caps and names the cap reached, the daily one first", () => {
    expect(capDecision({ sentToday: 0, sentThisWeek: 0 }, { perDay: 1, perWeek: 3 })).toEqual({ allowed: true });
    expect(capDecision({ sentToday: 1, sentThisWeek: 1 }, { perDay: 1, perWeek: 3 })).toEqual({
      allowed: false,
      reason: "cap_day",
    });
    expect(capDecision({ sentToday: 0, sentThisWeek: 3 }, { perDay: 1, perWeek: 3 })).toEqual({
      allowed: false,
      reason: "cap_week",
    });
    expect(capDecision({ sentToday: 2, sentThisWeek: 5 }, { perDay: 1, perWeek: 3 })).toEqual({
      allowed: false,
      reason: "cap_day",
    });
    expect(capDecision({ sentToday: 1, sentThisWeek: 2 }, { perDay: 2, perWeek: 3 })).toEqual({ allowed: true });
  });

  it("treats a missing cap as unlimited and a zero cap as never", () => {
    expect(capDecision({ sentToday: 50, sentThisWeek: 300 }, {})).toEqual({ allowed: true });
    expect(capDecision({ sentToday: 50, sentThisWeek: 2 }, { perDay: null, perWeek: 3 })).toEqual({ allowed: true });
    expect(capDecision({ sentToday: 0, sentThisWeek: 0 }, { perDay: 0 })).toEqual({
      allowed: false,
      reason: "cap_day",
    });
  });
});

describe("capWindows", () => {
  it("gives the local day and the ISO week starting Monday", () => {
    expect(windows("2026-07-15T12:00:00Z", "Europe/Berlin")).toEqual([
      "2026-07-14T22:00:00.000Z",
      "2026-07-15T22:00:00.000Z",
      "2026-07-12T22:00:00.000Z",
      "2026-07-19T22:00:00.000Z",
    ]);
    // Exactly Monday 00:00 local starts a new day and week.
    expect(windows("2026-07-12T22:00:00Z", "Europe/Berlin")[2]).toBe("2026-07-12T22:00:00.000Z");
    expect(windows("2026-07-12T21:59:59Z", "Europe/Berlin")[2]).toBe("2026-07-05T22:00:00.000Z");
  });

  it("has 23-hour and 25-hour days and short and long weeks across DST", () => {
    // Berlin, Sunday 2026-03-29 (spring forward): the day is 23 h, Sunday stays in the week from Monday 23rd.
    expect(windows("2026-03-29T12:00:00Z", "Europe/Berlin")).toEqual([
      "2026-03-28T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
      "2026-03-22T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
    ]);
    // New York, Sunday 2026-11-01 (fall back): the day is 25 h.
    expect(windows("2026-11-01T12:00:00Z", "America/New_York")).toEqual([
      "2026-11-01T04:00:00.000Z",
      "2026-11-02T05:00:00.000Z",
      "2026-10-26T04:00:00.000Z",
      "2026-11-02T05:00:00.000Z",
    ]);
  });

  it("counts by each device's own calendar on either side of the date line", () => {
    expect(windows("2026-07-01T10:30:00Z", "Pacific/Kiritimati").slice(0, 2)).toEqual([
      "2026-07-01T10:00:00.000Z",
      "2026-07-02T10:00:00.000Z",
    ]);
    expect(windows("2026-07-01T10:30:00Z", "Pacific/Pago_Pago").slice(0, 2)).toEqual([
      "2026-06-30T11:00:00.000Z",
      "2026-07-01T11:00:00.000Z",
    ]);
    expect(windows("2026-07-01T10:30:00Z", "Asia/Kathmandu").slice(0, 2)).toEqual([
      "2026-06-30T18:15:00.000Z",
      "2026-07-01T18:15:00.000Z",
    ]);
  });
});

describe("throttleWaves", () => {
  const t0 = Date.parse("2026-07-15T07:00:00Z");
  const waves = [
    { at: new Date(t0), devices: 1000 },
    { at: new Date(t0 + 60_000), devices: 500 },
    { at: new Date(t0 + 3_600_000), devices: 100 },
  ];
  const timing = (rate: number | null) =>
    throttleWaves(waves, rate).map((wave) => [wave.startsAt.getTime() - t0, wave.finishesAt.getTime() - t0]);

  it("queues waves behind earlier ones still sending at the given rate", () => {
    expect(timing(600)).toEqual([
      [0, 100_000],
      [100_000, 150_000],
      [3_600_000, 3_610_000],
    ]);
  });

  it("finishes each wave as it starts without a limit, keeps wave fields, and sorts by time", () => {
    expect(timing(null)).toEqual([
      [0, 0],
      [60_000, 60_000],
      [3_600_000, 3_600_000],
    ]);
    const [first] = throttleWaves(
      [
        { at: new Date(t0 + 5), devices: 1, label: "b" },
        { at: new Date(t0), devices: 1, label: "a" },
      ],
      7,
    );
    expect(first.label).toBe("a");
    expect(first.finishesAt.getTime() - t0).toBe(8572); // 1/7 of a minute, rounded up to the millisecond
  });

  it("rejects a rate that is not positive", () => {
    expect(() => throttleWaves(waves, 0)).toThrow("maxPerMinute must be positive, got 0");
    expect(() => throttleWaves(waves, Number.NaN)).toThrow("must be positive");
  });
});
