// Dispatch reliability (issue [3/4], "Reliability tests"): real worker processes (`npm run worker`'s
// entry) send through firebase-admin's real code to the fake FCM server, on a real PostgreSQL; no
// mocks. A worker killed with SIGKILL mid-send, PostgreSQL restarted mid-send, 20% of answers 503/429
// with Retry-After, 5% dead tokens, and a pause/resume: every device still ends with exactly one
// final Delivery row and is sent once, apart from the bounded re-sends each case explains.
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { pauseCampaign, resumeCampaign } from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { fcmMaxBatch } from "@/server/dispatch/providers/fcm/provider";
import { sqlPool } from "@/server/sql";
import {
  defaultBehaviour,
  faultFor,
  permanentFaultFor,
  startFakeFcm,
  type FakeBehaviour,
  type FakeFcm,
} from "../fakes/fcm/server";
import { startDedicatedPostgres } from "../support/dedicated-postgres";
import { campaignInput, deliveryCounts, sendCampaign, waitForState } from "../support/dispatch";
import { fakeFcmWorkerEnv, seedFcmApp, waitUntil } from "../support/dispatch-fcm";
import { createUser } from "../support/fixtures";
import { seedFcmCampaignIn } from "../support/seed-fcm-campaign";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

// The workers' dispatch settings: the bounds below are derived from them.
const concurrency = 8;
const leaseSeconds = 3;
const dispatchEnv = {
  HERALD_DISPATCH_LEASE_SECONDS: String(leaseSeconds),
  HERALD_DISPATCH_CONCURRENCY: String(concurrency),
  HERALD_DISPATCH_POLL_MS: "200",
};
// Fan-out cuts FCM batches at the provider's maximum (no throttle in these campaigns).
const batchSize = fcmMaxBatch;

type Query = <R extends Record<string, unknown>>(text: string, values?: unknown[]) => Promise<R[]>;
const testDb: Query = async (text, values) => (await sqlPool().query(text, values)).rows;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let fake: FakeFcm;
let admin: StaffUser;
let editor: StaffUser;
const workers: Array<{ process: WorkerProcess; log: string[] }> = [];

function startWorker(databaseUrl = process.env.DATABASE_URL!, extra: Record<string, string> = {}) {
  const worker = startWorkerProcess(databaseUrl, fakeFcmWorkerEnv(fake, { ...dispatchEnv, ...extra }));
  const log: string[] = [];
  worker.child.stdout!.on("data", (chunk: Buffer) => {
    log.push(...chunk.toString("utf8").trim().split("\n"));
    if (log.length > 100) log.splice(0, log.length - 100);
  });
  workers.push({ process: worker, log });
  return worker;
}

// What a failing case prints: the campaign's counters and rows, batches, the fake and the workers.
async function snapshot(query: Query, campaignId: string | undefined) {
  const [campaign] = campaignId
    ? await query(
        `select state::text, "pausedReason", "targetedCount", "queuedCount", "sentCount", "failedCount",
           "suppressedCount" from "Campaign" where id = $1`,
        [campaignId],
      ).catch((e: unknown) => [String(e)])
    : [];
  const deliveries = campaignId
    ? await query(
        `select status::text, reason::text, count(*)::int as n from "Delivery" where "campaignId" = $1 group by 1, 2`,
        [campaignId],
      ).catch(String)
    : [];
  const batches = campaignId
    ? await query(
        `select state::text, count(*)::int as n, max(attempts) as "maxAttempts" from "DispatchBatch"
           where "campaignId" = $1 group by 1`,
        [campaignId],
      ).catch(String)
    : [];
  const fakeStats = await fake.stats();
  const processes = workers.map(({ process, log }) => ({
    pid: process.pid,
    exit: process.child.exitCode,
    signal: process.child.signalCode,
    log: log.slice(-20),
  }));
  return { campaign, deliveries, batches, fake: fakeStats, workers: processes };
}

// What a case notes as it goes (its campaign, figures), printed with a snapshot if it fails.
interface CaseState {
  query: Query;
  campaignId?: string;
  notes: Record<string, unknown>;
}

