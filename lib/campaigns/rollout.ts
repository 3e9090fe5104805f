// An A/B winner roll-out as the composer sends it and the campaign page shows it: the variants go to a
// test share of the audience first, and after a wait the winner (by a metric, with the significance of
// server/analytics/ab.ts) goes to the rest; when no variant is significantly better, the fallback rule
// decides. The metric is the open rate, the click rate, or the campaign's conversion goal (only when the
// campaign names one: rolloutGoalIssue).
import { z } from "zod";

export const rolloutMetrics = ["opened", "clicked", "goal"] as const;
export type RolloutMetric = (typeof rolloutMetrics)[number];
export const rolloutFallbacks = ["leader", "first_variant", "wait"] as const;
export type RolloutFallback = (typeof rolloutFallbacks)[number];
export const rolloutDecisions = ["significant", "leader", "first_variant", "manual"] as const;
export type RolloutDecision = (typeof rolloutDecisions)[number];

export const rolloutShare = { min: 5, max: 50 } as const;
// From 15 minutes to 7 days.
export const rolloutWaitMinutes = { min: 15, max: 7 * 24 * 60 } as const;

export const rolloutInput = z
  .object({
    testPercent: z
      .number("rolloutShareRange")
      .int("rolloutShareRange")
      .min(rolloutShare.min, "rolloutShareRange")
      .max(rolloutShare.max, "rolloutShareRange"),
    waitMinutes: z
      .number("rolloutWaitRange")
      .int("rolloutWaitRange")
      .min(rolloutWaitMinutes.min, "rolloutWaitRange")
      .max(rolloutWaitMinutes.max, "rolloutWaitRange"),
    metric: z.enum(rolloutMetrics).default("opened"),
    fallback: z.enum(rolloutFallbacks).default("leader"),
  })
  .strict();

export type RolloutInput = z.output<typeof rolloutInput>;

// The goal metric needs the campaign's conversion goal: the message key of the field error on
// campaign.rollout.metric, or null when the roll-out is fine as it is.
export function rolloutGoalIssue(
  rollout: { metric?: RolloutMetric } | undefined,
  goal: { event: string } | undefined,
): "rolloutGoalNeedsGoal" | null {
  return rollout?.metric === "goal" && !goal ? "rolloutGoalNeedsGoal" : null;
}

// Where a roll-out stands: waiting for its test phase to go out, testing (the wait runs), waiting for a
// click (the wait ended with no clear winner and the rule says wait), or the winner is going out / went out.
export type RolloutPhase = "scheduled" | "testing" | "awaiting_choice" | "winner";

// One variant's test-phase numbers as the campaign page shows them.
export interface RolloutVariantStats {
  key: string;
  sent: number;
  opened: number;
  clicked: number;
  // Test-share devices that reported the goal event within the window (0 without a goal).
  converted: number;
  // The metric's rate over sends (null before anything was sent).
  rate: number | null;
  // Sends in the winner phase (the winner's only).
  winnerSent: number;
}

export interface RolloutView {
  testPercent: number;
  waitMinutes: number;
  metric: RolloutMetric;
  // The campaign's goal event (for the goal metric's label), null without a goal.
  goalEvent: string | null;
  fallback: RolloutFallback;
  phase: RolloutPhase;
  decideAt: string | null;
  winnerKey: string | null;
  decision: RolloutDecision | null;
  decidedAt: string | null;
  decidedBy: string | null;
  variants: RolloutVariantStats[];
  // The leader on the metric and whether it is significantly better than every other variant.
  leader: string | null;
  significant: boolean;
  pValue: number | null;
  significanceLevel: number;
  // True when staff may send a variant to the rest now (the test phase went out, nothing decided).
  canDecide: boolean;
}
