// GET /metrics (issue [4/5] item 17) over real sockets on a database of its own: refused without
// HERALD_METRICS_TOKEN (404) and with a missing or wrong token (401 problem+json); the exact counts of
// device API requests by route template and status, rate-limit refusals and event ingestion after
// real requests; campaigns by state, the dispatch queue and the oldest due wave and batch read from
// PostgreSQL; and a real worker process (`npm run worker`'s entry) that sends a campaign through the
// real FCM client to the fake FCM server and serves its own counters on HERALD_WORKER_METRICS_PORT.
// Every scrape is read with the strict text-format reader (tests/support/prometheus-text.ts).
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { closeDb, db } from "@/server/db";
import { configureApiRateLimit } from "@/server/device-api/rate-limiter";
import { serveApiRequest } from "@/server/device-api/http-adapter";
import { forgetClusterSnapshot } from "@/server/ops/cluster-snapshot";
import { metricsPath, serveMetrics } from "@/server/ops/metrics-endpoint";
import { resetMetrics } from "@/server/ops/metrics";
import { closeSqlPool, sqlPool } from "@/server/sql";
import { createCampaign } from "@/server/campaigns/compose";
import { anyFreePort, dropDatabase, freshDatabase } from "../../scripts/lib/database";
import { startFakeFcm, type FakeFcm } from "../fakes/fcm/server";
import { campaignInput, insertDevices, sendCampaign, waitForState } from "../support/dispatch";
import { fakeFcmWorkerEnv, seedFcmApp } from "../support/dispatch-fcm";
import { createApp, createUser } from "../support/fixtures";
import { parsePrometheusText, sampleValue, type Family } from "../support/prometheus-text";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

const token = `metrics-${randomUUID()}`;
const serverUrl = process.env.DATABASE_URL!;
const databaseName = `herald_metrics_${process.pid}_${Date.now().toString(36)}`;
let server: Server;
let base = "";
let fake: FakeFcm | undefined;
let worker: WorkerProcess | undefined;
let admin: StaffUser;
let editor: StaffUser;

