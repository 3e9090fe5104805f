// The overview's open-rate line is the open rate to date: it never jumps past 100% the day after a
// big send (opens land on later days than their receipts), ends at the range's open rate, and stays
// the per-day rate when the range mixes channels with and without receipts.
import { describe, expect, it } from "vitest";
import { runningOpenRate } from "@/components/analytics/overview/running-open-rate";
import type { Funnel, Overview } from "@/lib/analytics/types";

const day = (at: string, sent: number, received: number, opened: number, openRate: number | null) => ({
  at,
  sent,
  received,
  opened,
  clicked: 0,
  openRate,
});
const totals = (basis: Funnel["openRateBasis"], mixed = false) =>
  ({ openRateBasis: basis, openRateBasisMixed: mixed }) as Funnel;
// A send of 1,000 (800 received) on day 1, whose opens spill into day 2; nothing on day 3.
const trend = [day("d1", 1000, 800, 200, 0.25), day("d2", 0, 20, 120, 6), day("d3", 0, 0, 0, null)];

describe("runningOpenRate", () => {
  it("divides opens so far by receipts so far, ending at the range's rate", () => {
    const { points, running } = runningOpenRate({ trend, totals: totals("received") });
    expect(running).toBe(true);
    expect(points.map((p) => p.openRate)).toEqual([200 / 800, 320 / 820, 320 / 820]);
    expect(points.map((p) => p.sent)).toEqual([1000, 0, 0]);
  });

  it("divides by sends when the channels report no receipts, and is empty before the first send", () => {
    const { points } = runningOpenRate({ trend: [day("d0", 0, 0, 0, null), ...trend], totals: totals("sent") });
    expect(points.map((p) => p.openRate)).toEqual([null, 0.2, 0.32, 0.32]);
  });

  it("keeps the per-day rates when the bases are mixed", () => {
    const overview = { trend, totals: totals("received", true) } as Pick<Overview, "trend" | "totals">;
    expect(runningOpenRate(overview)).toEqual({ points: trend, running: false });
  });
});
