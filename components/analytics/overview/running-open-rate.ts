// The overview trend's open-rate line as the open rate to date: opens so far ÷ receipts (or sends)
// so far. Counters land on the day they happen, so a day's own ratio compares the day's opens with
// the day's receipts and tops 100% the day after a big send; the running ratio ends at the range's
// open rate. It needs one basis for the whole range; with a mix of bases (channels with and without
// receipts) the per-day rates are kept as they come.
import type { Overview } from "@/lib/analytics/types";

export function runningOpenRate(overview: Pick<Overview, "trend" | "totals">): {
  points: Overview["trend"];
  running: boolean;
} {
  if (overview.totals.openRateBasisMixed) return { points: overview.trend, running: false };
  const basis = overview.totals.openRateBasis;
  let opened = 0;
  let denominator = 0;
  const points = overview.trend.map((point) => {
    opened += point.opened;
    denominator += basis === "received" ? point.received : point.sent;
    return { ...point, openRate: denominator > 0 ? opened / denominator : null };
  });
  return { points, running: true };
}
