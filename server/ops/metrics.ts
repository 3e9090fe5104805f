// Every Prometheus metric Herald exports, defined once here with prom-client, and the small functions
// the instrumented places call (one line each, so the dispatcher and the HTTP layer stay readable).
// Two registries:
// - `process`: what this process counts (messages, provider latency, retries, device API requests,
//   rate-limit refusals, events, its database pools) plus prom-client's default process metrics.
//   Every Herald process has it: the web server serves it at /metrics, a separate worker on
//   HERALD_WORKER_METRICS_PORT (metrics-endpoint.ts).
// - `cluster`: figures of the whole installation read from PostgreSQL at scrape time (campaigns by
//   state, queue depth, age of the oldest due wave and batch; cluster-snapshot.ts, cached a few
//   seconds). Only the web server serves them, so N workers do not report N copies.
// Labels are bounded sets only: channel, outcome, state, route template, method, status, pool, reason;
// never an id, a token or a raw path. The registry lives on globalThis because the web process loads
// server code twice (tsx for the HTTP server and worker, Next.js's bundle for pages and actions).
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { openDbPool } from "@/server/db";
import { openSqlPool } from "@/server/sql";
import { clusterSnapshot } from "./cluster-snapshot";

// A pg.Pool's counters (pg exposes them as properties).
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

// Provider calls run from a few milliseconds (the inbox) to tens of seconds (a vendor timing out).
const providerBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
// Device API requests: registrations take milliseconds, an inbox long poll (?wait=) up to a minute.
const requestBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

// The methods the device API routes; anything else is counted as OTHER.
const apiMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function create() {
  const process = new Registry();
  const cluster = new Registry();
  collectDefaultMetrics({ register: process, prefix: "herald_" });
  // Pools made elsewhere (the worker's graphile-worker pool); Herald's own two are looked up at scrape time.
  const pools = new Map<string, PoolCounts>();
  const openPools = () => {
    const all: Array<[string, PoolCounts]> = [...pools];
    const prisma = openDbPool();
    const sql = openSqlPool();
    if (prisma) all.push(["prisma", prisma]);
    if (sql) all.push(["sql", sql]);
    return all;
  };
  const poolGauge = (name: string, help: string, read: (pool: PoolCounts) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["pool"] as const,
      registers: [process],
      collect() {
        this.reset();
        for (const [pool, counts] of openPools()) this.set({ pool }, read(counts));
      },
    });
  const metrics = {
    messages: new Counter({
      name: "herald_messages_total",
      help:
        "Messages a push provider answered for, by channel and answer: sent, retry, invalid_token, failed, " +
        "error (the provider call threw) or configuration_error (the credential is unusable)",
      labelNames: ["channel", "outcome"] as const,
      registers: [process],
    }),
    providerDuration: new Histogram({
      name: "herald_provider_request_duration_seconds",
      help: "Duration of one provider send call (one batch of messages), by channel",
      labelNames: ["channel"] as const,
      buckets: providerBuckets,
      registers: [process],
    }),
    retries: new Counter({
      name: "herald_message_retries_total",
      help: "Messages handed to a provider again after an earlier attempt failed transiently, by channel",
      labelNames: ["channel"] as const,
      registers: [process],
    }),
    apiRequests: new Counter({
      name: "herald_device_api_requests_total",
      help: "Device API (/api/v1) requests by route template, method and status (aborted: the client left first)",
      labelNames: ["route", "method", "status"] as const,
      registers: [process],
    }),
    apiDuration: new Histogram({
      name: "herald_device_api_request_duration_seconds",
      help: "Device API (/api/v1) request duration by route template and method, body read to answer written",
      labelNames: ["route", "method"] as const,
      buckets: requestBuckets,
      registers: [process],
    }),
    rateLimited: new Counter({
      name: "herald_rate_limit_refusals_total",
      help: "Requests refused by a rate limit: device_api (per-app key limit) or sign_in (failed sign-ins)",
      labelNames: ["limiter"] as const,
      registers: [process],
    }),
    events: new Counter({
      name: "herald_events_total",
      help: "Device events received on POST /api/v1/events by result: accepted, duplicate or rejected",
      labelNames: ["result"] as const,
      registers: [process],
    }),
    eventsRejected: new Counter({
      name: "herald_events_rejected_total",
      help: "Device events rejected on POST /api/v1/events, by reason",
      labelNames: ["reason"] as const,
      registers: [process],
    }),
    poolConnections: poolGauge(
      "herald_db_pool_connections",
      "Open PostgreSQL connections of a pool (idle and in use)",
      (p) => p.totalCount,
    ),
    poolIdle: poolGauge("herald_db_pool_idle_connections", "Idle PostgreSQL connections of a pool", (p) => p.idleCount),
    poolWaiting: poolGauge(
      "herald_db_pool_waiting_queries",
      "Queries waiting for a PostgreSQL connection of a pool",
      (p) => p.waitingCount,
    ),
    poolMax: poolGauge("herald_db_pool_max_connections", "Most connections a pool opens", (p) => p.options.max ?? 10),
    campaigns: new Gauge({
      name: "herald_campaigns",
      help: "Campaigns by state",
      labelNames: ["state"] as const,
      registers: [cluster],
      async collect() {
        this.reset();
        const snapshot = await clusterSnapshot();
        if (snapshot) for (const [state, n] of Object.entries(snapshot.campaigns)) this.set({ state }, n);
      },
    }),
    pendingBatches: new Gauge({
      name: "herald_dispatch_pending_batches",
      help: "Batches of sending campaigns waiting to be sent (the dispatch queue), by channel",
      labelNames: ["channel"] as const,
      registers: [cluster],
      async collect() {
        this.reset();
        const snapshot = await clusterSnapshot();
        if (snapshot) for (const [channel, n] of Object.entries(snapshot.pendingBatches)) this.set({ channel }, n);
      },
    }),
    pendingMessages: new Gauge({
      name: "herald_dispatch_pending_messages",
      help: "Messages in the batches waiting to be sent, by channel",
      labelNames: ["channel"] as const,
      registers: [cluster],
      async collect() {
        this.reset();
        const snapshot = await clusterSnapshot();
        if (snapshot) for (const [channel, n] of Object.entries(snapshot.pendingMessages)) this.set({ channel }, n);
      },
    }),
    oldestDue: new Gauge({
      name: "herald_dispatch_oldest_due_seconds",
      help:
        "Age of the oldest due wave (kind=wave: not yet fanned out) or batch (kind=batch: not yet sent); " +
        "0 when none is due",
      labelNames: ["kind"] as const,
      registers: [cluster],
      async collect() {
        this.reset();
        const snapshot = await clusterSnapshot();
        if (!snapshot) return;
        this.set({ kind: "wave" }, snapshot.oldestDueWaveSeconds);
        this.set({ kind: "batch" }, snapshot.oldestDueBatchSeconds);
      },
    }),
  };
  return { registries: { process, cluster, all: Registry.merge([process, cluster]) }, metrics, pools };
}

