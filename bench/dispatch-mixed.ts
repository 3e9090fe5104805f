// `npm run bench:dispatch-mixed`: one breaking-news campaign to BENCH_DEVICES (1,000,000) devices
// spread like a Chinese audience (30% Huawei/Honor, 20% Xiaomi, 18% OPPO, 17% vivo, 10% JPush only,
// 5% FCM; every device also has an MQTT address), from the send action until every Delivery row is
// final, with BENCH_WORKERS worker processes (one per core) and the six vendor fakes plus the FCM
// fake in their own processes on loopback. In the same run: each channel's provider alone against
// its fake (same batch sizes, no database); the same campaign through workers whose providers answer
// "sent" without any network (Herald's floor: fan-out, rendering, recording; bench/lib/floor-worker.ts);
// an FCM-only campaign to as many devices (bench:dispatch's Herald figure); and time to first push of
// BENCH_TTFP_RUNS breaking-news campaigns to BENCH_TTFP_DEVICES mixed devices. Records the figures
// in bench/RESULTS.md (bench/lib/results.ts).
import { register } from "node:module";
import { availableParallelism } from "node:os";
import pg from "pg";
import { dropDatabase, resolveDatabase } from "../scripts/lib/database";
import { activeAddressesSql, oneAddressSql } from "../server/devices/address-sql";
import { spawnFakeFcm } from "../tests/fakes/fcm/process";
import { fakeServiceAccount } from "../tests/fakes/fcm/service-account";
import { spawnVendorFakes, vendorChannels, vendorSecrets, type VendorTally } from "../tests/support/vendor-fakes";
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
import { describeMachine, loadAverage, processCpuMs } from "./lib/machine";
import { measureProviderAlone, workerProvider, type AloneResult } from "./lib/provider-alone";
import { recordSection } from "./lib/results";
import { setting } from "./lib/settings";

register("../scripts/lib/hooks.mjs", import.meta.url);

const say = (line: string) => console.log(`[bench:dispatch-mixed] ${line}`);
const devices = setting("BENCH_DEVICES", 1_000_000);
const fcmDevices = setting("BENCH_FCM_DEVICES", devices);
const workers = setting("BENCH_WORKERS", availableParallelism());
const aloneMessages = setting("BENCH_ALONE_MESSAGES", 50_000);
const ttfpDevices = setting("BENCH_TTFP_DEVICES", 100_000);
const ttfpRuns = setting("BENCH_TTFP_RUNS", 5);
const database = "herald_bench_dispatch_mixed";

process.env.HERALD_ENCRYPTION_KEY ??= Buffer.alloc(32, 9).toString("base64");
process.env.LOG_LEVEL ??= "warn";

// The audience: each share's primary channel, brand and maker (n % 100 below `upTo`).
const audience = [
  { upTo: 20, channel: "hms", brand: "HUAWEI", maker: "huawei" },
  { upTo: 30, channel: "honor", brand: "HONOR", maker: "honor" },
  { upTo: 40, channel: "xiaomi", brand: "Xiaomi", maker: "xiaomi" },
  { upTo: 50, channel: "xiaomi", brand: "Redmi", maker: "xiaomi" },
  { upTo: 62, channel: "oppo", brand: "OPPO", maker: "oppo" },
  { upTo: 68, channel: "oppo", brand: "OnePlus", maker: "oppo" },
  { upTo: 80, channel: "vivo", brand: "vivo", maker: "vivo" },
  { upTo: 85, channel: "vivo", brand: "iQOO", maker: "vivo" },
  { upTo: 95, channel: "jpush", brand: "Meizu", maker: "other" },
  { upTo: 100, channel: "fcm", brand: "samsung", maker: "other" },
] as const;
const byShare = (pick: (share: (typeof audience)[number]) => string) =>
  `(case ${audience.map((s) => `when n % 100 < ${s.upTo} then '${pick(s)}'`).join(" ")} end)`;
const mixedColumns = {
  ...activeAddressesSql([
    { channel: byShare((s) => s.channel), token: "$2 || n" },
    { channel: "'mqtt'", token: "null" },
  ]),
  brand: byShare((s) => s.brand),
  maker: byShare((s) => s.maker),
};

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(3) : "n/a");
const perSecond = (count: number, run: CampaignRun) => Math.round(count / run.seconds);
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

