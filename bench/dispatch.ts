// `npm run bench:dispatch`: one FCM campaign to BENCH_DEVICES (1,000,000) devices, from the send
// action until every Delivery row is final, with the worker(s) (one per core unless BENCH_WORKERS
// says otherwise) and a fake FCM server (its own process) on loopback. In the same run: the ceiling
// (bare HTTP/2 client), sdk-only (firebase-admin alone, 8 calls of 500 in flight) and two naive
// senders (sequential sendEachForMulticast of 500 + one status write per device: a raw UPDATE on a
// scratch table, and Prisma's delivery.update on Herald's Delivery table) against the same fake;
// then time to first push for a 100,000-device breaking-news campaign, 5 runs.
// BENCH_WORKERS may list several counts ("1,2,4"): the throughput run is then repeated with that many
// fresh worker processes each, on the same database, and the block gives each count's msgs/s as a ratio
// to the first 1-worker run of the same invocation (so machine load drifts as little as possible between
// the figures compared), with the peak number of database connections seen during each run.
// Prints a Markdown block for bench/RESULTS.md.
import { randomUUID } from "node:crypto";
import { register } from "node:module";
import { availableParallelism } from "node:os";
import pg from "pg";
import { dropDatabase, resolveDatabase } from "../scripts/lib/database";
import { oneAddressSql } from "../server/devices/address-sql";
import { spawnFakeFcm } from "../tests/fakes/fcm/process";
import { fakeServiceAccount } from "../tests/fakes/fcm/service-account";
import { startWorkerProcess, type WorkerProcess } from "../tests/support/worker-process";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import {
  benchCampaign,
  closeServerPools,
  createBenchEditor,
  insertBenchDevices,
  runCampaign,
  storeCredential,
  type BenchEditor,
  type CampaignRun,
} from "./lib/dispatch-run";
import { createNaiveTable, measureCeiling, measureNaive, measureNaiveWith, measureSdkOnly } from "./lib/fcm-baselines";
import { describeMachine, loadAverage } from "./lib/machine";
import { setting } from "./lib/settings";

register("../scripts/lib/hooks.mjs", import.meta.url);

const say = (line: string) => console.log(`[bench:dispatch] ${line}`);
const devices = setting("BENCH_DEVICES", 1_000_000);
// One worker process per core, as a deployment on this machine would run them (a worker's event
// loop is one thread; BENCH_WORKERS=1 measures a single one, BENCH_WORKERS=1,2,4 each in turn).
const workerCounts = (process.env.BENCH_WORKERS ?? String(availableParallelism()))
  .split(",")
  .map((count) => Number(count.trim()))
  .filter((count) => Number.isInteger(count) && count > 0);
