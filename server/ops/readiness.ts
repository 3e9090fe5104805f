// What /healthz and /readyz answer (served by Herald's HTTP server, no auth, cheap).
// - /healthz: the process is alive and serving: always 200 while it can answer at all.
// - /readyz: 200 when the database answers, every migration in prisma/migrations is applied, some
//   worker wrote its heartbeat recently, and the default MQTT broker (HERALD_MQTT_URL or the
//   embedded one, once started) accepts TCP connections; otherwise 503 with the failing checks.
//   One evaluation is shared by the requests of the same second, so a flood costs one probe a second.
import "server-only";
import { readdir } from "node:fs/promises";
import { connect } from "node:net";
import path from "node:path";
import { defaultBrokerSecret } from "@/server/mqtt/embedded-broker";
import { sqlPool } from "@/server/sql";
import { heartbeatStaleAfterMs } from "./heartbeat";

export interface Check {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  status: "ready" | "not_ready";
  checks: { database: Check; migrations: Check; workers: Check; broker: Check };
}

const probeTimeoutMs = 1_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${probeTimeoutMs} ms`)), probeTimeoutMs).unref(),
    ),
  ]);
}

async function expectedMigrations(root: string): Promise<string[]> {
  const entries = await readdir(path.join(root, "prisma", "migrations"), { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

function brokerReachable(url: string): Promise<void> {
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === "mqtts:" ? 8883 : 1883));
  return new Promise((resolve, reject) => {
    const socket = connect({ host: parsed.hostname, port });
    socket.setTimeout(probeTimeoutMs, () => socket.destroy(new Error(`no answer within ${probeTimeoutMs} ms`)));
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
    socket.once("error", reject);
  });
}

const failed = (error: unknown): Check => ({
  ok: false,
  detail: error instanceof Error ? error.message : String(error),
});

export async function evaluateReadiness(root: string): Promise<Readiness> {
  const pool = sqlPool();
  const database = withTimeout(pool.query("select 1"), "PostgreSQL").then(
    (): Check => ({ ok: true, detail: "answers" }),
    failed,
  );
  const migrations = (async (): Promise<Check> => {
    const [expected, applied] = await Promise.all([
      expectedMigrations(root),
      withTimeout(
        pool.query<{ name: string }>(
          `select migration_name as name from _prisma_migrations
            where finished_at is not null and rolled_back_at is null`,
        ),
        "PostgreSQL",
      ),
    ]);
    const done = new Set(applied.rows.map((r) => r.name));
    const missing = expected.filter((name) => !done.has(name));
    return missing.length === 0
      ? { ok: true, detail: `${expected.length} applied` }
      : { ok: false, detail: `not applied: ${missing.join(", ")}` };
  })().catch(failed);
  const workers = withTimeout(
    pool.query<{ n: number }>(
      `select count(*)::int as n from "WorkerHeartbeat" where "seenAt" > now() - $1 * interval '1 millisecond'`,
      [heartbeatStaleAfterMs],
    ),
    "PostgreSQL",
  ).then(
    ({ rows }): Check =>
      rows[0]!.n > 0
        ? { ok: true, detail: `${rows[0]!.n} alive` }
        : { ok: false, detail: `no worker heartbeat within ${heartbeatStaleAfterMs / 1000} s` },
    failed,
  );
  const secret = defaultBrokerSecret();
  const broker: Promise<Check> = secret
    ? brokerReachable(secret.brokerUrl).then((): Check => ({ ok: true, detail: "accepts connections" }), failed)
    : Promise.resolve({ ok: true, detail: "embedded broker starts on first use" });
  const checks = {
    database: await database,
    migrations: await migrations,
    workers: await workers,
    broker: await broker,
  };
  return { status: Object.values(checks).every((c) => c.ok) ? "ready" : "not_ready", checks };
}

// The last evaluation, shared for a second.
let last: { at: number; result: Promise<Readiness> } | null = null;

export function readiness(root: string, now = Date.now()): Promise<Readiness> {
  if (!last || now - last.at >= 1_000) last = { at: now, result: evaluateReadiness(root) };
  return last.result;
}