// Rows of a campaign by channel and status, devices with more than one row, and when the first
// row was recorded sent (ms after the send action).
async function inspect(pool: pg.Pool, run: CampaignRun) {
  const { rows: split } = await pool.query<{ channel: string; status: string; n: number }>(
    `select channel::text, status::text, count(*)::int as n from "Delivery" where "campaignId" = $1
      group by 1, 2 order by 1, 2`,
    [run.campaignId],
  );
  const { rows: twice } = await pool.query<{ n: number }>(
    `select count(*)::int as n from (select "deviceId" from "Delivery" where "campaignId" = $1
      group by 1 having count(*) > 1) d`,
    [run.campaignId],
  );
  const { rows: first } = await pool.query<{ at: number | null }>(
    `select (extract(epoch from min("sentAt")) * 1000)::float8 as at from "Delivery" where "campaignId" = $1`,
    [run.campaignId],
  );
  const sent = new Map<string, number>();
  for (const row of split) if (row.status === "sent") sent.set(row.channel, row.n);
  return {
    split,
    sent,
    rowsTwice: twice[0]!.n,
    firstSentMs: first[0]!.at === null ? null : Math.round(first[0]!.at - run.submittedAt),
  };
}

async function main() {
  const server = await resolveDatabase();
  const url = await freshDatabase(server.url, database);
  process.env.DATABASE_URL = url;
  const pool = new pg.Pool({ connectionString: url, max: 4, options: "-c TimeZone=UTC" });
  say(`starting the six vendor fakes and the FCM fake (load ${loadAverage()})`);
  const [vendors, fcm] = await Promise.all([spawnVendorFakes(), spawnFakeFcm()]);
  const fakeEnv = { ...vendors.env, HERALD_FCM_ENDPOINT: fcm.url, HERALD_FCM_CA_FILE: fcm.caFile };
  // This process builds providers too (the providers-alone figures), through the same wiring.
  Object.assign(process.env, fakeEnv);
  const workerEnv = { ...fakeEnv, HERALD_ENCRYPTION_KEY: process.env.HERALD_ENCRYPTION_KEY! };
  let running: WorkerProcess[] = [];
  // Each measured campaign starts on the same empty dispatch tables: the first runs recorded here ran
  // the mixed campaign last, on the floor's and FCM's 2,000,000 Delivery rows and their indexes,
  // which made the last run pay more per insert than the first.
  const emptyDispatchTables = async () => {
    await pool.query(`truncate "Delivery", "DispatchBatch", "InboxMessage"`);
    await pool.query(`vacuum analyze "Device"`);
  };
  const startWorkers = async (floor: boolean) => {
    await Promise.all(running.map((w) => w.kill()));
    running = Array.from({ length: workers }, () =>
      floor
        ? startWorkerProcess(url, { ...workerEnv, HERALD_BENCH_NO_NETWORK: "1" }, "bench/lib/floor-worker.ts")
        : startWorkerProcess(url, workerEnv),
    );
    await Promise.all(running.map((w) => w.ready));
  };
  try {
    const client = await pool.connect();
    const mixed = await createBenchApp(client as unknown as pg.Client, "Bench Mixed");
    const fcmOnly = await createBenchApp(client as unknown as pg.Client, "Bench FCM");
    const ttfpApp = await createBenchApp(client as unknown as pg.Client, "Bench Mixed Breaking");
    client.release();
    for (const appId of [mixed.id, ttfpApp.id]) {
      for (const channel of vendorChannels) await storeCredential(pool, appId, channel, vendorSecrets[channel]);
      await storeCredential(pool, appId, "fcm", fakeServiceAccount());
    }
    await storeCredential(pool, fcmOnly.id, "fcm", fakeServiceAccount());
    const editor: BenchEditor = await createBenchEditor(pool);
    say(
      `seeding ${devices.toLocaleString("en")} mixed, ${fcmDevices.toLocaleString("en")} FCM and ` +
        `${ttfpDevices.toLocaleString("en")} mixed breaking-news devices`,
    );
    const seedStarted = Date.now();
    await insertBenchDevices(pool, mixed.id, devices, "mx", mixedColumns);
    await insertBenchDevices(pool, fcmOnly.id, fcmDevices, "fcm", oneAddressSql("'fcm'", "$2 || n"));
    await insertBenchDevices(pool, ttfpApp.id, ttfpDevices, "tt", mixedColumns);
    say(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);

    // (a) Each provider alone against its fake.
    const alone: AloneResult[] = [];
    for (const channel of [...vendorChannels, "fcm" as const]) {
      const provider = await workerProvider(mixed.id, channel);
      try {
        const result = await measureProviderAlone(provider, `alone-${channel}`, aloneMessages);
        alone.push(result);
        say(
          `${channel} alone: ${result.perSecond} msgs/s (${result.sent}/${result.messages} sent, ` +
            `load ${loadAverage()})`,
        );
      } finally {
        await provider.close();
      }
    }
    await Promise.all([vendors.reset(), fcm.control.reset()]);

    // (b) Herald's floor: the mixed campaign through providers that never reach the network.
    await emptyDispatchTables();
    await startWorkers(true);
    const floorLoad = loadAverage();
    const floor = await runCampaign(pool, editor, benchCampaign(mixed.id, "Floor"), "Bench Mixed", running, say);
    const floorRate = perSecond(devices, floor);
    say(
      `floor ${floorRate} msgs/s (${floor.seconds.toFixed(1)} s, ${floor.state}, load ${floorLoad}); worker CPU ` +
        `${floor.workerCpuUs} us per message`,
    );

    // (c) FCM only, as bench:dispatch measures Herald.
    await emptyDispatchTables();
    await startWorkers(false);
    const fcmLoad = loadAverage();
    const fcmRun = await runCampaign(pool, editor, benchCampaign(fcmOnly.id, "FCM only"), "Bench FCM", running, say);
    const fcmRate = perSecond(fcmDevices, fcmRun);
    const fcmStats = await fcm.control.stats();
    say(
      `FCM only ${fcmRate} msgs/s (${fcmRun.seconds.toFixed(1)} s, ${fcmRun.state}, load ${fcmLoad}); worker CPU ` +
        `${fcmRun.workerCpuUs} us per message`,
    );
    await fcm.control.reset();

    // The mixed campaign through the real providers and fakes, on fresh workers (their RSS is this run's).
    await emptyDispatchTables();
    await startWorkers(false);
    const mixedLoad = loadAverage();
    // The fakes share the machine's cores with the workers and PostgreSQL: their CPU over the run.
    const fakePids = [...vendorChannels.map((channel) => vendors.fakes[channel].pid), fcm.pid];
    const fakeCpu = () => fakePids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
    const fakeCpuBefore = fakeCpu();
    const run = await runCampaign(pool, editor, benchCampaign(mixed.id, "Mixed"), "Bench Mixed", running, say);
    const rss = running.map((w) => w.peakRss() ?? 0);
    const herald = perSecond(devices, run);
    const fakeCpuUs = Math.round(((fakeCpu() - fakeCpuBefore) * 1000) / devices);
    const seen = await inspect(pool, run);
    const tallies: Record<string, VendorTally> = {
      ...(await vendors.tallies()),
      fcm: { accepted: (await fcm.control.stats()).accepted, duplicates: (await fcm.control.stats()).duplicateTokens },
    };
    // A device sent twice: a second Delivery row, a token a fake reports twice, or a fake that accepted
    // more messages for a channel than the channel's rows say were sent.
    const extra = Object.entries(tallies).map(([channel, t]) => ({
      channel,
      ...t,
      rows: seen.sent.get(channel) ?? 0,
      over: Math.max(0, t.accepted - (seen.sent.get(channel) ?? 0), t.duplicates),
    }));
    const sentTwice = seen.rowsTwice + extra.reduce((sum, e) => sum + e.over, 0);
    say(
      `mixed ${herald} msgs/s (${run.seconds.toFixed(1)} s, ${run.state}, load ${mixedLoad}); worker CPU ` +
        `${run.workerCpuUs} us per message, fakes ${fakeCpuUs} us; peak RSS ${rss.map(mb).join(", ")}; rows ` +
        `${JSON.stringify(seen.split)}; fakes ${JSON.stringify(extra)}`,
    );

    // Time to first push: breaking news to the smaller mixed app, on the same workers.
    const ttfp: number[] = [];
    for (let i = 0; i < ttfpRuns; i += 1) {
      const breaking = await runCampaign(
        pool,
        editor,
        benchCampaign(ttfpApp.id, `Breaking ${i + 1}`),
        "Bench Mixed Breaking",
        running,
        () => undefined,
      );
      const first = (await inspect(pool, breaking)).firstSentMs;
      if (first !== null) ttfp.push(first);
      say(`time to first push, run ${i + 1}: ${first} ms`);
    }
    const loadAfter = loadAverage();

    const { rows: version } = await pool.query<{ server_version: string }>("show server_version");
    const rows = (r: CampaignRun) => r.final.map((f) => `${f.status} ${f.n}`).join(", ");
    await recordSection(
      {
        title: `bench:dispatch-mixed, ${devices.toLocaleString("en")} devices`,
        command:
          `\`npm run bench:dispatch-mixed\` (BENCH_DEVICES=${devices}, BENCH_FCM_DEVICES=${fcmDevices}, ` +
          `BENCH_WORKERS=${workers}, BENCH_ALONE_MESSAGES=${aloneMessages}, BENCH_TTFP_DEVICES=${ttfpDevices}, ` +
          `BENCH_TTFP_RUNS=${ttfpRuns}); audience 20% HUAWEI, 10% HONOR, 20% Xiaomi/Redmi, 18% OPPO/OnePlus, ` +
          `17% vivo/iQOO, 10% JPush only, 5% FCM, every device with an MQTT address too.`,
        machine:
          `${describeMachine(version[0]!.server_version)}; shared with other work: load average ` +
          `${floorLoad} before the floor run, ${fcmLoad} before FCM only, ${mixedLoad} before the mixed run, ` +
          `${loadAfter} at the end.`,
        lines: [
          `**Herald mixed** (send action → every Delivery final): **${herald} msgs/s**, ${devices} devices in ` +
            `${run.seconds.toFixed(1)} s (${run.state}; ${rows(run)}); worker CPU ${run.workerCpuUs} µs per message; ` +
            `the seven fakes used ${fakeCpuUs} µs of CPU per message on the same cores.`,
          `Herald's floor (same campaign, providers answer "sent" without network): ${floorRate} msgs/s ` +
            `(${floor.seconds.toFixed(1)} s; ${rows(floor)}; worker CPU ${floor.workerCpuUs} µs per message). ` +
            `Mixed / floor = **${ratio(herald, floorRate)}** (target ≥ 0.8).`,
          `FCM only (bench:dispatch's Herald figure, ${fcmDevices} devices): ${fcmRate} msgs/s ` +
            `(${fcmRun.seconds.toFixed(1)} s; ${rows(fcmRun)}; fake accepted ${fcmStats.accepted}, tokens twice ` +
            `${fcmStats.duplicateTokens}; worker CPU ${fcmRun.workerCpuUs} µs per message). Mixed / FCM only = ` +
            `**${ratio(herald, fcmRate)}** (target ≥ 1).`,
          `Worker peak RSS in the mixed run: ${rss.map(mb).join(", ")} (target < 1 GB).`,
          `Devices sent twice: **${sentTwice}** (target 0): devices with two Delivery rows ${seen.rowsTwice}; per ` +
            `channel, messages the fake accepted / rows sent / tokens the fake saw twice: ` +
            extra.map((e) => `${e.channel} ${e.accepted}/${e.rows}/${e.duplicates}`).join(", ") +
            ".",
          `Time to first push (send action → first Delivery row recorded sent), ` +
            `${ttfpDevices.toLocaleString("en")}-device mixed breaking news, ${ttfpRuns} runs: ` +
            `${ttfp.join(", ")} ms; ` +
            `**p50 ${ttfp.length ? p50(ttfp) : "n/a"} ms** (target < 1000). In the big mixed run: ` +
            `${seen.firstSentMs} ms (its workers started just before it).`,
          `Each provider alone against its fake (the worker's provider and batch size, its concurrency in flight, ` +
            `no database; ${aloneMessages} messages each): ` +
            alone
              .map((a) => `${a.channel} ${a.perSecond} msgs/s (batch ${a.batch} × ${a.concurrency} in flight)`)
              .join(", ") +
            ".",
        ],
      },
      say,
    );
  } finally {
    await Promise.all(running.map((w) => w.kill()));
    await Promise.all([vendors.stop(), fcm.stop()]);
    await pool.end();
    await closeServerPools();
    const { closeDefaultChannels } = await import("../server/dispatch/channels");
    await closeDefaultChannels();
    if (process.env.BENCH_KEEP_DATABASE !== "1") await dropDatabase(server.url, database);
    await server.stop();
  }
}

await main();
process.exit(0);
