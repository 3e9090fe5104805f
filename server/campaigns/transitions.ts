// What a campaign's lifecycle change means for dispatch, done in the same transaction as the change:
// scheduling writes the first run's waves, editing a scheduled campaign drops them, cancelling stops
// every wave and batch that has not gone out (their deliveries are counted as suppressed: cancelled).
// Dispatch is downstream of campaigns: it imports this module (fan-out and maintenance cancel through
// cancelDispatch), never the other way round; the wake-up goes through server/wake.
import "server-only";
import type { CampaignState } from "@/lib/campaigns/state";
import type { Schedule } from "@/lib/schedule";
import { markRollupDirtySql } from "@/server/analytics/dirty";
import type { Tx } from "@/server/db";
import { DISPATCH_CHANNEL } from "@/server/wake";
import { planRun, writeRunWaves } from "./plan";

export interface TransitionCampaign {
  id: string;
  appId: string;
  type: "news" | "announcement" | "promotion";
  breaking: boolean;
  expression: string | null;
  segment?: { expression: string } | null;
  testDevicesOnly: boolean;
  schedule: unknown;
  currentRun: number;
  app: { timezone: string; quietHoursStart: number | null; quietHoursEnd: number | null };
}

// Stops what has not been sent yet; idempotent (the maintenance task calls it again for stragglers).
// A wave a fan-out step holds right now is skipped (waiting for it would deadlock: the step takes the
// campaign row last); the step sees the campaign cancelled and calls this again, as does maintenance.
export async function cancelDispatch(tx: Tx, campaignId: string): Promise<number> {
  await tx.$executeRaw`update "CampaignWave" set state = 'cancelled', "leaseUntil" = null, "leasedBy" = null
    where id in (select id from "CampaignWave" where "campaignId" = ${campaignId}::uuid and state in ('pending', 'fanning_out', 'queued') for update skip locked)`;
  const suppressed = await tx.$executeRaw`
    update "Delivery" d set status = 'suppressed', reason = 'cancelled', "updatedAt" = now()
      from "DispatchBatch" b
     where d."batchId" = b.id and b."campaignId" = ${campaignId}::uuid and b.state = 'pending' and d.status = 'queued'`;
  await tx.$executeRaw`update "DispatchBatch" set state = 'done', "doneAt" = now() where "campaignId" = ${campaignId}::uuid and state = 'pending'`;
  if (suppressed) {
    await tx.$executeRaw`update "Campaign" set "queuedCount" = "queuedCount" - ${suppressed}, "suppressedCount" = "suppressedCount" + ${suppressed} where id = ${campaignId}::uuid`;
    await tx.$executeRawUnsafe(markRollupDirtySql, [campaignId]);
  }
  return suppressed;
}

// Applies the dispatch side of `from` -> `to` for `campaign` (inside the caller's transaction).
export async function onCampaignTransition(tx: Tx, campaign: TransitionCampaign, from: CampaignState, to: CampaignState, zones?: Record<string, number>) {
  if (to === "scheduled" && (from === "draft" || from === "pending_approval")) {
    const now = new Date();
    const expression = campaign.segment?.expression ?? campaign.expression;
    const waves = await planRun({ ...campaign, expression, schedule: campaign.schedule as Schedule }, now, zones);
    await tx.campaignWave.deleteMany({ where: { campaignId: campaign.id, state: "pending" } });
    await writeRunWaves(tx, campaign.id, campaign.currentRun, waves);
    await tx.campaign.update({ where: { id: campaign.id }, data: { firstWaveAt: waves[0]?.at ?? now } });
  } else if (to === "draft" && from === "scheduled") {
    await tx.campaignWave.deleteMany({ where: { campaignId: campaign.id, state: "pending" } });
  } else if (to === "cancelled") {
    await cancelDispatch(tx, campaign.id);
  }
  if (to === "scheduled" || to === "sending") await tx.$executeRaw`select pg_notify(${DISPATCH_CHANNEL}, 'wake')`;
}