type Holder = { heraldMetrics?: ReturnType<typeof create> };
const holder = globalThis as Holder;

function state() {
  holder.heraldMetrics ??= create();
  return holder.heraldMetrics;
}

// The registry a /metrics endpoint serves: `all` on the web server, `process` on a worker's listener.
export function metricsRegistry(scope: "all" | "process" = "all"): Registry {
  return state().registries[scope];
}

// Zeroes every counter and histogram of this process (tests that expect exact values start here).
export function resetMetrics(): void {
  state().registries.process.resetMetrics();
}

// Reports another pg pool's use under `name` (a newer pool of the same name replaces the older one);
// the Prisma client's pool ("prisma") and the raw SQL pool ("sql") are reported without this.
export function watchPool(name: string, pool: PoolCounts): void {
  state().pools.set(name, pool);
}

// Times one provider call; the returned function ends the measurement.
export function startProviderTimer(channel: string): () => void {
  const end = state().metrics.providerDuration.startTimer({ channel });
  return () => void end();
}

// Counts a provider's answers, one per message.
export function countMessages(channel: string, results: ReadonlyArray<{ outcome: string }>): void {
  const counts = new Map<string, number>();
  for (const { outcome } of results) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  for (const [outcome, n] of counts) state().metrics.messages.inc({ channel, outcome }, n);
}

// Counts messages that got no answer because the call failed as a whole (`outcome`: error or configuration_error).
export function countUnansweredMessages(channel: string, count: number, outcome: string): void {
  if (count > 0) state().metrics.messages.inc({ channel, outcome }, count);
}

// Counts the rows of a batch that earlier attempts left queued (attempts > 0): they are retries.
export function countRetries(channel: string, rows: ReadonlyArray<{ attempts: number }>): void {
  const again = rows.filter((row) => row.attempts > 0).length;
  if (again > 0) state().metrics.retries.inc({ channel }, again);
}

// Counts a refusal by a rate limit.
export function countRateLimited(limiter: "device_api" | "sign_in"): void {
  state().metrics.rateLimited.inc({ limiter });
}

// Counts an event batch's outcome and hands the result back (so the handler stays one expression).
export function countEvents<
  T extends { accepted: number; duplicates: number; refused: ReadonlyArray<{ reason: string }> },
>(result: T): T {
  const { events, eventsRejected } = state().metrics;
  if (result.accepted) events.inc({ result: "accepted" }, result.accepted);
  if (result.duplicates) events.inc({ result: "duplicate" }, result.duplicates);
  if (result.refused.length) events.inc({ result: "rejected" }, result.refused.length);
  for (const { reason } of result.refused) eventsRejected.inc({ reason });
  return result;
}

// Measures one device API request on Node's HTTP server, from now until the response ends or the
// connection closes. `routeOf` turns the request's path into its route template (bounded label).
export function trackApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  routeOf: (pathname: string) => string,
): void {
  const end = state().metrics.apiDuration.startTimer();
  res.once("close", () => {
    const method = (req.method ?? "GET").toUpperCase();
    const labels = {
      route: routeOf((req.url ?? "/").split("?")[0]!),
      method: apiMethods.has(method) ? method : "OTHER",
    };
    // Ended by us (even if the socket was then cut, as for an oversized body) or left by the client first.
    const status = res.writableEnded ? String(res.statusCode) : "aborted";
    end(labels);
    state().metrics.apiRequests.inc({ ...labels, status });
  });
}
