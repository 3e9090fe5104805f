// The worker's housekeeping job (`dispatch_maintenance`, server/jobs/tasks.ts, every minute) run by
// graphile-worker itself (runOnce) against rows seeded as a crash or a race leaves them (issue 13, item 20):
// a wave whose last batch finished while its fan-out was still marking it is closed and its campaign
// completes; a cancelled campaign's batch handed back after the cancel is suppressed and a wave its
// fan-out held during the cancel is cancelled; rate buckets idle for
// over a day go; expired inbox messages go. Rows that must stay are seeded next to each and checked too.
import { Logger, quickAddJob, runOnce } from "graphile-worker";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { cancelCampaign } from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { registerChannel } from "@/server/dispatch/channel-registry";
import { claimBatches } from "@/server/dispatch/claim-batches";
import { readDispatchConfig } from "@/server/dispatch/config";
import { claimDueWave, fanOutStep } from "@/server/dispatch/fanout";
import { reserveTokens } from "@/server/dispatch/rate-limit";
import { deleteExpiredInbox } from "@/server/inbox/expire";
import { addMaintenanceStep, taskList } from "@/server/jobs/tasks";
import { sqlPool } from "@/server/sql";
import { campaignInput, deliveryCounts, insertDevices, sendCampaign, sendingStandIn } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

const query = async <R extends Record<string, unknown>>(text: string, values?: unknown[]) =>
  (await sqlPool().query<R>(text, values)).rows;
const config = { ...readDispatchConfig(), workerId: "housekeeping-test", firstChunk: 100, chunk: 100 };

let editor: StaffUser;
let admin: StaffUser;

beforeAll(async () => {
  [editor, admin] = await Promise.all([createUser("editor"), createUser("admin")]);
  // Fan-out routes to registered channels only; nothing is sent in this file (no dispatcher runs).
  registerChannel({ ...sendingStandIn("fcm"), requiresCredential: false });
  // As the worker's entry registers it (server/jobs/worker.ts).
  addMaintenanceStep("inbox.expire", () => deleteExpiredInbox());
});

// A campaign to `devices` devices, fanned out by the real fan-out code (no dispatcher runs in this file):
// its wave is queued and its batches pending.
async function fannedOut(devices: number) {
  const { app } = await createApp();
  await insertDevices(app.id, devices);
  const campaignId = await sendCampaign(editor, campaignInput(app.id));
  const wave = await claimDueWave(config);
  expect(wave?.campaignId).toBe(campaignId);
  while ((await fanOutStep(wave!, config, false)) === "more");
  return { appId: app.id, campaignId, waveId: wave!.id };
}

const waveState = async (waveId: string) =>
  (await db.campaignWave.findUniqueOrThrow({ where: { id: BigInt(waveId) } })).state;
const campaignRow = (id: string) =>
  db.campaign.findUniqueOrThrow({
    where: { id },
    select: { state: true, sentCount: true, queuedCount: true, suppressedCount: true },
  });

// Queues the housekeeping job and lets graphile-worker run it once, as the crontab does every minute.
async function runMaintenance() {
  const connectionString = process.env.DATABASE_URL!;
  await quickAddJob({ connectionString }, "dispatch_maintenance", {});
  await runOnce({
    connectionString,
    noHandleSignals: true,
    logger: new Logger(() => () => undefined),
    taskList: taskList({ smsSenderFor: async () => null }),
  });
  // The job succeeded: graphile-worker deleted it rather than keeping it with an error for a retry.
  expect(
    await query(`select last_error from graphile_worker.jobs where task_identifier = 'dispatch_maintenance'`),
  ).toEqual([]);
}

