// Several worker processes on one PostgreSQL (issue 13, items 19 and 20): real `npm run worker`
// processes (scripts/worker.ts) send through firebase-admin to the fake FCM server. Three workers share
// one campaign through the batch leases and every device is sent exactly once; a worker stopped with
// SIGSTOP inside its provider calls loses its leases to another worker and, resumed with SIGCONT, records
// nothing a second time (its late answers find their rows already final), re-sends bounded by its batches.
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { fcmMaxBatch } from "@/server/dispatch/providers/fcm/provider";
import { sqlPool } from "@/server/sql";
import { startFakeFcm, type FakeFcm } from "../fakes/fcm/server";
import { campaignInput, sendCampaign, waitForState } from "../support/dispatch";
import { fakeFcmWorkerEnv, seedFcmApp, waitUntil } from "../support/dispatch-fcm";
import { createUser } from "../support/fixtures";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

// Leases short enough for a test to wait one out, long enough that a live worker on a loaded machine (a shared
// 2-core box ran these at load 25) still renews in time; and a provider deadline no answer from the loopback
// fake misses: a timed-out call is retried (the sender cannot know it arrived), a re-send this file does not
// count on. A worker reclaiming its own batch after missing a renewal would be a re-send too.
const concurrency = 4;
const dispatchEnv = (leaseSeconds: number) => ({
  HERALD_DISPATCH_LEASE_SECONDS: String(leaseSeconds),
  HERALD_DISPATCH_CONCURRENCY: String(concurrency),
  HERALD_DISPATCH_POLL_MS: "200",
  HERALD_FCM_TIMEOUT_MS: "120000",
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const query = async <R extends Record<string, unknown>>(text: string, values?: unknown[]) =>
  (await sqlPool().query<R>(text, values)).rows;

let fake: FakeFcm;
let admin: StaffUser;
let editor: StaffUser;
const workers: WorkerProcess[] = [];

function startWorker(leaseSeconds: number) {
  const worker = startWorkerProcess(process.env.DATABASE_URL!, fakeFcmWorkerEnv(fake, dispatchEnv(leaseSeconds)));
  workers.push(worker);
  return worker;
}

// The worker id (DispatchBatch.leasedBy) is host:pid:random; a batch keeps the id of the worker that finished it.
const pidOf = (leasedBy: string | null) => (leasedBy ? Number(leasedBy.split(":").at(-2)) : null);

async function batchesByWorker(campaignId: string) {
  const rows = await query<{ leasedBy: string | null; state: string; n: number; attempts: number; lastError: string }>(
    `select "leasedBy", state::text, count(*)::int as n, max(attempts) as attempts, max("lastError") as "lastError"
       from "DispatchBatch" where "campaignId" = $1 group by 1, 2`,
    [campaignId],
  );
  const byPid = new Map<number | null, number>();
  for (const row of rows) byPid.set(pidOf(row.leasedBy), (byPid.get(pidOf(row.leasedBy)) ?? 0) + row.n);
  return { rows, byPid };
}

// Per campaign: Delivery rows, devices, rows per status, the counters and inbox copies.
async function tally(campaignId: string) {
  const [row] = await query<{
    rows: number;
    devices: number;
    sent: number;
    sentCount: number;
    queuedCount: number;
    inbox: number;
    inboxDevices: number;
  }>(
    `select (select count(*)::int from "Delivery" where "campaignId" = $1) as rows,
            (select count(distinct "deviceId")::int from "Delivery" where "campaignId" = $1) as devices,
            (select count(*)::int from "Delivery" where "campaignId" = $1 and status = 'sent') as sent,
            c."sentCount", c."queuedCount",
            (select count(*)::int from "InboxMessage" where "campaignId" = $1) as inbox,
            (select count(distinct "deviceId")::int from "InboxMessage" where "campaignId" = $1) as "inboxDevices"
       from "Campaign" c where c.id = $1`,
    [campaignId],
  );
  return row!;
}

beforeAll(async () => {
  fake = await startFakeFcm();
  [admin, editor] = await Promise.all([createUser("admin"), createUser("editor")]);
});

const stopWorkers = async () => {
  // A stopped process cannot act on SIGKILL's exit until it runs again: continue it first.
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGCONT");
  await Promise.all(workers.map((worker) => worker.kill("SIGKILL")));
  workers.length = 0;
};

beforeEach(async () => {
  await stopWorkers();
  await fake.reset();
});

afterAll(async () => {
  await stopWorkers();
  await fake?.close();
});

describe("several worker processes on one database", () => {
  it("three workers send one campaign together: every device once, every worker took batches", async () => {
    const devices = 12_000;
    // A round trip per call, as a real push service has: no worker can drain the queue before the others look.
    await fake.configure({ latencyMs: 50 });
    const running = [startWorker(15), startWorker(15), startWorker(15)];
    const { app } = await seedFcmApp(admin, devices, "w");
    await Promise.all(running.map((worker) => worker.ready));
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    let seen: unknown = null;
    onTestFailed(() => console.error(`[workers] ${JSON.stringify(seen)}`));
    await waitForState(campaignId, "completed", 120_000);

    const stats = await fake.stats();
    const { rows, byPid } = await batchesByWorker(campaignId);
    seen = { stats, rows };
    // Exactly once at the push service, one final row per device, counters and inbox copies once.
    expect(stats).toMatchObject({ accepted: devices, distinctTokens: devices, duplicateTokens: 0 });
    expect(await tally(campaignId)).toEqual({
      rows: devices,
      devices,
      sent: devices,
      sentCount: devices,
      queuedCount: 0,
      inbox: devices,
      inboxDevices: devices,
    });
    expect(rows.every((row) => row.state === "done")).toBe(true);
    // Each worker process finished some of the campaign's batches, and no other process did.
    for (const worker of running) expect(byPid.get(worker.pid) ?? 0).toBeGreaterThan(0);
    expect([...byPid.keys()].sort()).toEqual(running.map((worker) => worker.pid).sort());
    console.log(
      `[workers] ${devices} devices, ${rows.reduce((sum, row) => sum + row.n, 0)} batches finished by pid: ` +
        JSON.stringify(Object.fromEntries(byPid)),
    );
  }, 180_000);

  it(
    "a worker stopped past its lease inside its provider calls and then resumed: another worker sends its " +
      "batches, nothing is recorded twice, re-sends stay within its batches",
    async () => {
      const devices = 6_000;
      // Each call takes a while, so the stopped worker is caught with requests the fake has already accepted.
      await fake.configure({ latencyMs: 400 });
      const stalled = startWorker(6);
      const { app } = await seedFcmApp(admin, devices, "s");
      await stalled.ready;
      const campaignId = await sendCampaign(editor, campaignInput(app.id, { name: "Stalled worker" }));
      const notes: Record<string, unknown> = {};
      onTestFailed(async () =>
        console.error(
          `[stall] ${JSON.stringify({
            notes,
            now: await tally(campaignId),
            fake: await fake.stats(),
            batches: (await batchesByWorker(campaignId)).rows,
          })}`,
        ),
      );

      // Stop the worker while it holds batches whose requests the fake has accepted (it is inside its provider
      // calls) and while it is not inside a transaction (a stopped process's open transaction would hold its row
      // locks: README "Running several workers"); otherwise let it run on and try again.
      const heldRows = async () =>
        query<{ batch: string; token: string }>(
          `select d."batchId"::text as batch, v.addresses->0->>'token' as token
             from "Delivery" d join "Device" v on v.id = d."deviceId" join "DispatchBatch" b on b.id = d."batchId"
            where b."campaignId" = $1 and b.state = 'claimed' and d.status = 'queued'`,
          [campaignId],
        );
      const { held, heldTokens, acceptedFromStalled } = await waitUntil(
        "the worker stopped inside its provider calls, between transactions",
        async () => {
          if (!(await heldRows()).length || (await fake.stats()).accepted === 0) return undefined;
          stalled.child.kill("SIGSTOP");
          await sleep(100);
          const [open] = await query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and state like 'idle in transaction%'`,
          );
          const rows = await heldRows();
          const tokens = new Set(rows.map((row) => row.token));
          // What the fake accepted from the stopped worker for the devices of its batches, before anyone else
          // could send them.
          const accepted = tokens.size ? (await fake.tokens({ tokens: [...tokens] })).length : 0;
          if (open!.n === 0 && accepted > 0)
            return {
              held: [...new Set(rows.map((row) => row.batch))],
              heldTokens: tokens,
              acceptedFromStalled: accepted,
            };
          stalled.child.kill("SIGCONT");
          return undefined;
        },
        { timeoutMs: 60_000, everyMs: 30 },
      );
      notes.held = held;
      notes.acceptedFromStalled = acceptedFromStalled;

      const rescuer = startWorker(6);
      await waitForState(campaignId, "completed", 120_000);
      const atCompletion = await tally(campaignId);
      // The stalled worker's batches were finished by the other one once its lease ran out.
      const finishers = await query<{ leasedBy: string | null; state: string }>(
        `select "leasedBy", state::text from "DispatchBatch" where id = any($1::bigint[])`,
        [held],
      );
      expect(finishers.map((row) => [pidOf(row.leasedBy), row.state])).toEqual(held.map(() => [rescuer.pid, "done"]));

      // Resumed: the stalled worker reads its late answers and records them; they change nothing.
      stalled.child.kill("SIGCONT");
      await sleep(3000);
      expect(stalled.child.exitCode).toBeNull();
      const afterResume = await tally(campaignId);
      notes.atCompletion = atCompletion;
      notes.afterResume = afterResume;
      const expected = {
        rows: devices,
        devices,
        sent: devices,
        sentCount: devices,
        queuedCount: 0,
        inbox: devices,
        inboxDevices: devices,
      };
      expect(atCompletion).toEqual(expected);
      expect(afterResume).toEqual(expected);
      expect(
        (await query(`select 1 from "DispatchBatch" where "campaignId" = $1 and state <> 'done'`, [campaignId])).length,
      ).toBe(0);

      // Re-sends: only devices of the batches the stopped worker held, each once more, at most a batch each.
      const duplicates = await fake.tokens({ duplicatesOnly: true });
      const stats = await fake.stats();
      notes.duplicates = duplicates.length;
      expect(stats.distinctTokens).toBe(devices);
      expect(duplicates.length).toBeLessThanOrEqual(held.length * fcmMaxBatch);
      for (const record of duplicates) {
        expect(heldTokens.has(record.token)).toBe(true);
        expect(record.accepted).toBe(2);
      }
      expect(duplicates.length).toBeGreaterThanOrEqual(acceptedFromStalled);
      console.log(
        `[stall] stopped holding ${held.length} batches (${heldTokens.size} devices, ${acceptedFromStalled} already ` +
          `accepted by the fake); the other worker completed the campaign; re-sent ${duplicates.length}; resumed ` +
          `worker recorded nothing twice`,
      );
    },
    180_000,
  );
});