function reportOnFailure(name: string, query: Query = testDb): CaseState {
  const state: CaseState = { query, campaignId: undefined, notes: {} };
  onTestFailed(async () => {
    console.error(
      `[reliability] ${name} failed; notes ${JSON.stringify(state.notes)}; now ` +
        `${JSON.stringify(await snapshot(state.query, state.campaignId))}`,
    );
  });
  return state;
}

// Once the worker is ready, sends the app a campaign (with the default delivery options but for the collapse
// key, if given) and notes it for the failure report.
async function sendWhenReady(state: CaseState, worker: WorkerProcess, appId: string, collapseKey?: string) {
  await worker.ready;
  const input = campaignInput(appId);
  const campaignId = await sendCampaign(
    editor,
    collapseKey ? { ...input, delivery: { ...input.delivery, collapseKey } } : input,
  );
  state.campaignId = campaignId;
  return campaignId;
}

// Every device of the app has exactly one Delivery row for the campaign, and it is final.
async function rowsPerDevice(query: Query, campaignId: string, appId: string) {
  const [row] = await query<{
    rows: number;
    devices: number;
    final: number;
    missing: number;
    byStatus: Record<string, number>;
  }>(
    `select (select count(*)::int from "Delivery" where "campaignId" = $1) as rows,
            (select count(distinct "deviceId")::int from "Delivery" where "campaignId" = $1) as devices,
            (select count(*)::int from "Delivery" where "campaignId" = $1 and status in ('sent', 'delivered', 'failed',
              'suppressed')) as final,
            (select count(*)::int from "Device" v where v."appId" = $2 and not exists (select 1 from "Delivery" d
              where d."campaignId" = $1 and d."deviceId" = v.id)) as missing,
            (select coalesce(json_object_agg(s, n), '{}') from (select status::text as s, count(*)::int as n
              from "Delivery" where "campaignId" = $1 group by 1) t) as "byStatus"`,
    [campaignId, appId],
  );
  return row!;
}

// One final row per device of the app and no other; with `byStatus`, rows with those statuses.
async function expectOneFinalRowPerDevice(
  query: Query,
  ids: { campaignId: string; appId: string },
  devices: number,
  byStatus?: Record<string, number>,
) {
  expect(await rowsPerDevice(query, ids.campaignId, ids.appId)).toMatchObject({
    rows: devices,
    devices,
    final: devices,
    missing: 0,
    ...(byStatus ? { byStatus } : {}),
  });
}

// Batches a worker (by pid, or any worker) holds right now.
async function heldBy(query: Query, campaignId: string, pid: number | null): Promise<string[]> {
  const batches = await query<{ id: string }>(
    `select id::text from "DispatchBatch" where "campaignId" = $1 and state = 'claimed' and ($2::text is null
       or "leasedBy" like $2)`,
    [campaignId, pid === null ? null : `%:${pid}:%`],
  );
  return batches.map((b) => b.id);
}

// The tokens of the devices in `batches` (a Delivery keeps its batch).
async function tokensOf(query: Query, batches: string[]): Promise<Set<string>> {
  const rows = await query<{ token: string }>(
    `select v.addresses->0->>'token' as token from "Delivery" d join "Device" v on v.id = d."deviceId"
      where d."batchId" = any($1::bigint[])`,
    [batches],
  );
  return new Set(rows.map((t) => t.token));
}

const campaignRow = (id: string) =>
  db.campaign.findUniqueOrThrow({
    where: { id },
    select: {
      state: true,
      sentCount: true,
      queuedCount: true,
      failedCount: true,
      targetedCount: true,
      pausedReason: true,
    },
  });

beforeAll(async () => {
  fake = await startFakeFcm();
  [admin, editor] = await Promise.all([createUser("admin"), createUser("editor")]);
});

const killWorkers = () => Promise.all(workers.map(({ process }) => process.kill("SIGKILL")));

// Cleanup happens before the next case rather than after each one, so that a failing case's report
// (onTestFailed runs after the afterEach hooks) still sees its workers and the fake's records.
beforeEach(async () => {
  await killWorkers();
  workers.length = 0;
  await fake.reset();
});

afterAll(async () => {
  await killWorkers();
  await fake?.close();
});