beforeAll(async () => {
  // A database of its own, so campaign and queue figures are exactly this file's.
  process.env.DATABASE_URL = await freshDatabase(serverUrl, databaseName);
  [admin, editor] = await Promise.all([createUser("admin"), createUser("editor")]);
  // What Herald's HTTP server does for these two paths (server/device-api/http-server.ts).
  server = createServer((req, res) => {
    if ((req.url ?? "/").split("?")[0] === metricsPath) void serveMetrics(req, res);
    else void serveApiRequest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.HERALD_METRICS_TOKEN;
  configureApiRateLimit();
  await worker?.kill("SIGKILL");
  await fake?.close();
  await new Promise((resolve) => server?.close(resolve));
  await Promise.all([closeDb(), closeSqlPool()]);
  await dropDatabase(serverUrl, databaseName);
  process.env.DATABASE_URL = serverUrl;
});

async function scrape(url = `${base}${metricsPath}`): Promise<Map<string, Family>> {
  const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parsePrometheusText(await answer.text());
}

async function expectProblem(answer: Response, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get("content-type")).toBe("application/problem+json");
  const body = (await answer.json()) as { status: number; title: string; detail: string };
  expect(body.status).toBe(status);
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

describe("GET /metrics", () => {
  it("is disabled (404) without HERALD_METRICS_TOKEN and refuses a missing or wrong token with 401", async () => {
    delete process.env.HERALD_METRICS_TOKEN;
    const url = `${base}${metricsPath}`;
    await expectProblem(await fetch(url, { headers: { authorization: `Bearer ${token}` } }), 404);

    process.env.HERALD_METRICS_TOKEN = token;
    const missing = await fetch(url);
    await expectProblem(missing, 401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const refused = [
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token.toUpperCase()}`,
      `Basic ${Buffer.from(`x:${token}`).toString("base64")}`,
      token,
      "Bearer",
      "",
    ];
    for (const authorization of refused) {
      const answer = await fetch(url, { headers: { authorization } });
      await expectProblem(answer, 401);
    }
    await expectProblem(await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}` } }), 405);
    const scraped = await fetch(url, { headers: { authorization: `bearer  ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain("# TYPE herald_messages_total counter");
  });

  it("counts device API requests by route template and status, rate-limit refusals and events exactly", async () => {
    process.env.HERALD_METRICS_TOKEN = token;
    // 20 requests per app's key, refilled at one per 100 s: the 21st and 22nd of one key are refused.
    configureApiRateLimit({ ratePerSec: 0.01, burst: 20 });
    resetMetrics();
    const { apiKey } = await createApp();
    const other = await createApp();
    const call = (path: string, init: RequestInit = {}, key = apiKey) =>
      fetch(`${base}/api/v1${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      });
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const installationId of ids) {
      const created = await call("/devices", {
        method: "POST",
        body: JSON.stringify({ installationId, platform: "android", channel: "fcm", token: `t-${installationId}` }),
      });
      expect(created.status).toBe(201);
    }
    expect((await call("/devices", { method: "POST", body: JSON.stringify({ platform: "nope" }) })).status).toBe(422);
    for (const id of ids.slice(0, 2)) expect((await call(`/devices/${id}`)).status).toBe(200);
    expect((await call(`/devices/${randomUUID()}`)).status).toBe(404);
    expect((await call(`/nowhere/${ids[0]}`)).status).toBe(404);
    const event = (installationId: string) => ({
      eventId: `e-${randomUUID()}`,
      installationId,
      type: "app_open",
      occurredAt: new Date().toISOString(),
    });
    const first = [event(ids[0]!), event(ids[1]!), event(randomUUID())];
    const answer = await call("/events", { method: "POST", body: JSON.stringify({ events: first }) });
    expect(await answer.json()).toMatchObject({ accepted: 2, duplicates: 0, refused: [{ reason: "unknown_device" }] });
    const again = await call("/events", { method: "POST", body: JSON.stringify({ events: [first[0]] }) });
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1, refused: [] });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await call(`/devices/${randomUUID()}`, {}, other.apiKey)).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);

    const metrics = await scrape();
    const requests = (route: string, method: string, status: string) =>
      sampleValue(metrics, "herald_device_api_requests_total", { route, method, status });
    expect(requests("/devices", "POST", "201")).toBe(3);
    expect(requests("/devices", "POST", "422")).toBe(1);
    expect(requests("/devices/{installationId}", "GET", "200")).toBe(2);
    expect(requests("/devices/{installationId}", "GET", "404")).toBe(21);
    expect(requests("/devices/{installationId}", "GET", "429")).toBe(2);
    expect(requests("unmatched", "GET", "404")).toBe(1);
    expect(requests("/events", "POST", "200")).toBe(2);
    expect(metrics.get("herald_device_api_requests_total")!.samples).toHaveLength(7);
    const duration = (route: string, method: string) =>
      sampleValue(metrics, "herald_device_api_request_duration_seconds_count", { route, method });
    expect(duration("/devices", "POST")).toBe(4);
    expect(duration("/devices/{installationId}", "GET")).toBe(25);
    expect(sampleValue(metrics, "herald_rate_limit_refusals_total", { limiter: "device_api" })).toBe(2);
    expect(sampleValue(metrics, "herald_events_total", { result: "accepted" })).toBe(2);
    expect(sampleValue(metrics, "herald_events_total", { result: "duplicate" })).toBe(1);
    expect(sampleValue(metrics, "herald_events_total", { result: "rejected" })).toBe(1);
    expect(sampleValue(metrics, "herald_events_rejected_total", { reason: "unknown_device" })).toBe(1);
    // No id reaches a label: only route templates.
    const text = await (await fetch(`${base}${metricsPath}`, { headers: { authorization: `Bearer ${token}` } })).text();
    for (const id of ids) expect(text).not.toContain(id);
    // This process's pools and prom-client's process metrics are there too.
    expect(sampleValue(metrics, "herald_db_pool_connections", { pool: "sql" })).toBeGreaterThan(0);
    expect(sampleValue(metrics, "herald_db_pool_max_connections", { pool: "prisma" })).toBe(20);
    expect(sampleValue(metrics, "herald_db_pool_waiting_queries", { pool: "sql" })).toBe(0);
    expect(metrics.get("herald_process_cpu_user_seconds_total")?.type).toBe("counter");
    expect(metrics.get("herald_nodejs_eventloop_lag_seconds")?.type).toBe("gauge");
  });

  it("reads campaigns by state, the dispatch queue and the oldest due wave and batch from PostgreSQL", async () => {
    process.env.HERALD_METRICS_TOKEN = token;
    const { app } = await createApp();
    await insertDevices(app.id, 7);
    await createCampaign(editor, campaignInput(app.id), { kind: "now" }, randomUUID());
    const sending = await sendCampaign(editor, campaignInput(app.id));
    // As if a worker had started it a minute late and fanned out one batch of 7 that waits for 30 s.
    await sqlPool().query(`update "Campaign" set state = 'sending' where id = $1`, [sending]);
    const {
      rows: [wave],
    } = await sqlPool().query<{ id: string }>(
      `update "CampaignWave" set "dueAt" = now() - interval '60 seconds' where "campaignId" = $1 returning id::text`,
      [sending],
    );
    await sqlPool().query(
      `insert into "DispatchBatch" ("campaignId", "waveId", channel, size, "notBefore")
       values ($1, $2, 'fcm', 7, now() - interval '30 seconds'), ($1, $2, 'fcm', 5, now() + interval '1 hour')`,
      [sending, wave!.id],
    );
    forgetClusterSnapshot();
    const metrics = await scrape();
    const campaigns = metrics.get("herald_campaigns")!.samples;
    expect(Object.fromEntries(campaigns.map((s) => [s.labels.state, s.value]))).toEqual({
      draft: 1,
      pending_approval: 0,
      scheduled: 0,
      sending: 1,
      paused: 0,
      completed: 0,
      cancelled: 0,
      failed: 0,
    });
    expect(sampleValue(metrics, "herald_dispatch_pending_batches", { channel: "fcm" })).toBe(2);
    expect(sampleValue(metrics, "herald_dispatch_pending_messages", { channel: "fcm" })).toBe(12);
    expect(sampleValue(metrics, "herald_dispatch_pending_batches", { channel: "apns" })).toBe(0);
    const waveAge = sampleValue(metrics, "herald_dispatch_oldest_due_seconds", { kind: "wave" })!;
    const batchAge = sampleValue(metrics, "herald_dispatch_oldest_due_seconds", { kind: "batch" })!;
    expect(waveAge).toBeGreaterThanOrEqual(60);
    expect(waveAge).toBeLessThan(90);
    expect(batchAge).toBeGreaterThanOrEqual(30);
    expect(batchAge).toBeLessThan(60);

    // Cached for a few seconds; then a cancelled campaign's batches leave the queue and nothing is due.
    await sqlPool().query(`update "Campaign" set state = 'cancelled' where id = $1`, [sending]);
    expect(sampleValue(await scrape(), "herald_campaigns", { state: "sending" })).toBe(1);
    forgetClusterSnapshot();
    const after = await scrape();
    expect(sampleValue(after, "herald_campaigns", { state: "cancelled" })).toBe(1);
    expect(sampleValue(after, "herald_dispatch_pending_batches", { channel: "fcm" })).toBe(0);
    expect(sampleValue(after, "herald_dispatch_oldest_due_seconds", { kind: "wave" })).toBe(0);
    expect(sampleValue(after, "herald_dispatch_oldest_due_seconds", { kind: "batch" })).toBe(0);
  });

  it("a worker process serves its own counters: a real send through the fake FCM, exact per outcome", async () => {
    process.env.HERALD_METRICS_TOKEN = token;
    fake = await startFakeFcm();
    // Of 10 devices, two tokens are dead and one fails with a transient error on each of its two attempts:
    // a transient error is retried until the retry window from its first attempt has passed, and the
    // first retry waits at least 0.5 s (backoffMs in server/dispatch/record.ts), so a 0.2 s window makes
    // the second attempt its last (it fails then, failedTransiently). That one whole-batch failure stays
    // under the circuit breaker's 3 in a row, so the channel is never held.
    await fake.configure({ tokens: { "tok-m-3": "UNREGISTERED", "tok-m-7": "UNREGISTERED", "tok-m-5": "INTERNAL" } });
    const { app } = await seedFcmApp(admin, 10, "m");
    const port = await anyFreePort();
    worker = startWorkerProcess(
      process.env.DATABASE_URL!,
      fakeFcmWorkerEnv(fake, {
        HERALD_WORKER_METRICS_PORT: String(port),
        HERALD_WORKER_METRICS_HOST: "127.0.0.1",
        HERALD_METRICS_TOKEN: token,
        HERALD_DISPATCH_RETRY_WINDOW_SECONDS: "0.2",
        HERALD_DISPATCH_POLL_MS: "200",
      }),
    );
    await worker.ready;
    const workerUrl = `http://127.0.0.1:${port}${metricsPath}`;
    await expectProblem(await fetch(workerUrl), 401);
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(campaignId, "completed", 60_000);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({
      sentCount: 7,
      failedCount: 3,
    });
    const { rows: transient } = await sqlPool().query<{ attempts: number; errorCode: string }>(
      `select attempts, "errorCode" from "Delivery" where "campaignId" = $1 and "failedTransiently"`,
      [campaignId],
    );
    expect(transient).toEqual([{ attempts: 2, errorCode: "INTERNAL" }]);

    const metrics = await scrape(workerUrl);
    const messages = (outcome: string) => sampleValue(metrics, "herald_messages_total", { channel: "fcm", outcome });
    expect(messages("sent")).toBe(7);
    expect(messages("invalid_token")).toBe(2);
    expect(messages("retry")).toBe(2);
    expect(messages("failed")).toBeUndefined();
    expect(sampleValue(metrics, "herald_message_retries_total", { channel: "fcm" })).toBe(1);
    // Two provider calls: the batch of 10, then the one message retried.
    expect(sampleValue(metrics, "herald_provider_request_duration_seconds_count", { channel: "fcm" })).toBe(2);
    expect(sampleValue(metrics, "herald_provider_request_duration_seconds_sum", { channel: "fcm" })).toBeGreaterThan(0);
    expect(sampleValue(metrics, "herald_db_pool_max_connections", { pool: "graphile" })).toBe(10);
    expect(sampleValue(metrics, "herald_db_pool_connections", { pool: "sql" })).toBeGreaterThan(0);
    expect(metrics.get("herald_process_resident_memory_bytes")?.type).toBe("gauge");
    // Installation-wide gauges come from the web server only, not from each worker.
    expect(metrics.has("herald_campaigns")).toBe(false);
    expect(metrics.has("herald_dispatch_pending_batches")).toBe(false);
    // The listener serves /metrics only.
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
  });
});
