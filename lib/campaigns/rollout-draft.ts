// The composer's A/B roll-out fields as typed (lib/campaigns/draft.ts holds them under `rollout`), and
// their way to and from what the server takes (lib/campaigns/rollout.ts).
import type { RolloutFallback, RolloutMetric } from "./rollout";

export type WaitUnit = "minutes" | "hours" | "days";
const unitMinutes: Record<WaitUnit, number> = { minutes: 1, hours: 60, days: 1440 };

export interface RolloutDraft {
  enabled: boolean;
  share: string;
  wait: string;
  waitUnit: WaitUnit;
  metric: RolloutMetric;
  fallback: RolloutFallback;
}

// Off, with the usual settings ready: 20 % for 4 hours, by open rate, the leader when it is unclear.
export const blankRollout = (): RolloutDraft => ({
  enabled: false,
  share: "20",
  wait: "4",
  waitUnit: "hours",
  metric: "opened",
  fallback: "leader",
});

type Stored = { testPercent: number; waitMinutes: number; metric?: RolloutMetric; fallback?: RolloutFallback };

export function rolloutDraftFrom(stored: Stored | undefined): RolloutDraft {
  if (!stored) return blankRollout();
  const unit: WaitUnit = stored.waitMinutes % 1440 === 0 ? "days" : stored.waitMinutes % 60 === 0 ? "hours" : "minutes";
  return {
    enabled: true,
    share: String(stored.testPercent),
    wait: String(stored.waitMinutes / unitMinutes[unit]),
    waitUnit: unit,
    metric: stored.metric ?? "opened",
    fallback: stored.fallback ?? "leader",
  };
}

const number = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));

// The roll-out the server takes, or nothing (off, or a single variant).
export function rolloutValues(rollout: RolloutDraft, variants: number): { rollout?: Stored } {
  if (!rollout.enabled || variants < 2) return {};
  return {
    rollout: {
      testPercent: number(rollout.share),
      waitMinutes: Math.round(number(rollout.wait) * unitMinutes[rollout.waitUnit]),
      metric: rollout.metric,
      fallback: rollout.fallback,
    },
  };
}
