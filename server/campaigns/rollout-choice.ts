// Which variant an A/B roll-out sends to the rest: the one significantly better on the metric than every
// other (the same z-tests as the report, server/analytics/ab.ts), else what the fallback rule says.
// Pure, so unit tests import it directly.
import type { RolloutDecision, RolloutFallback, RolloutMetric } from "@/lib/campaigns/rollout";
import { compareVariants, SIGNIFICANCE_LEVEL } from "@/server/analytics/ab";

export interface VariantCounts {
  key: string;
  sent: number;
  opened: number;
  clicked: number;
  // Devices that reported the campaign's goal event within its window (the "goal" metric).
  converted: number;
}

const successes = (v: VariantCounts, metric: RolloutMetric) =>
  metric === "clicked" ? v.clicked : metric === "goal" ? v.converted : v.opened;

export interface RolloutStanding {
  // The variant ahead on the metric (ties: the first key), null before any variant was sent.
  leader: string | null;
  significant: boolean;
  // The largest p-value of the leader's tests against the others (null without data).
  pValue: number | null;
  significanceLevel: number;
  rates: Record<string, number | null>;
}

export function standing(variants: VariantCounts[], metric: RolloutMetric): RolloutStanding {
  const comparison = compareVariants(
    variants.map((v) => ({
      key: v.key,
      sent: v.sent,
      basis: v.sent,
      opened: successes(v, metric),
    })),
  );
  const rates = Object.fromEntries((comparison?.variants ?? []).map((v) => [v.key, v.openRate]));
  const ranked = (comparison?.variants ?? [])
    .filter((v) => v.openRate !== null)
    .sort((a, b) => b.openRate! - a.openRate! || a.key.localeCompare(b.key));
  const tests = comparison?.tests ?? [];
  return {
    leader: ranked[0]?.key ?? null,
    significant: comparison?.winner != null,
    pValue: tests.length ? Math.max(...tests.map((t) => t.pValue)) : null,
    significanceLevel: comparison?.significanceLevel ?? SIGNIFICANCE_LEVEL,
    rates,
  };
}

// The automatic decision when the wait ends: null when the rule is to wait for a click.
export function chooseWinner(
  variants: VariantCounts[],
  metric: RolloutMetric,
  fallback: RolloutFallback,
): { winner: string; decision: RolloutDecision } | null {
  const keys = variants.map((v) => v.key).sort();
  const now = standing(variants, metric);
  if (now.significant && now.leader) return { winner: now.leader, decision: "significant" };
  if (fallback === "leader") return { winner: now.leader ?? keys[0]!, decision: "leader" };
  if (fallback === "first_variant") return { winner: keys[0]!, decision: "first_variant" };
  return null;
}