if (!workerCounts.length) throw new Error("BENCH_WORKERS must be a worker count or a list of them, e.g. 1,2,4");
const baselineMessages = setting("BENCH_BASELINE_MESSAGES", 200_000);
const naiveMessages = setting("BENCH_NAIVE_MESSAGES", 20_000);
const ttfpDevices = setting("BENCH_TTFP_DEVICES", 100_000);
const ttfpRuns = setting("BENCH_TTFP_RUNS", 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

process.env.HERALD_ENCRYPTION_KEY ??= Buffer.alloc(32, 9).toString("base64");
process.env.LOG_LEVEL ??= "warn";

const fcmAddress = oneAddressSql("'fcm'", "$2 || n");

const insertDevices = (pool: pg.Pool, appId: string, count: number, prefix: string) =>
  insertBenchDevices(pool, appId, count, prefix, fcmAddress);

// The naive sender on Herald's own tables: a draft campaign's queued Delivery rows, each answer
// written with Prisma's delivery.update (what a quick implementation with the app's ORM does).
async function measureNaiveOnDeliveries(
  pool: pg.Pool,
  editor: BenchEditor,
  appId: string,
  target: { url: string; ca: string },
  count: number,
) {
  const { createCampaign } = await import("../server/campaigns/compose");
  const { db } = await import("../server/db");
  const variants = [
    {
      key: "A",
      splitPercent: 100,
      fallbackLocale: "en",
      content: { en: { title: "Naive", body: "One device at a time." } },
    },
  ];
  const delivery = { priority: "high" as const, channels: [], collapseKey: "naive", ttlSeconds: 3600 };
  const draft = {
    appId,
    type: "news" as const,
    name: "Naive",
    breaking: false,
    testDevicesOnly: false,
    holdoutPercent: 0,
    delivery,
    variants,
  };
  const { campaignId } = await createCampaign(editor, draft, { kind: "now" }, randomUUID());
  await pool.query(
    `insert into "Delivery" ("campaignId", run, "waveId", "deviceId", channel, status)
       select $1, 0, 0, id, 'fcm', 'queued' from "Device" where "appId" = $2 order by id limit $3`,
    [campaignId, appId, count],
  );
  const load = async () =>
    (
      await pool.query<{ id: string; token: string }>(
        `select d.id::text as id, v.addresses->0->>'token' as token
           from "Delivery" d join "Device" v on v.id = d."deviceId"
           where d."campaignId" = $1 and d.status = 'queued' order by d.id`,
        [campaignId],
      )
    ).rows;
  return measureNaiveWith(target, load, (row, answer) =>
    db.delivery.updateMany({
      where: { id: BigInt(row.id) },
      data: {
        status: answer.success ? "sent" : "failed",
        providerMessageId: answer.messageId ?? null,
        errorCode: answer.error?.code ?? null,
        attempts: { increment: 1 },
        sentAt: answer.success ? new Date() : null,
        updatedAt: new Date(),
      },
    }),
  );
}

// One throughput run: the campaign's figures with the worker count, the fake's view and the machine's.
interface ThroughputRun extends CampaignRun {
  workers: number;
  load: string;
  msgsPerSecond: number;
  stats: Awaited<ReturnType<Awaited<ReturnType<typeof spawnFakeFcm>>["control"]["stats"]>>;
  rss: number[];
  peakConnections: number;
}

// Samples the number of connections to the benchmark's database every 250 ms (workers' pools, LISTEN
// connections, graphile-worker's pool and this process's), keeping the peak.
function watchConnections(pool: pg.Pool) {
  let peak = 0;
  const sample = () =>
    pool
      .query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database()`)
      .then(({ rows }) => (peak = Math.max(peak, rows[0]!.n)))
      .catch(() => undefined);
  const timer = setInterval(() => void sample(), 250);
  return {
    peak: () => peak,
    stop: () => clearInterval(timer),
  };
}

async function main() {
  const server = await resolveDatabase();
  // Named per process: two runs on one server (engineers sharing a machine) must not drop each other's.
  const databaseName = `herald_bench_dispatch_${process.pid}`;
  const url = await freshDatabase(server.url, databaseName);
  process.env.DATABASE_URL = url;
  const pool = new pg.Pool({ connectionString: url, max: 4, options: "-c TimeZone=UTC" });
  const fake = await spawnFakeFcm();
  const target = { url: fake.url, ca: fake.ca };
  const running: WorkerProcess[] = [];
  try {
    const client = await pool.connect();
    const app = await createBenchApp(client as unknown as pg.Client, "Bench News");
    const ttfpApp = await createBenchApp(client as unknown as pg.Client, "Bench Breaking");
    client.release();
    for (const id of [app.id, ttfpApp.id]) await storeCredential(pool, id, "fcm", fakeServiceAccount());
    const editor = await createBenchEditor(pool);
    say(`seeding ${devices.toLocaleString("en")} + ${ttfpDevices.toLocaleString("en")} devices`);
    await insertDevices(pool, app.id, devices, "bench");
    await insertDevices(pool, ttfpApp.id, ttfpDevices, "ttfp");

    say(`baselines against the fake (load ${loadAverage()})`);
    await fake.control.reset();
    const ceiling = await measureCeiling(target, baselineMessages);
    say(`ceiling ${ceiling.perSecond} msgs/s`);
    await fake.control.reset();
    const sdkOnly = await measureSdkOnly(target, baselineMessages, 8);
    say(`sdk-only ${sdkOnly.perSecond} msgs/s`);
    await createNaiveTable(pool, "naive_delivery", naiveMessages);
    await fake.control.reset();
    const naive = await measureNaive(target, pool, "naive_delivery");
    say(`naive ${naive.perSecond} msgs/s`);
    const naiveOrm = await measureNaiveOnDeliveries(pool, editor, app.id, target, naiveMessages);
    say(`naive on Delivery through Prisma ${naiveOrm.perSecond} msgs/s`);

    const workerEnv = {
      HERALD_FCM_ENDPOINT: fake.url,
      HERALD_FCM_CA_FILE: fake.caFile,
      HERALD_ENCRYPTION_KEY: process.env.HERALD_ENCRYPTION_KEY!,
    };
    const { createCampaign, submitCampaign } = await import("../server/campaigns/compose");

    // The throughput runs: one per worker count, each with fresh worker processes and a fresh campaign to
    // every device (news is exempt from frequency caps, so each run sends to all of them).
    const runs: ThroughputRun[] = [];
    for (const [index, workers] of workerCounts.entries()) {
      await Promise.all(running.map((w) => w.kill()));
      running.length = 0;
      for (let i = 0; i < workers; i += 1) running.push(startWorkerProcess(url, workerEnv));
      await Promise.all(running.map((w) => w.ready));
      await fake.control.reset();
      const load = loadAverage();
      const connections = watchConnections(pool);
      const throughput = await runCampaign(
        pool,
        editor,
        benchCampaign(app.id, `Throughput ${index + 1}`),
        "Bench News",
        running,
        say,
      ).finally(() => connections.stop());
      const stats = await fake.control.stats();
      const run: ThroughputRun = {
        workers,
        load,
        ...throughput,
        msgsPerSecond: Math.round(devices / throughput.seconds),
        stats,
        rss: running.map((w) => w.peakRss() ?? 0),
        peakConnections: connections.peak(),
      };
      runs.push(run);
      say(
        `${workers} worker(s): herald ${run.msgsPerSecond} msgs/s (${run.seconds.toFixed(1)} s, ${run.state}, load ` +
          `${load} before); worker CPU ${run.workerCpuUs} us per message (all workers); rows ` +
          `${JSON.stringify(run.final)}; fake accepted ${stats.accepted}, duplicates ${stats.duplicateTokens}; peak ` +
          `${run.peakConnections} connections to the database`,
      );
    }
    const first = runs[0]!;
    const { seconds, workerCpuUs, final, stats, rss } = first;
    const workers = first.workers;
    const herald = first.msgsPerSecond;
    // The reference for the scaling ratios: the first run with one worker (else the first run).
    const single = runs.find((run) => run.workers === 1) ?? first;

    // Time to first push, breaking news to 100,000 devices (with the last run's workers).
    const ttfp: number[] = [];
    for (let run = 0; run < ttfpRuns; run += 1) {
      await fake.control.reset();
      const created = await createCampaign(
        editor,
        benchCampaign(ttfpApp.id, `Breaking ${run + 1}`),
        { kind: "now" },
        randomUUID(),
      );
      const t0 = Date.now();
      await submitCampaign(editor, created.campaignId, "Bench Breaking");
      let first: number | null = null;
      while (first === null) {
        first = (await fake.control.stats()).firstRequestAt;
        if (first === null) await sleep(5);
      }
      ttfp.push(first - t0);
      say(`time to first push, run ${run + 1}: ${first - t0} ms`);
      while (
        (await pool.query(`select state::text from "Campaign" where id = $1`, [created.campaignId])).rows[0].state !==
        "completed"
      )
        await sleep(200);
    }
    const sorted = [...ttfp].sort((a, b) => a - b);
    const { rows: version } = await pool.query<{ server_version: string }>("show server_version");
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    console.log(
      [
        "",
        `### bench:dispatch — ${new Date().toISOString().slice(0, 10)}`,
        "",
        `Command: \`npm run bench:dispatch\` (BENCH_DEVICES=${devices}, BENCH_WORKERS=${workerCounts.join(",")}). ` +
          `Machine: ` +
          `${describeMachine(version[0]!.server_version)}.`,
        "",
        "| sender | msgs/s | note |",
        "| --- | ---: | --- |",
        `| ceiling (bare HTTP/2, no SDK, no DB) | ${ceiling.perSecond} | ${ceiling.messages} messages |`,
        `| sdk-only (firebase-admin, 8 × 500 in flight, no DB) | ${sdkOnly.perSecond} | ${sdkOnly.messages} messages |`,
        `| naive (sequential 500s + UPDATE per device, scratch table, pg) | ${naive.perSecond} | ${naive.messages} ` +
          `messages |`,
        `| naive on Herald's tables (sequential 500s + Prisma delivery.update per device) | ${naiveOrm.perSecond} ` +
          `| ${naiveOrm.messages} messages |`,
        `| **Herald** (send action → every Delivery final) | **${herald}** | ${devices} devices in ` +
          `${seconds.toFixed(1)} s, ${workers} worker(s), final: ` +
          `${final.map((r) => `${r.status} ${r.n}`).join(", ")} |`,
        ...runs
          .slice(1)
          .map(
            (run) =>
              `| **Herald**, ${run.workers} worker(s) | **${run.msgsPerSecond}** | ${devices} devices in ` +
              `${run.seconds.toFixed(1)} s, final: ${run.final.map((r) => `${r.status} ${r.n}`).join(", ")} |`,
          ),
        "",
        ...(runs.length > 1
          ? [
              `Worker processes, one campaign each, in this order (msgs/s as a ratio to ${single.workers} worker(s), ` +
                `${single.msgsPerSecond} msgs/s):`,
              "",
              "| workers | msgs/s | ratio | worker CPU µs/message | peak DB connections | duplicates | load before |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
              ...runs.map(
                (run) =>
                  `| ${run.workers} | ${run.msgsPerSecond} | ${ratio(run.msgsPerSecond, single.msgsPerSecond)} | ` +
                  `${run.workerCpuUs} | ${run.peakConnections} | ${run.stats.duplicateTokens} | ${run.load} |`,
              ),
              "",
            ]
          : []),
        `Herald / sdk-only = ${ratio(herald, sdkOnly.perSecond)} (target ≥ 0.8); Herald / naive = ` +
          `${ratio(herald, naive.perSecond)} on the scratch table, ${ratio(herald, naiveOrm.perSecond)} on ` +
          `Herald's tables (target ≥ 5); Herald / ceiling = ${ratio(herald, ceiling.perSecond)}.`,
        `Worker CPU: ${workerCpuUs} µs per message. ` +
          `Worker peak RSS: ${rss.map((b) => `${Math.round(b / 1048576)} MB`).join(", ")} (target < 1 GB). Fake: ` +
          `accepted ${stats.accepted}, tokens received twice ${stats.duplicateTokens}.`,
        ttfp.length
          ? `Time to first push, ${ttfpDevices.toLocaleString("en")}-device breaking news, ${ttfpRuns} runs: ` +
            `${ttfp.join(", ")} ms; p50 ${sorted[Math.floor((sorted.length - 1) / 2)]} ms (target < 1000).`
          : "Time to first push: not measured (BENCH_TTFP_RUNS=0).",
        "",
      ].join("\n"),
    );
  } finally {
    await Promise.all(running.map((w) => w.kill()));
    await fake.stop();
    await pool.end();
    // The server modules this process used keep pools of their own; close them before the drop.
    await closeServerPools();
    if (process.env.BENCH_KEEP_DATABASE !== "1") await dropDatabase(server.url, databaseName);
    await server.stop();
  }
}

await main();
process.exit(0);
