// Results held through a database outage (issue 13, item 13): when PostgreSQL goes away after the
// push service accepted a batch and before its results are written, the worker keeps them and writes
// them once the database is back, only while it still holds the batch's lease, instead of letting
// the lease run out and sending the batch again.
// - In this process, on the test database: the held-results store with the real recordResults, the
//   lease condition (a batch another worker took is dropped, nothing written), the claim that skips
//   held batches, the cap, and which errors count as a lost connection.
// - Worker processes (`npm run worker`'s entry) on a PostgreSQL server of the test's own, sending
//   through firebase-admin to the fake FCM server, whose answers are delayed so the test can stop
//   the database right after the fake accepted the first message and before any result is written:
//   every device is sent exactly once (tokens counted in the fake) and recorded as sent, also when the
//   worker is told to stop while it holds results and the database returns during its shutdown.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed, vi } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { campaignContext } from "@/server/dispatch/campaign-context";
import { claimBatches, type ClaimedBatch } from "@/server/dispatch/claim-batches";
import { readDispatchConfig, type DispatchConfig } from "@/server/dispatch/config";
import { isConnectionError } from "@/server/dispatch/connection-errors";
import { heldBatchesMax, PendingResults, type HeldBatch } from "@/server/dispatch/pending-results";
import type { SendResult } from "@/server/dispatch/providers/types";
import { recordResults, type RecordingProgress } from "@/server/dispatch/record";
import { sqlPool } from "@/server/sql";
import { DISPATCH_CHANNEL } from "@/server/wake";
import { anyFreePort } from "../../scripts/lib/database";
import { startFakeFcm, type FakeFcm } from "../fakes/fcm/server";
import { startDedicatedPostgres, type DedicatedPostgres } from "../support/dedicated-postgres";
import { outgoing } from "../support/delivery-fixtures";
import { campaignInput, sendCampaign } from "../support/dispatch";
import { fakeFcmWorkerEnv, seedFcmApp, waitUntil } from "../support/dispatch-fcm";
import { createUser } from "../support/fixtures";
import { seedFcmCampaignIn } from "../support/seed-fcm-campaign";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A logger whose lines the test reads.
function capturedLog() {
  const lines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").trim().split("\n")) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

let admin: StaffUser;
let editor: StaffUser;

beforeAll(async () => {
  [admin, editor] = await Promise.all([createUser("admin"), createUser("editor")]);
});

// The campaigns made here are left "sending" with batches whose lease ran out: end them, or the next
// test file's dispatcher (files share the test database) would claim and send them.
const made: string[] = [];
afterAll(async () => {
  await sqlPool().query(`update "Campaign" set state = 'cancelled' where id = any($1::uuid[])`, [made]);
  await sqlPool().query(
    `update "DispatchBatch" set state = 'done', "leaseUntil" = null where "campaignId" = any($1::uuid[])`,
    [made],
  );
});

// A sending campaign with one claimed FCM batch of `devices` queued deliveries, leased by `workerId`
// (lease already run out: the database was down longer than the lease), and what the sender had
// for it when recording failed: every message answered "sent".
async function claimedBatchWithResults(
  workerId: string,
  devices = 3,
): Promise<{ held: HeldBatch; campaignId: string; config: DispatchConfig }> {
  const { app } = await seedFcmApp(admin, devices, randomUUID().slice(0, 6));
  const campaignId = await sendCampaign(editor, campaignInput(app.id));
  made.push(campaignId);
  const pool = sqlPool();
  await pool.query(`update "Campaign" set state = 'sending', "queuedCount" = $2 where id = $1`, [campaignId, devices]);
  const { rows: waves } = await pool.query<{ id: string }>(
    `select id::text from "CampaignWave" where "campaignId" = $1 order by id limit 1`,
    [campaignId],
  );
  const { rows: batches } = await pool.query<ClaimedBatch>(
    `insert into "DispatchBatch" ("campaignId", "waveId", channel, size, priority, state, attempts, "leaseUntil",
       "leasedBy")
     values ($1, $2, 'fcm', $3, -1, 'claimed', 1, now() - interval '5 seconds', $4)
     returning id::text, "campaignId", "waveId"::text, channel, attempts`,
    [campaignId, waves[0]!.id, devices, workerId],
  );
  const batch = batches[0]!;
  const { rows } = await pool.query<{ deliveryId: string; deviceId: string; attempts: number; token: string }>(
    `insert into "Delivery" ("campaignId", "waveId", "deviceId", channel, status, "variantKey", locale, "batchId")
     select $1, $2, v.id, 'fcm', 'queued', 'A', 'en', $3 from "Device" v where v."appId" = $4
     returning id::text as "deliveryId", "deviceId", attempts,
       (select a->>'token' from "Device" w, jsonb_array_elements(w.addresses) a where w.id = "deviceId") as token`,
    [campaignId, waves[0]!.id, batch.id, app.id],
  );
  const campaign = (await campaignContext(campaignId, 0))!;
  const messages = rows.map((row) => ({
    ...outgoing(row.deliveryId, { id: row.deviceId, installationId: randomUUID(), appId: app.id }, campaignId),
    token: row.token,
  }));
  const results: SendResult[] = rows.map((row) => ({
    deliveryId: row.deliveryId,
    outcome: "sent",
    providerMessageId: `projects/p/messages/${row.deliveryId}`,
  }));
  const config = { ...readDispatchConfig(), workerId, leaseMs: 30_000 };
  return { held: { batch, rows, results, config, campaign, messages }, campaignId, config };
}

async function deliveryStatuses(campaignId: string) {
  const { rows } = await sqlPool().query<{ status: string; n: number }>(
    `select status::text, count(*)::int as n from "Delivery" where "campaignId" = $1 group by 1 order by 1`,
    [campaignId],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

async function batchRow(id: string) {
  const { rows } = await sqlPool().query<{ state: string; leasedBy: string | null; leaseAheadMs: number }>(
    `select state::text, "leasedBy",
       (extract(epoch from ("leaseUntil" - now())) * 1000)::int as "leaseAheadMs" from "DispatchBatch" where id = $1`,
    [id],
  );
  return rows[0]!;
}

describe("held results (this process, the test database)", () => {
  it("writes held results once the database answers, re-asserting a lease that ran out but nobody took", async () => {
    const workerId = `held-${randomUUID().slice(0, 8)}`;
    const { held, campaignId } = await claimedBatchWithResults(workerId);
    const { log, lines } = capturedLog();
    const pending = new PendingResults(log, { maxBatches: 4 });
    pending.hold(held, Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
    expect(pending.size).toBe(1);
    expect(pending.results).toBe(3);
    expect(lines.map((line) => line.msg)).toEqual([
      "database unreachable while recording a sent batch; holding its results to write when it is back",
    ]);
    await pending.flush();
    expect(pending.size).toBe(0);
    expect(await deliveryStatuses(campaignId)).toEqual({ sent: 3 });
    const row = await batchRow(held.batch.id);
    expect(row).toMatchObject({ state: "done", leasedBy: workerId });
    expect(lines.at(-1)).toMatchObject({ msg: "database back: wrote the held results of a sent batch", results: 3 });
    await pending.drain(0);
  });

  // The circuit breaker's count of a batch is written in a transaction of its own before the
  // results: when the connection is lost between the two, writing the held results must not count
  // the batch's answers in the circuit a second time.
  it("a batch whose recording was cut after the circuit counted it is counted once when written later", async () => {
    const workerId = `held-${randomUUID().slice(0, 8)}`;
    const { held, campaignId } = await claimedBatchWithResults(workerId);
    const pool = sqlPool();
    const connect = pool.connect.bind(pool);
    let checkouts = 0;
    // The first checkout (the circuit's transaction) goes through, the second (the results') is refused.
    const spy = vi.spyOn(pool, "connect").mockImplementation(((...args: Parameters<typeof connect>) => {
      if (args.length) return connect(...args);
      checkouts += 1;
      if (checkouts === 2)
        return Promise.reject(
          Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
        );
      return connect();
    }) as typeof pool.connect);
    const progress: RecordingProgress = {};
    const error = await recordResults(
      held.batch,
      held.rows,
      held.results,
      held.config,
      held.campaign,
      held.messages,
      undefined,
      progress,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    spy.mockRestore();
    expect(isConnectionError(error)).toBe(true);
    expect(await deliveryStatuses(campaignId)).toEqual({ queued: 3 });
    const { log } = capturedLog();
    const pending = new PendingResults(log, { maxBatches: 4 });
    pending.hold({ ...held, progress }, error);
    await pending.flush();
    expect(await deliveryStatuses(campaignId)).toEqual({ sent: 3 });
    const { rows } = await pool.query<{ recentOk: number }>(
      `select "recentOk" from "ChannelCircuit" where "appId" = $1 and channel = 'fcm'`,
      [held.campaign.appId],
    );
    // Three answers, counted once (six when counted twice); the window's decay over the test is tiny.
    expect(rows.map((row) => Math.round(row.recentOk))).toEqual([3]);
    await pending.drain(0);
  });

  it("drops held results and writes nothing when another worker took the batch, and says so", async () => {
    const workerId = `held-${randomUUID().slice(0, 8)}`;
    const { held, campaignId } = await claimedBatchWithResults(workerId);
    // The outage outlasted the lease and another worker claimed the batch.
    await sqlPool().query(
      `update "DispatchBatch" set "leasedBy" = 'another-worker', "leaseUntil" = now() + interval '30 seconds',
         attempts = attempts + 1 where id = $1`,
      [held.batch.id],
    );
    const { log, lines } = capturedLog();
    let writes = 0;
    const pending = new PendingResults(log, {
      maxBatches: 4,
      write: async (entry) => {
        writes += 1;
        throw new Error(`batch ${entry.batch.id} must not be written`);
      },
    });
    pending.hold(held, new Error("Connection terminated unexpectedly"));
    await pending.flush();
    expect(writes).toBe(0);
    expect(pending.size).toBe(0);
    expect(await deliveryStatuses(campaignId)).toEqual({ queued: 3 });
    expect(await batchRow(held.batch.id)).toMatchObject({ state: "claimed", leasedBy: "another-worker" });
    expect(lines.at(-1)).toMatchObject({ batch: held.batch.id, results: 3, level: 40 });
    expect(lines.at(-1)!.msg).toMatch(/^dropping held results: another worker took the batch/);
  });

  it("keeps results while the database is unreachable and re-asserts the lease before writing them", async () => {
    const workerId = `held-${randomUUID().slice(0, 8)}`;
    const { held, campaignId } = await claimedBatchWithResults(workerId);
    const { log } = capturedLog();
    // The first write attempt meets a server that refuses connections (a real one: a closed port).
    const closed = new pg.Client({ host: "127.0.0.1", port: await anyFreePort(), connectionTimeoutMillis: 2000 });
    let attempts = 0;
    const pending = new PendingResults(log, {
      maxBatches: 4,
      firstRetryMs: 20,
      write: async (entry) => {
        attempts += 1;
        if (attempts === 1) await closed.connect();
        const { recordResults } = await import("@/server/dispatch/record");
        await recordResults(entry.batch, entry.rows, entry.results, entry.config, entry.campaign, entry.messages);
      },
    });
    pending.hold(held, new Error("Connection terminated unexpectedly"));
    await pending.flush();
    expect(attempts).toBe(1);
    expect(pending.size).toBe(1);
    // Each attempt renewed the lease: another worker cannot take it while the write is retried.
    expect((await batchRow(held.batch.id)).leaseAheadMs).toBeGreaterThan(20_000);
    expect(await deliveryStatuses(campaignId)).toEqual({ queued: 3 });
    await waitUntil("the retry wrote the held results", async () => (pending.size === 0 ? true : undefined), {
      timeoutMs: 5000,
    });
    expect(attempts).toBe(2);
    expect(await deliveryStatuses(campaignId)).toEqual({ sent: 3 });
  });

  it("a held batch is never claimed again by its own worker, even once its lease ran out", async () => {
    const workerId = `held-${randomUUID().slice(0, 8)}`;
    const first = await claimedBatchWithResults(workerId, 1);
    const second = await claimedBatchWithResults(workerId, 1);
    // Both leases ran out; priority -1 puts them before anything else in this database.
    const claimed = await claimBatches(first.config, 1, [first.held.batch.id]);
    expect(claimed.map((batch) => batch.id)).toEqual([second.held.batch.id]);
    expect(await batchRow(first.held.batch.id)).toMatchObject({ state: "claimed" });
    expect((await batchRow(first.held.batch.id)).leaseAheadMs).toBeLessThan(0);
  });

  it("the cap: held plus in-flight batches never exceed it, so a long outage stops claiming", async () => {
    const { log } = capturedLog();
    const pending = new PendingResults(log, { maxBatches: 3, write: async () => undefined });
    expect(pending.room(0)).toBe(3);
    expect(pending.room(2)).toBe(1);
    const workerId = `held-${randomUUID().slice(0, 8)}`;
    const { held } = await claimedBatchWithResults(workerId, 1);
    pending.hold(held, new Error("Connection terminated unexpectedly"));
    pending.hold({ ...held, batch: { ...held.batch, id: "999999999" } }, new Error("Connection terminated"));
    expect(pending.room(0)).toBe(1);
    expect(pending.room(1)).toBe(0);
    expect(pending.room(5)).toBe(0);
    await pending.drain(0);
    // The setting, never below the concurrency (it must not limit sending while nothing is held).
    expect(heldBatchesMax(8, undefined)).toBe(16);
    expect(heldBatchesMax(8, "40")).toBe(40);
    expect(heldBatchesMax(8, "2")).toBe(8);
    expect(heldBatchesMax(8, "x")).toBe(16);
  });

  it("only a lost or refused connection counts as one", async () => {
    const refused = new pg.Client({ host: "127.0.0.1", port: await anyFreePort(), connectionTimeoutMillis: 2000 });
    const connectError = await refused.connect().then(
      () => null,
      (error: unknown) => error,
    );
    expect(isConnectionError(connectError)).toBe(true);
    // An error of the statement itself (here division by zero): retrying it would fail the same way.
    const constraint = await sqlPool()
      .query(`select 1 / 0`)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect((constraint as { code?: string }).code).toBe("22012");
    expect(isConnectionError(constraint)).toBe(false);
    // A server shutting down (SQLSTATE 57P01) and a socket closed under a query.
    const shutdown = await (async () => {
      const victim = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await victim.connect();
      victim.on("error", () => undefined);
      const { rows } = await victim.query<{ pid: number }>(`select pg_backend_pid() as pid`);
      const running = victim.query(`select pg_sleep(5)`).then(
        () => null,
        (error: unknown) => error,
      );
      await sleep(100);
      await sqlPool().query(`select pg_terminate_backend($1)`, [rows[0]!.pid]);
      const error = await running;
      await victim.end().catch(() => undefined);
      return error;
    })();
    expect((shutdown as { code?: string }).code).toBe("57P01");
    expect(isConnectionError(shutdown)).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });
});

describe("PostgreSQL stopped after the fake FCM accepted a batch, before its results were written", () => {
  const devices = 2000;
  // Answers come this long after the fake accepted a message: time to stop the database in between.
  const latencyMs = 2500;
  const leaseSeconds = 3;
  let fake: FakeFcm;
  let server: DedicatedPostgres;
  // Stops the database at the first message the fake accepts, once armed (or does `atArrival`).
  let armed = false;
  let cut: Promise<void> | null = null;
  let atArrival: (() => Promise<void>) | null = null;
  const workers: Array<{ process: WorkerProcess; log: string[] }> = [];

  const query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => server.query<R>(text, values);

  function startWorker(env: Record<string, string> = {}) {
    const worker = startWorkerProcess(
      server.url,
      fakeFcmWorkerEnv(fake, {
        HERALD_DISPATCH_LEASE_SECONDS: String(leaseSeconds),
        ...env,
        HERALD_DISPATCH_CONCURRENCY: "8",
        HERALD_DISPATCH_POLL_MS: "200",
        // The whole audience in one fan-out step, so every batch exists before the first send.
        HERALD_DISPATCH_FIRST_CHUNK: String(devices),
      }),
    );
    const log: string[] = [];
    worker.child.stdout!.on("data", (chunk: Buffer) => log.push(...chunk.toString("utf8").trim().split("\n")));
    workers.push({ process: worker, log });
    return { worker, log };
  }

  const campaignState = async (campaignId: string) =>
    (
      await query<{ state: string; sentCount: number; queuedCount: number }>(
        `select state::text, "sentCount", "queuedCount" from "Campaign" where id = $1`,
        [campaignId],
      )
    )[0]!;

  async function expectSentExactlyOnce(campaignId: string, appId: string) {
    const stats = await fake.stats();
    const duplicates = await fake.tokens({ duplicatesOnly: true });
    expect({ duplicates: duplicates.length, distinct: stats.distinctTokens, accepted: stats.accepted }).toEqual({
      duplicates: 0,
      distinct: devices,
      accepted: devices,
    });
    const [rows] = await query<{ rows: number; sent: number; devices: number }>(
      `select count(*)::int as rows, count(*) filter (where d.status = 'sent' and d."sentAt" is not null)::int as sent,
              (select count(*)::int from "Device" where "appId" = $2) as devices
         from "Delivery" d where d."campaignId" = $1`,
      [campaignId, appId],
    );
    expect(rows).toEqual({ rows: devices, sent: devices, devices });
    expect(await campaignState(campaignId)).toMatchObject({ state: "completed", sentCount: devices, queuedCount: 0 });
  }

  beforeAll(async () => {
    fake = await startFakeFcm({
      onArrival: () => {
        if (armed && !cut) cut = atArrival ? atArrival() : server.stop();
      },
    });
    server = await startDedicatedPostgres();
  });

  beforeEach(async () => {
    await Promise.all(workers.map(({ process }) => process.kill("SIGKILL")));
    workers.length = 0;
    await fake.reset();
    await fake.configure({ latencyMs });
    armed = false;
    cut = null;
    atArrival = null;
    onTestFailed(async () => {
      console.error(
        `[held results] failed; fake ${JSON.stringify(await fake.stats())}; workers ` +
          JSON.stringify(workers.map(({ process, log }) => ({ exit: process.child.exitCode, log: log.slice(-15) }))),
      );
    });
  });

  afterAll(async () => {
    await Promise.all(workers.map(({ process }) => process.kill("SIGKILL")));
    await fake?.close();
    await server?.destroy();
  });

  it("down longer than the lease: the held results are written when it is back; every device sent once", async () => {
    const { worker, log } = startWorker();
    await worker.ready;
    armed = true;
    const { appId, campaignId } = await seedFcmCampaignIn(server.url, devices, "held");
    await waitUntil("the first message accepted and the database stopping", async () => (cut ? true : undefined), {
      timeoutMs: 30_000,
    });
    await cut;
    // The answers arrive while the database is down and stays down past the lease.
    await sleep(latencyMs + leaseSeconds * 1000);
    const acceptedWhileDown = (await fake.stats()).accepted;
    await server.start();
    await waitUntil(
      "the campaign completed",
      async () => ((await campaignState(campaignId)).state === "completed" ? true : undefined),
      { timeoutMs: 60_000, everyMs: 200, describe: () => campaignState(campaignId) },
    );
    expect(acceptedWhileDown).toBeGreaterThan(0);
    await expectSentExactlyOnce(campaignId, appId);
    expect(log.some((line) => line.includes("holding its results"))).toBe(true);
    expect(log.some((line) => line.includes("database back: wrote the held results"))).toBe(true);
    expect({ exit: worker.child.exitCode, signal: worker.child.signalCode }).toEqual({ exit: null, signal: null });
  }, 120_000);

  // The database's side of an outage longer than the lease, without the outage: while the fake holds
  // the answers, every claimed batch's lease is made to have run out and the worker is woken to claim.
  // The batches are still in flight in that worker (their send waits for the answers); claiming them
  // again would send their devices a second push.
  it("a batch still in flight is not claimed again by its own worker after its lease ran out", async () => {
    // A long lease: its timer (a third of it) does not re-assert the lease during the test.
    const { worker } = startWorker({ HERALD_DISPATCH_LEASE_SECONDS: "60" });
    await worker.ready;
    let lapsed = 0;
    atArrival = async () => {
      const rows = await query<{ id: string }>(
        `update "DispatchBatch" set "leaseUntil" = now() - interval '1 second' where state = 'claimed' returning id`,
      );
      lapsed = rows.length;
      await query(`select pg_notify($1, 'batches')`, [DISPATCH_CHANNEL]);
    };
    armed = true;
    const { appId, campaignId } = await seedFcmCampaignIn(server.url, devices, "inflight");
    await waitUntil("the first message accepted and the leases lapsed", async () => (cut ? true : undefined), {
      timeoutMs: 30_000,
    });
    await cut;
    expect(lapsed).toBeGreaterThan(0);
    await waitUntil(
      "the campaign completed",
      async () => ((await campaignState(campaignId)).state === "completed" ? true : undefined),
      { timeoutMs: 60_000, everyMs: 200, describe: () => campaignState(campaignId) },
    );
    await expectSentExactlyOnce(campaignId, appId);
  }, 120_000);

  it("told to stop while holding results: it writes them once the database returns during its shutdown", async () => {
    const { worker, log } = startWorker();
    await worker.ready;
    armed = true;
    const { appId, campaignId } = await seedFcmCampaignIn(server.url, devices, "stop");
    await waitUntil("the first message accepted and the database stopping", async () => (cut ? true : undefined), {
      timeoutMs: 30_000,
    });
    await cut;
    await sleep(latencyMs + 1000);
    const acceptedWhileDown = (await fake.stats()).accepted;
    const stopped = worker.kill("SIGTERM");
    await sleep(500);
    await server.start();
    await stopped;
    expect(worker.child.exitCode).toBe(0);
    expect(acceptedWhileDown).toBeGreaterThan(0);
    // Whatever was not sent yet, the next worker sends.
    startWorker();
    await waitUntil(
      "the campaign completed",
      async () => ((await campaignState(campaignId)).state === "completed" ? true : undefined),
      { timeoutMs: 60_000, everyMs: 200, describe: () => campaignState(campaignId) },
    );
    await expectSentExactlyOnce(campaignId, appId);
    expect(log.some((line) => line.includes("database back: wrote the held results"))).toBe(true);
  }, 120_000);
});