describe("dispatch reliability (worker processes, real FCM client, fake FCM)", () => {
  it(
    "a worker killed with SIGKILL at half of 100,000 devices: the next worker finishes, one final row per device, " +
      "re-sends bounded by the batches in flight, same collapse key",
    async () => {
      const devices = 100_000;
      const state = reportOnFailure("kill -9");
      const started = Date.now();
      const first = startWorker();
      const { app } = await seedFcmApp(admin, devices, "k");
      await sqlPool().query(`analyze "Device"`);
      const campaignId = await sendWhenReady(state, first, app.id, "kill-9");
      await waitUntil(
        "half the campaign sent",
        async () => ((await campaignRow(campaignId)).sentCount >= devices / 2 ? true : undefined),
        {
          timeoutMs: 150_000,
          everyMs: 25,
          describe: () => campaignRow(campaignId),
        },
      );
      await first.kill("SIGKILL");
      // A COMMIT the worker sent just before it died is still applied; let the server see the disconnect.
      await sleep(300);
      const held = await heldBy(testDb, campaignId, first.pid);
      const heldTokens = await tokensOf(testDb, held);
      const atKill = {
        sent: (await campaignRow(campaignId)).sentCount,
        fakeAccepted: (await fake.stats()).accepted,
        batchesInFlight: held.length,
      };
      state.notes = { atKill };

      startWorker();
      await waitForState(campaignId, "completed", 150_000);
      await expectOneFinalRowPerDevice(testDb, { campaignId, appId: app.id }, devices, { sent: devices });
      expect(await campaignRow(campaignId)).toMatchObject({ sentCount: devices, queuedCount: 0, failedCount: 0 });

      // Only a batch the dead worker held can have been sent without being recorded: at most
      // `concurrency` batches of `batchSize` devices, each device at most once more.
      const bound = concurrency * batchSize;
      expect(held.length).toBeLessThanOrEqual(concurrency);
      const duplicates = await fake.tokens({ duplicatesOnly: true });
      const stats = await fake.stats();
      state.notes = { atKill, duplicates: duplicates.length, bound, stats };
      expect(duplicates.length).toBeLessThanOrEqual(held.length * batchSize);
      expect(duplicates.length).toBeLessThanOrEqual(bound);
      for (const record of duplicates) {
        expect(heldTokens.has(record.token)).toBe(true);
        expect(record.accepted).toBe(2);
        expect(new Set(record.collapseKeys)).toEqual(new Set(["kill-9"]));
      }
      expect(stats.distinctTokens).toBe(devices);
      expect(stats.accepted).toBe(devices + duplicates.length);
      console.log(
        `[reliability] kill -9: ${devices} devices in ${((Date.now() - started) / 1000).toFixed(1)} s; at the kill ` +
          `${JSON.stringify(atKill)}; re-sent ${duplicates.length} (bound ${held.length} × ${batchSize}, at most ` +
          `${bound})`,
      );
    },
    300_000,
  );

  it(
    "PostgreSQL restarted mid-send (a dedicated server): the workers reconnect and finish on their own, one final " +
      "row per device",
    async () => {
      const devices = 20_000;
      const started = Date.now();
      const server = await startDedicatedPostgres();
      const query: Query = (text, values) => server.query(text, values);
      const state = reportOnFailure("PostgreSQL restart", query);
      try {
        const running = [startWorker(server.url), startWorker(server.url)];
        const { appId, campaignId } = await seedFcmCampaignIn(server.url, devices, "pg");
        state.campaignId = campaignId;
        await Promise.all(running.map((w) => w.ready));
        const sent = async () =>
          (await query<{ sentCount: number }>(`select "sentCount" from "Campaign" where id = $1`, [campaignId]))[0]!
            .sentCount;
        await waitUntil(
          "a quarter of the campaign sent",
          async () => ((await sent()) >= devices / 4 ? true : undefined),
          { timeoutMs: 60_000, everyMs: 25 },
        );
        const atStop = { sent: await sent(), fakeAccepted: (await fake.stats()).accepted };
        await server.stop();
        await sleep(2000);
        const whileDown = (await fake.stats()).accepted;
        await server.start();
        const restartedAt = Date.now();
        state.notes = { atStop, whileDown };
        await waitUntil(
          "the campaign completed",
          async () =>
            (await query<{ state: string }>(`select state::text from "Campaign" where id = $1`, [campaignId]))[0]!
              .state === "completed"
              ? true
              : undefined,
          {
            timeoutMs: 90_000,
            everyMs: 200,
            describe: () =>
              query(`select state::text, "sentCount", "queuedCount", "pausedReason" from "Campaign" where id = $1`, [
                campaignId,
              ]),
          },
        );
        const finishedMs = Date.now() - restartedAt;
        expect(atStop.sent).toBeLessThan(devices);
        // Nobody restarted a worker: both are the processes started before the restart.
        for (const worker of running)
          expect({ exit: worker.child.exitCode, signal: worker.child.signalCode }).toEqual({
            exit: null,
            signal: null,
          });
        await expectOneFinalRowPerDevice(query, { campaignId, appId }, devices, { sent: devices });
        // Answers that arrived while the database was down could not be recorded: those batches are
        // sent again after their lease, so re-sends are bounded by what both workers had in flight.
        const duplicates = await fake.tokens({ duplicatesOnly: true });
        const stats = await fake.stats();
        state.notes = { atStop, whileDown, duplicates: duplicates.length, stats };
        expect(stats.distinctTokens).toBe(devices);
        expect(duplicates.length).toBeLessThanOrEqual(running.length * concurrency * batchSize);
        for (const record of duplicates) expect(new Set(record.collapseKeys)).toEqual(new Set(["story-1"]));
        console.log(
          `[reliability] PostgreSQL restart: ${devices} devices in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
            `(server start and migration included); at the stop ${JSON.stringify(atStop)}; down 2 s; completed ` +
            `${finishedMs} ms after the restart; re-sent ${duplicates.length} (bound ${running.length} workers × ` +
            `${concurrency} × ${batchSize})`,
        );
      } catch (error) {
        // The server is gone once this case ends: what the report needs is read now.
        state.notes.final = await snapshot(query, state.campaignId).catch(String);
        throw error;
      } finally {
        await killWorkers();
        await server.destroy();
      }
    },
    180_000,
  );

  it(
    "20% of FCM answers are 503 or 429 with Retry-After: the campaign completes, every device sent (retried within " +
      "its retry window), no retry sooner than Retry-After",
    async () => {
      const devices = 5_000;
      const retryAfterSeconds = 2;
      const quotaMinMs = 2500;
      const behaviour: Partial<FakeBehaviour> = {
        rates: { QUOTA_EXCEEDED: 0.1, UNAVAILABLE: 0.1 },
        seed: 3,
        retryAfterSeconds,
        keepBodies: 50_000,
      };
      const state = reportOnFailure("503/429");
      const started = Date.now();
      await fake.configure(behaviour);
      // The provider's least wait after QUOTA_EXCEEDED is a minute; shortened here, still above Retry-After.
      const worker = startWorker(undefined, { HERALD_FCM_QUOTA_MIN_BACKOFF_MS: String(quotaMinMs) });
      const { app, tokens } = await seedFcmApp(admin, devices, "t");
      const campaignId = await sendWhenReady(state, worker, app.id);
      await waitForState(campaignId, "completed", 120_000);

      // The fake's faults are a deterministic draw per token and attempt: each device's fate is known.
      // Within the retry window (15 minutes) every device is retried until the fake accepts it.
      const full = { ...defaultBehaviour(), ...behaviour };
      const expected = new Map(
        tokens.map((token) => {
          const faults: string[] = [];
          for (;;) {
            const fault = faultFor(token, faults.length, full);
            if (!fault) break;
            faults.push(fault);
          }
          return [token, faults];
        }),
      );
      const rows = await testDb<{ token: string; status: string; attempts: number; errorCode: string | null }>(
        `select v.addresses->0->>'token' as token, d.status::text, d.attempts, d."errorCode" from "Delivery" d
         join "Device" v on v.id = d."deviceId" where d."campaignId" = $1`,
        [campaignId],
      );
      expect(rows.length).toBe(devices);
      const mismatches = rows.filter((row) => {
        const faults = expected.get(row.token)!;
        return row.status !== "sent" || row.attempts !== faults.length + 1;
      });
      state.notes = { mismatches: mismatches.slice(0, 5) };
      expect(mismatches).toEqual([]);
      await expectOneFinalRowPerDevice(testDb, { campaignId, appId: app.id }, devices);

      // Retry-After: a token's next request never reached the fake sooner than the wait asked for.
      const stats = await fake.stats();
      const bodies = await fake.bodies();
      expect(bodies.length).toBe(stats.requests);
      const times = new Map<string, number[]>();
      for (const body of bodies) if (body.token) times.set(body.token, [...(times.get(body.token) ?? []), body.at]);
      let retries = 0;
      let shortest = Number.POSITIVE_INFINITY;
      const early: Array<{ token: string; gapMs: number; after: string }> = [];
      for (const [token, at] of times) {
        const faults = expected.get(token)!;
        expect(at.length).toBe(faults.length + 1);
        for (let k = 1; k < at.length; k += 1) {
          const gap = at[k]! - at[k - 1]!;
          const needed =
            faults[k - 1] === "QUOTA_EXCEEDED"
              ? Math.max(quotaMinMs, retryAfterSeconds * 1000)
              : retryAfterSeconds * 1000;
          retries += 1;
          shortest = Math.min(shortest, gap);
          if (gap < needed) early.push({ token, gapMs: gap, after: faults[k - 1]! });
        }
      }
      const refused = (stats.errors.QUOTA_EXCEEDED ?? 0) + (stats.errors.UNAVAILABLE ?? 0);
      const mostRefusals = Math.max(...[...expected.values()].map((f) => f.length));
      state.notes = { early: early.slice(0, 5), retries, shortest, refused, mostRefusals, stats };
      expect(early).toEqual([]);
      // Every refusal was retried.
      expect(retries).toBe(refused);
      expect(refused / stats.requests).toBeGreaterThan(0.15);
      expect(refused / stats.requests).toBeLessThan(0.25);
      console.log(
        `[reliability] 503/429: ${devices} devices in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
          `${stats.requests} requests, ${refused} refused (${((refused / stats.requests) * 100).toFixed(1)}%), ` +
          `shortest retry gap ${shortest} ms (Retry-After ${retryAfterSeconds} s, quota minimum ${quotaMinMs} ms); ` +
          `at most ${mostRefusals} refusals for one device, none failed`,
      );
    },
    180_000,
  );

  it("5% UNREGISTERED tokens: those devices become invalid and the next campaign does not send to them", async () => {
    const devices = 10_000;
    const behaviour: Partial<FakeBehaviour> = { rates: { UNREGISTERED: 0.05 }, seed: 4 };
    const state = reportOnFailure("UNREGISTERED");
    const started = Date.now();
    await fake.configure(behaviour);
    const worker = startWorker();
    const { app, tokens } = await seedFcmApp(admin, devices, "u");
    const full = { ...defaultBehaviour(), ...behaviour };
    const dead = tokens.filter((token) => permanentFaultFor(token, full) === "UNREGISTERED");
    const first = await sendWhenReady(state, worker, app.id);
    await waitForState(first, "completed", 90_000);
    expect(await deliveryCounts(first)).toEqual({ sent: devices - dead.length, failed: dead.length });
    const invalid = await testDb<{ token: string }>(
      `select addresses->0->>'token' as token from "Device" where "appId" = $1 and status = 'invalid' order by 1`,
      [app.id],
    );
    expect(invalid.map((d) => d.token)).toEqual([...dead].sort());
    const codes = await testDb<{ errorCode: string; n: number }>(
      `select "errorCode", count(*)::int as n from "Delivery" where "campaignId" = $1 and status = 'failed' group by 1`,
      [first],
    );
    expect(codes).toEqual([{ errorCode: "UNREGISTERED", n: dead.length }]);

    await fake.reset();
    await fake.configure(behaviour);
    const second = await sendWhenReady(state, worker, app.id);
    await waitForState(second, "completed", 90_000);
    expect(await deliveryCounts(second)).toEqual({ sent: devices - dead.length, "suppressed:invalid": dead.length });
    const stats = await fake.stats();
    expect(await fake.tokens({ tokens: dead })).toEqual([]);
    expect(stats).toMatchObject({
      requests: devices - dead.length,
      accepted: devices - dead.length,
      duplicateTokens: 0,
    });
    expect(stats.errors).toEqual({});
    console.log(
      `[reliability] UNREGISTERED: ${dead.length} of ${devices} tokens dead ` +
        `(${((dead.length / devices) * 100).toFixed(1)}%), two campaigns in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s; the second sent to none of them`,
    );
  }, 180_000);

  it(
    "paused at ~30% and resumed: " +
      "sending stops within seconds and the campaign completes with no device sent twice",
    async () => {
      const devices = 20_000;
      const state = reportOnFailure("pause/resume");
      const started = Date.now();
      const worker = startWorker();
      const { app } = await seedFcmApp(admin, devices, "p");
      const campaignId = await sendWhenReady(state, worker, app.id, "pause");
      const sentBefore = await waitUntil(
        "30% sent",
        async () => {
          const { sentCount } = await campaignRow(campaignId);
          return sentCount >= devices * 0.3 ? sentCount : undefined;
        },
        { timeoutMs: 60_000, everyMs: 20 },
      );
      // The batches in flight around the pause: only their devices may be re-sent (an aborted request
      // the fake had already accepted is indistinguishable, to the sender, from one it never got).
      const before = await heldBy(testDb, campaignId, null);
      const pausedAt = Date.now();
      expect(await pauseCampaign.runAs(editor, { campaignId })).toMatchObject({ ok: true });
      const after = await heldBy(testDb, campaignId, null);
      const inFlight = new Set([...before, ...after]);
      const atPause = { sentBefore, batchesInFlight: inFlight.size };
      state.notes = { atPause };

      // Within seconds nothing is in flight any more, and nothing reaches the fake while paused.
      await waitUntil(
        "the paused campaign's batches released",
        async () => ((await heldBy(testDb, campaignId, null)).length === 0 ? true : undefined),
        {
          timeoutMs: 10_000,
          describe: () =>
            testDb(`select state::text, count(*)::int as n from "DispatchBatch" where "campaignId" = $1 group by 1`, [
              campaignId,
            ]),
        },
      );
      const stoppedMs = ((await fake.stats()).lastRequestAt ?? pausedAt) - pausedAt;
      const quiet = (await fake.stats()).requests;
      await sleep(1500);
      expect((await fake.stats()).requests).toBe(quiet);
      const paused = await campaignRow(campaignId);
      state.notes = { atPause, stoppedMs, whilePaused: paused.sentCount };
      expect(paused.state).toBe("paused");
      expect(paused.sentCount).toBeLessThan(devices);

      expect(await resumeCampaign.runAs(editor, { campaignId })).toMatchObject({ ok: true });
      await waitForState(campaignId, "completed", 90_000);
      await expectOneFinalRowPerDevice(testDb, { campaignId, appId: app.id }, devices, { sent: devices });
      const duplicates = await fake.tokens({ duplicatesOnly: true });
      const stats = await fake.stats();
      state.notes = { atPause, stoppedMs, whilePaused: paused.sentCount, duplicates: duplicates.length, stats };
      expect(stats.distinctTokens).toBe(devices);
      // Only a request on the wire when the pause aborted its call can be sent twice: accepted by FCM,
      // its answer not read within the abort grace (providers/fcm/call.ts). So re-sends are bounded by
      // the batches in flight around the pause, and with a fake that answers at once there are none.
      expect(Math.max(before.length, after.length)).toBeLessThanOrEqual(concurrency);
      expect(duplicates.length).toBeLessThanOrEqual(inFlight.size * batchSize);
      const inFlightTokens = await tokensOf(testDb, [...inFlight]);
      for (const record of duplicates) {
        expect(inFlightTokens.has(record.token)).toBe(true);
        expect(new Set(record.collapseKeys)).toEqual(new Set(["pause"]));
      }
      expect(duplicates).toEqual([]);
      console.log(
        `[reliability] pause/resume: ${devices} devices in ${((Date.now() - started) / 1000).toFixed(1)} s; paused ` +
          `at ${sentBefore} sent (${paused.sentCount} once the calls in flight were recorded) with ` +
          `${atPause.batchesInFlight} batches in flight around it, last request ${stoppedMs} ms after the pause; ` +
          `re-sent ${duplicates.length}`,
      );
    },
    180_000,
  );
});
