// Short ranges are charted per minute: a breaking alert sent over three minutes is three bars, not
// the one bar of its hour.
import { describe, expect, it } from "vitest";
import { bucketSeries, granularityFor } from "@/server/analytics/series";

const at = (iso: string, sent = 0, opened = 0) => ({ hour: new Date(iso), sent, received: 0, opened, clicked: 0 });

describe("minute buckets", () => {
  it("are chosen for ranges of up to three hours", () => {
    expect(granularityFor(new Date("2026-01-01T10:00:00Z"), new Date("2026-01-01T12:00:00Z"))).toBe("minute");
    expect(granularityFor(new Date("2026-01-01T10:00:00Z"), new Date("2026-01-01T13:00:00Z"))).toBe("minute");
    expect(granularityFor(new Date("2026-01-01T10:00:00Z"), new Date("2026-01-01T14:00:00Z"))).toBe("hour");
  });

  it("put a three-minute send in three bars, zero-filled across the range", () => {
    const rows = [at("2026-01-01T10:07:00Z", 40), at("2026-01-01T10:08:00Z", 35, 2), at("2026-01-01T10:09:00Z", 25, 4)];
    const range = { from: new Date("2026-01-01T10:00:00Z"), to: new Date("2026-01-01T11:00:00Z") };
    const series = bucketSeries(rows, "Asia/Shanghai", granularityFor(range.from, range.to), range);
    expect(series).toHaveLength(60);
    expect(series.filter((p) => p.sent > 0).map((p) => [p.at, p.sent, p.opened])).toEqual([
      ["2026-01-01T10:07:00.000Z", 40, 0],
      ["2026-01-01T10:08:00.000Z", 35, 2],
      ["2026-01-01T10:09:00.000Z", 25, 4],
    ]);
    expect(series[0]!.at).toBe("2026-01-01T10:00:00.000Z");
    expect(series[1]!.at).toBe("2026-01-01T10:01:00.000Z");
  });
});