describe("the housekeeping job", () => {
  it("closes stale waves, finishes cancels, drops idle rate buckets and expired inbox messages", async () => {
    // Stale wave: every batch finished (the last one's close ran while fan-out still held the wave), the wave
    // stayed queued and the campaign sending.
    const stale = await fannedOut(120);
    await query(`update "Delivery" set status = 'sent', "sentAt" = now() where "campaignId" = $1`, [stale.campaignId]);
    await query(`update "DispatchBatch" set state = 'done', "doneAt" = now() where "campaignId" = $1`, [
      stale.campaignId,
    ]);
    await query(`update "Campaign" set "sentCount" = 120, "queuedCount" = 0 where id = $1`, [stale.campaignId]);
    // Still sending: a wave with pending batches, which maintenance must leave alone.
    const busy = await fannedOut(80);

    // Cancelled while a worker held its batches: the cancel skips claimed batches; the worker's send then
    // handed them back (a transient failure puts a batch back to pending).
    const cancelled = await fannedOut(150);
    const claimed = await claimBatches(config, 100);
    const [batches] = await query<{ n: number }>(
      `select count(*)::int as n from "DispatchBatch" where "campaignId" = $1`,
      [cancelled.campaignId],
    );
    expect(claimed.filter((b) => b.campaignId === cancelled.campaignId).length).toBe(batches!.n);
    expect(await cancelCampaign.runAs(admin, { campaignId: cancelled.campaignId })).toMatchObject({ ok: true });
    expect(await deliveryCounts(cancelled.campaignId)).toEqual({ queued: 150 });
    await query(
      `update "DispatchBatch" set state = 'pending', "leaseUntil" = null, "leasedBy" = null
        where "leasedBy" = $1`,
      [config.workerId],
    );

    // Cancelled while a fan-out step held its wave (the step's transaction locks the wave row): the cancel
    // skips the wave, and the step's worker died before it could finish the cancel itself.
    const heldApp = await createApp();
    await insertDevices(heldApp.app.id, 30);
    const heldCampaign = await sendCampaign(editor, campaignInput(heldApp.app.id));
    const heldWave = await claimDueWave(config);
    expect(heldWave?.campaignId).toBe(heldCampaign);
    const held = { campaignId: heldCampaign, waveId: heldWave!.id };
    const step = await sqlPool().connect();
    try {
      await step.query("begin");
      await step.query(`select 1 from "CampaignWave" where id = $1 for update`, [held.waveId]);
      expect(await cancelCampaign.runAs(admin, { campaignId: held.campaignId })).toMatchObject({ ok: true });
    } finally {
      await step.query("rollback");
      step.release();
    }

    // Rate buckets: one idle for two days, one used now.
    const idleKey = `campaign:idle-${stale.campaignId}`;
    const liveKey = `campaign:live-${stale.campaignId}`;
    await reserveTokens(sqlPool(), idleKey, 10, 600);
    await reserveTokens(sqlPool(), liveKey, 10, 600);
    await query(`update "RateBucket" set "updatedAt" = now() - interval '2 days' where key = $1`, [idleKey]);

    // Inbox: expired an hour ago, expiring tomorrow, never expiring.
    const [device] = await query<{ id: string }>(`select id from "Device" where "appId" = $1 limit 1`, [busy.appId]);
    const inbox = async (expiresAt: string | null) =>
      (
        await query<{ id: string }>(
          `insert into "InboxMessage" ("appId", "deviceId", "campaignId", payload, "expiresAt")
           values ($1, $2, $3, '{"title":"t"}', now() at time zone 'UTC' + $4::interval) returning id::text`,
          [busy.appId, device!.id, busy.campaignId, expiresAt],
        )
      )[0]!.id;
    const expired = await inbox("-1 hour");
    const current = await inbox("1 day");
    const forever = await inbox(null);

    // Before the job: the rows as a crash or a race left them.
    expect(await waveState(stale.waveId)).toBe("queued");
    expect((await campaignRow(stale.campaignId)).state).toBe("sending");
    expect(
      await query(`select 1 from "DispatchBatch" where "campaignId" = $1 and state = 'pending'`, [
        cancelled.campaignId,
      ]),
    ).not.toEqual([]);
    expect(await waveState(held.waveId)).toBe("fanning_out");

    await runMaintenance();

    // The stale wave is closed and its campaign completed, audited as the dispatcher.
    expect(await waveState(stale.waveId)).toBe("done");
    expect(await campaignRow(stale.campaignId)).toMatchObject({ state: "completed", sentCount: 120, queuedCount: 0 });
    expect(
      await db.auditLog.count({
        where: { targetId: stale.campaignId, action: "campaigns.complete", actorEmail: "dispatcher" },
      }),
    ).toBe(1);
    // The busy campaign is untouched.
    expect(await waveState(busy.waveId)).toBe("queued");
    expect((await campaignRow(busy.campaignId)).state).toBe("sending");
    expect(await deliveryCounts(busy.campaignId)).toEqual({ queued: 80 });
    // The cancel is finished: nothing of it is left to send, and the counters say so.
    expect(await deliveryCounts(cancelled.campaignId)).toEqual({ "suppressed:cancelled": 150 });
    expect(await waveState(cancelled.waveId)).toBe("cancelled");
    expect(
      await query(`select state::text from "DispatchBatch" where "campaignId" = $1 and state <> 'done'`, [
        cancelled.campaignId,
      ]),
    ).toEqual([]);
    expect(await campaignRow(cancelled.campaignId)).toMatchObject({
      state: "cancelled",
      queuedCount: 0,
      suppressedCount: 150,
    });
    expect(await waveState(held.waveId)).toBe("cancelled");
    expect((await campaignRow(held.campaignId)).state).toBe("cancelled");
    // Only the idle bucket went.
    expect(
      (await query<{ key: string }>(`select key from "RateBucket" where key = any($1)`, [[idleKey, liveKey]])).map(
        (row) => row.key,
      ),
    ).toEqual([liveKey]);
    // Only the expired message went.
    expect(
      (
        await query<{ id: string }>(`select id::text from "InboxMessage" where id = any($1::bigint[]) order by id`, [
          [expired, current, forever],
        ])
      ).map((row) => row.id),
    ).toEqual([current, forever]);
  });
});
