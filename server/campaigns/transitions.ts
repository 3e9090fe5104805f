// What a campaign's lifecycle change means for its waves and for dispatch, done in the same transaction
// as the change: scheduling writes the first run's waves (planned by the caller, see lifecycle.ts),
// editing a scheduled campaign drops them, cancelling stops every wave and batch that has not gone out
// (their deliveries are counted as suppressed: cancelled), and new due work wakes the dispatcher.
// Dispatch is downstream of campaigns: it imports this module (fan-out and maintenance cancel through
// cancelDispatch), never the other way round; the wake-up goes through server/wake.
import "server-only";
import type { CampaignState } from "@/lib/campaigns/state";
import type { Wave } from "@/lib/schedule";
import { markRollupDirtySql } from "@/server/analytics/dirty";
import type { Tx } from "@/server/db";
import { DISPATCH_CHANNEL } from "@/server/wake";
import { writeRunWaves } from "./plan";
import { planRolloutDecision } from "./rollout";

// True when going from `from` to `to` schedules a run (its waves are planned and written).
export function schedulesRun(from: CampaignState, to: CampaignState): boolean {
  return to === "scheduled" && (from === "draft" || from === "pending_approval");
}

// Stops what has not been sent yet; idempotent (the maintenance task calls it again for stragglers).
// A wave a fan-out step holds right now is skipped (waiting for it would deadlock: the step takes the
// campaign row last); the step sees the campaign cancelled and calls this again, as does maintenance.
export async function cancelDispatch(tx: Tx, campaignId: string): Promise<number> {
  await tx.$executeRaw`update "CampaignWave" set state = 'cancelled', "leaseUntil" = null, "leasedBy" = null
    where id in (select id from "CampaignWave"
                  where "campaignId" = ${campaignId}::uuid and state in ('pending', 'fanning_out', 'queued')
                    for update skip locked)`;
  const suppressed = await tx.$executeRaw`
    update "Delivery" d set status = 'suppressed', reason = 'cancelled', "updatedAt" = now()
      from "DispatchBatch" b
     where d."batchId" = b.id and b."campaignId" = ${campaignId}::uuid and b.state = 'pending' and d.status = 'queued'`;
  await tx.$executeRaw`update "DispatchBatch" set state = 'done', "doneAt" = now()
    where "campaignId" = ${campaignId}::uuid and state = 'pending'`;
  if (suppressed) {
    await tx.$executeRaw`update "Campaign"
      set "queuedCount" = "queuedCount" - ${suppressed}, "suppressedCount" = "suppressedCount" + ${suppressed}
      where id = ${campaignId}::uuid`;
    await tx.$executeRawUnsafe(markRollupDirtySql, [campaignId]);
  }
  return suppressed;
}

// Applies the wave and dispatch side of `from` -> `to` for `campaign` (inside the caller's transaction);
// `waves` are the run's planned waves when the change schedules it.
export async function onCampaignTransition(
  tx: Tx,
  campaign: { id: string; currentRun: number; rolloutTestPercent?: number | null; rolloutWaitMinutes?: number | null },
  from: CampaignState,
  to: CampaignState,
  waves: Wave[] = [],
) {
  if (schedulesRun(from, to)) {
    await tx.campaignWave.deleteMany({ where: { campaignId: campaign.id, state: "pending" } });
    // An A/B roll-out's planned waves are its test phase (server/campaigns/rollout.ts).
    const phase = await planRolloutDecision(tx, campaign, waves);
    await writeRunWaves(tx, campaign.id, campaign.currentRun, waves, { phase });
  } else if (to === "draft" && from === "scheduled") {
    await tx.campaignWave.deleteMany({ where: { campaignId: campaign.id, state: "pending" } });
  } else if (to === "cancelled") {
    await cancelDispatch(tx, campaign.id);
  }
  if (to === "scheduled" || to === "sending") await tx.$executeRaw`select pg_notify(${DISPATCH_CHANNEL}, 'wake')`;
}
