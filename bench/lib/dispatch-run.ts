// What the dispatch benchmarks (bench:dispatch, bench:dispatch-mixed) share: the staff editor who
// sends, an app's sealed vendor credential, the breaking-news campaign they send, one campaign run
// from the send action until every Delivery row is final (with the workers' CPU per message), and
// closing the server modules' own pools before the benchmark database is dropped.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { CredentialChannel, CredentialSecret } from "../../lib/channels";
import type { WorkerProcess } from "../../tests/support/worker-process";
import { processCpuMs } from "./machine";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type BenchEditor = Parameters<typeof import("../../server/campaigns/compose").createCampaign>[0];

// The editor the benchmarks send as.
export async function createBenchEditor(pool: pg.Pool): Promise<BenchEditor> {
  const { rows } = await pool.query<BenchEditor>(
    `insert into "User" (id, email, name, role, "passwordHash", "updatedAt")
       values (gen_random_uuid(), 'bench-editor@herald.local', 'Bench editor', 'editor', 'x', now())
       returning id, email, name, role, disabled`,
  );
  return rows[0]!;
}

// Stores an app's credential for `channel`, sealed as the app page's form would store it.
export async function storeCredential<C extends CredentialChannel>(
  pool: pg.Pool,
  appId: string,
  channel: C,
  secret: CredentialSecret<C>,
) {
  const { sealCredential } = await import("../../server/apps/credential-seal");
  await pool.query(
    `insert into "ProviderCredential" (id, "appId", channel, summary, "secretSealed", "updatedAt")
       values (gen_random_uuid(), $1, $2, '{}', $3, now())`,
    [appId, channel, sealCredential(appId, channel, secret)],
  );
}

// The benchmarks' campaign: breaking news (service class at every vendor), one English variant.
export function benchCampaign(appId: string, name: string, body = "One million devices, one campaign.") {
  return {
    appId,
    type: "news" as const,
    name,
    breaking: true,
    testDevicesOnly: false,
    holdoutPercent: 0,
    delivery: { priority: "high" as const, channels: [], collapseKey: "bench", ttlSeconds: 3600 },
    variants: [
      {
        key: "A",
        splitPercent: 100,
        fallbackLocale: "en",
        content: { en: { title: "Breaking: benchmark", body } },
      },
    ],
  };
}

export interface CampaignRun {
  campaignId: string;
  // When the send action was called (ms since the epoch).
  submittedAt: number;
  seconds: number;
  state: string;
  // Worker CPU (all workers) per targeted device, in microseconds.
  workerCpuUs: number;
  // Delivery rows by status.
  final: Array<{ status: string; n: number }>;
}

// Creates and submits a campaign as `editor`, then waits until it completes (or pauses or fails),
// logging progress every 15 s through `say`.
export async function runCampaign(
  pool: pg.Pool,
  editor: BenchEditor,
  input: ReturnType<typeof benchCampaign>,
  appName: string,
  workers: WorkerProcess[],
  say: (line: string) => void,
): Promise<CampaignRun> {
  const { createCampaign, submitCampaign } = await import("../../server/campaigns/compose");
  const { campaignId } = await createCampaign(editor, input, { kind: "now" }, randomUUID());
  // Worker CPU over the run: unlike msgs/s, it hardly moves when other processes share the machine.
  const cpuBefore = workers.map((w) => processCpuMs(w.pid) ?? 0);
  const submittedAt = Date.now();
  await submitCampaign(editor, campaignId, appName);
  let state = "";
  let targeted = 0;
  let lastLog = submittedAt;
  for (;;) {
    const { rows } = await pool.query(
      `select state::text, "sentCount", "failedCount", "queuedCount", "targetedCount" from "Campaign" where id = $1`,
      [campaignId],
    );
    const row = rows[0];
    state = row.state;
    targeted = row.targetedCount;
    if (state === "completed" || state === "paused" || state === "failed") break;
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      say(
        `${row.state}: targeted ${row.targetedCount}, sent ${row.sentCount}, failed ${row.failedCount}, queued ` +
          `${row.queuedCount}`,
      );
    }
    await sleep(200);
  }
  const seconds = (Date.now() - submittedAt) / 1000;
  const cpuMs = workers.reduce((sum, w, i) => sum + (processCpuMs(w.pid) ?? 0) - cpuBefore[i]!, 0);
  const { rows: final } = await pool.query<{ status: string; n: number }>(
    `select status::text, count(*)::int as n from "Delivery" where "campaignId" = $1 group by 1 order by 1`,
    [campaignId],
  );
  return {
    campaignId,
    submittedAt,
    seconds,
    state,
    workerCpuUs: Math.round((cpuMs * 1000) / Math.max(targeted, 1)),
    final,
  };
}

// Closes the pools the server modules opened in this process (they hold connections to the database
// the benchmark is about to drop).
export async function closeServerPools() {
  await (
    await import("../../server/sql")
  )
    .sqlPool()
    .end()
    .catch(() => undefined);
  await (await import("../../server/db")).db.$disconnect().catch(() => undefined);
}

// Inserts `count` Android devices of `appId` in statements of 100,000, then analyzes the table. The
// column expressions see the device's number as `n` and `prefix` as $2 (oneAddressSql("'fcm'",
// "$2 || n"), say); brand and maker default to none.
export async function insertBenchDevices(
  pool: pg.Pool,
  appId: string,
  count: number,
  prefix: string,
  columns: { addresses: string; channelMask: string; brand?: string; maker?: string },
) {
  for (let start = 0; start < count; start += 100_000) {
    const size = Math.min(100_000, count - start);
    await pool.query(
      `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", brand, maker, tags,
         locale, timezone, "updatedAt")
       select gen_random_uuid(), $1, gen_random_uuid(), 'android', ${columns.addresses}, ${columns.channelMask},
              ${columns.brand ?? "null"}, (${columns.maker ?? "null"})::"Maker", '{}', 'en-US', 'Europe/Berlin', now()
         from generate_series($3::int, $4::int) n`,
      [appId, `${prefix}-`, start + 1, start + size],
    );
  }
  await pool.query(`analyze "Device"`);
}
