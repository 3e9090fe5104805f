// A/B comparison of a campaign's variants: open rates, a two-proportion z-test of the best variant
// against each other one, and the winner once every such test is significant.
import { proportion, twoProportionZTest } from "@/lib/analytics/stats";
import type { VariantComparison } from "@/lib/analytics/types";

export const SIGNIFICANCE_LEVEL = 0.05;

// `basis` is each variant's open-rate denominator (receipts or sends, see funnel.ts). Null with fewer than two
// variants.
export function compareVariants(
  variants: Array<{ key: string; sent: number; basis: number; opened: number }>,
  alpha = SIGNIFICANCE_LEVEL,
): VariantComparison | null {
  if (variants.length < 2) return null;
  const rows = variants.map((v) => ({ ...v, openRate: proportion(v.opened, v.basis) }));
  const ranked = [...rows]
    .filter((v) => v.openRate !== null)
    .sort((a, b) => b.openRate! - a.openRate! || a.key.localeCompare(b.key));
  const best = ranked[0];
  const tests = best
    ? rows
        .filter((v) => v.key !== best.key)
        .map((v) => ({ a: best.key, b: v.key, ...twoProportionZTest(best.opened, best.basis, v.opened, v.basis) }))
    : [];
  // A variant without any denominator cannot lose a test, so there is no winner until every variant has data.
  const decided =
    best !== undefined && ranked.length === rows.length && tests.every((t) => t.pValue < alpha && t.z > 0);
  return { variants: rows, tests, winner: decided ? best.key : null, significanceLevel: alpha };
}
