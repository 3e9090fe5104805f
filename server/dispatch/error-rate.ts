// When a campaign pauses itself for errors: on the recent failure rate (final outcomes decayed with a
// time constant, kept on the Campaign row by recordingCountersSql in campaign-tx.ts), not the share
// over the whole campaign, which a long healthy start keeps under the threshold however bad the rest
// goes. Pure, so the reason text and the threshold are unit-tested.
import type { DispatchConfig } from "./config";

export interface RecentOutcomes {
  sent: number;
  failed: number;
}

// The reason to pause with, or null to carry on.
export function errorPauseReason(
  recent: RecentOutcomes,
  config: Pick<DispatchConfig, "errorPauseRate" | "errorMinAttempts" | "errorWindowMs">,
): string | null {
  const total = recent.sent + recent.failed;
  if (total < config.errorMinAttempts || total <= 0) return null;
  const rate = recent.failed / total;
  if (rate < config.errorPauseRate) return null;
  return (
    `Paused automatically: ${Math.round(rate * 100)}% of recent deliveries failed ` +
    `(about ${Math.round(recent.failed)} of ${Math.round(total)} in the last ` +
    `${Math.round(config.errorWindowMs / 1000)} s; ` +
    `threshold ${Math.round(config.errorPauseRate * 100)}%).`
  );
}
