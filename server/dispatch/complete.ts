// Closing the books: a wave is done when it is fully fanned out and every batch is done; a run is done
// when all its waves are; then a one-off campaign completes and a recurring one plans its next run.
// Also the dispatcher's own state changes (pause on errors), audited as "dispatcher".
import "server-only";
import type { Schedule } from "@/lib/schedule";
import { isCredentialChannel } from "@/lib/channels";
import { recordCredentialError } from "@/server/apps/credentials";
import { writeAudit } from "@/server/audit/write";
import { planRun, writeRunWaves } from "@/server/campaigns/plan";
import { db } from "@/server/db";
import { log } from "@/server/log";
import { sqlPool } from "@/server/sql";
import { DISPATCH_CHANNEL } from "@/server/wake";
import { forgetCampaign } from "./campaign-context";

export const dispatcherActor = { id: null, email: "dispatcher" } as const;

// What else happens when a wave has been sent (the worker adds SMS signalling's scheduling here, so
// dispatch need not know about SMS). A listener's failure is logged and never keeps a wave open.
const waveDoneListeners: Array<(waveId: string) => Promise<unknown>> = [];
export function onWaveDone(listener: (waveId: string) => Promise<unknown>): void {
  if (!waveDoneListeners.includes(listener)) waveDoneListeners.push(listener);
}

// Marks the wave done if nothing of it is left to send; then closes its run. Safe to call any time.
export async function closeWaveIfDone(waveId: string): Promise<void> {
  const { rows } = await sqlPool().query<{ campaignId: string; run: number }>(
    `update "CampaignWave" w set state = 'done'
      where w.id = $1 and w.state = 'queued'
        and not exists (select 1 from "DispatchBatch" b where b."waveId" = w.id and b.state <> 'done')
      returning w."campaignId", w.run`,
    [waveId],
  );
  if (!rows[0]) return;
  for (const listener of waveDoneListeners) {
    await listener(waveId).catch((error) => log.warn({ err: error, waveId }, "wave-done step failed"));
  }
  await closeRunIfDone(rows[0].campaignId, rows[0].run);
}

async function closeRunIfDone(campaignId: string, run: number) {
  const { rows } = await sqlPool().query<{ open: number }>(
    `select count(*)::int as open
       from "CampaignWave" where "campaignId" = $1 and run = $2 and state not in ('done', 'cancelled')`,
    [campaignId, run],
  );
  if (rows[0]!.open > 0) return;
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      id: true,
      appId: true,
      state: true,
      currentRun: true,
      schedule: true,
      type: true,
      breaking: true,
      expression: true,
      testDevicesOnly: true,
      rolloutTestPercent: true,
      rolloutWinnerKey: true,
      segment: { select: { expression: true } },
      app: { select: { timezone: true, quietHoursStart: true, quietHoursEnd: true } },
    },
  });
  if (!campaign || campaign.state !== "sending" || campaign.currentRun !== run) return;
  // An A/B roll-out whose test phase went out waits, still sending, for its winner (server/campaigns/rollout.ts).
  if (campaign.rolloutTestPercent !== null && campaign.rolloutWinnerKey === null) return;
  const schedule = campaign.schedule as unknown as Schedule;
  if (schedule.kind === "recurring") {
    const lastDue = await db.campaignWave.aggregate({ where: { campaignId, run }, _max: { dueAt: true } });
    const after = new Date(Math.max(Date.now(), (lastDue._max.dueAt?.getTime() ?? 0) + 1000));
    const waves = await planRun(
      { ...campaign, expression: campaign.segment?.expression ?? campaign.expression, schedule },
      after,
      undefined,
      0,
    );
    if (waves.length) {
      await db.$transaction(async (tx) => {
        const moved = await tx.campaign.updateMany({
          where: { id: campaignId, currentRun: run, state: "sending" },
          data: { currentRun: run + 1, firstWaveAt: waves[0]!.at },
        });
        if (moved.count) await writeRunWaves(tx, campaignId, run + 1, waves);
      });
      forgetCampaign(campaignId);
      return;
    }
  }
  await db.$transaction(async (tx) => {
    const done = await tx.campaign.updateMany({
      where: { id: campaignId, state: "sending", currentRun: run },
      data: { state: "completed", completedAt: new Date() },
    });
    if (done.count)
      await writeAudit(tx, dispatcherActor, {
        action: "campaigns.complete",
        targetType: "Campaign",
        targetId: campaignId,
        appId: campaign.appId,
        diff: { state: ["sending", "completed"], runs: run + 1 },
      });
  });
  forgetCampaign(campaignId);
}

// The dispatcher pauses a campaign it cannot continue (provider configuration, too many errors).
// With `credential`, the app's provider credential records the error too (the app page shows it).
export async function pauseCampaignForDispatch(
  campaignId: string,
  reason: string,
  credential?: { appId: string; channel: string },
): Promise<boolean> {
  if (credential && isCredentialChannel(credential.channel))
    await recordCredentialError(credential.appId, credential.channel, reason);
  const paused = await db.$transaction(async (tx) => {
    const current = await tx.campaign.findUnique({ where: { id: campaignId }, select: { state: true, appId: true } });
    if (!current || (current.state !== "sending" && current.state !== "scheduled")) return false;
    const moved = await tx.campaign.updateMany({
      where: { id: campaignId, state: current.state },
      data: { state: "paused", pausedReason: reason.slice(0, 500) },
    });
    if (!moved.count) return false;
    await writeAudit(tx, dispatcherActor, {
      action: "campaigns.pause",
      targetType: "Campaign",
      targetId: campaignId,
      appId: current.appId,
      diff: { state: [current.state, "paused"], reason },
    });
    return true;
  });
  forgetCampaign(campaignId);
  return paused;
}

// Wakes every worker (after a resume, or new waves).
export async function wakeDispatchers(): Promise<void> {
  await sqlPool().query(`select pg_notify($1, 'wake')`, [DISPATCH_CHANNEL]);
}
