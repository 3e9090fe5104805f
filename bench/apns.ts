// `npm run bench:apns`: one breaking-news campaign to BENCH_DEVICES (300,000) iOS devices through
// Herald (BENCH_WORKERS worker processes and PostgreSQL, from the send action until every Delivery
// row is final) to the fake APNs server (HTTP/2, TLS, JWT checked) in its own process; and in the same
// run the same number of notifications through @parse/node-apn alone (no database, no Herald code in
// the loop: the library's Provider, one connection per worker, the same batches of 500, the same
// number of batches in flight as the workers have and the same cap of 1,000 streams in flight per
// connection, Apple's limit) against the same fake. Reports msgs/s of each and
// their ratio (target >= 0.6), the workers' peak RSS, and anything sent twice (a second Delivery row
// for a device, or a delivery id the fake accepted twice). Records the figures in bench/RESULTS.md.
import { register } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import apn from "@parse/node-apn";
import pg from "pg";
import { apnsPayload } from "../lib/campaigns/provider-payloads";
import { dropDatabase, resolveDatabase } from "../scripts/lib/database";
import { oneAddressSql } from "../server/devices/address-sql";
import { RequestWindow } from "../server/dispatch/providers/apns/window";
import { fakeApnsApp, type ApnsStats } from "../tests/fakes/apns/server";
import { spawnFake } from "../tests/fakes/loopback-fake";
import { startWorkerProcess, type WorkerProcess } from "../tests/support/worker-process";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import { benchCampaign, closeServerPools, createBenchEditor, runCampaign, storeCredential } from "./lib/dispatch-run";
import { describeMachine, loadAverage, processCpuMs } from "./lib/machine";
import { recordSection } from "./lib/results";
import { setting } from "./lib/settings";

register("../scripts/lib/hooks.mjs", import.meta.url);

const say = (line: string) => console.log(`[bench:apns] ${line}`);
const devices = setting("BENCH_DEVICES", 300_000);
const workers = setting("BENCH_WORKERS", availableParallelism());
// Batches one worker sends at once (HERALD_DISPATCH_CONCURRENCY) and messages per batch (apnsMaxBatch).
const dispatchConcurrency = setting("BENCH_DISPATCH_CONCURRENCY", 8);
const batchSize = 500;
const database = "herald_bench_apns";

process.env.HERALD_ENCRYPTION_KEY ??= Buffer.alloc(32, 9).toString("base64");
process.env.LOG_LEVEL ??= "warn";

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

// `count` iOS devices with a 64-hex-digit APNs token each (`prefix` and the device number).
async function insertIosDevices(pool: pg.Pool, appId: string, count: number, prefix: string) {
  const address = oneAddressSql("'apns'", "$2 || lpad(to_hex(n), 56, '0')");
  for (let start = 0; start < count; start += 100_000) {
    const size = Math.min(100_000, count - start);
    await pool.query(
      `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", tags, locale,
         timezone, "updatedAt")
       select gen_random_uuid(), $1, gen_random_uuid(), 'ios', ${address.addresses}, ${address.channelMask}, '{}',
              'en-US', 'Europe/Berlin', now()
         from generate_series($3::int, $4::int) n`,
      [appId, prefix, start + 1, start + size],
    );
  }
  await pool.query(`analyze "Device"`);
}

// node-apn alone: `count` notifications (tokens as the devices', payload as Herald builds it) over
// `connections` Providers, `lanes` batches of 500 in flight, each batch's requests all at once.
async function nodeApnAlone(endpoint: { port: number; ca: string }, count: number, connections: number, lanes: number) {
  const providers = Array.from(
    { length: connections },
    () =>
      new apn.Provider({
        token: { key: fakeApnsApp.key, keyId: fakeApnsApp.keyId, teamId: fakeApnsApp.teamId },
        production: true,
        address: "127.0.0.1",
        port: endpoint.port,
        ca: [Buffer.from(endpoint.ca)],
        connectionRetryLimit: 1,
        // Herald's request deadline (apnsSettings), not node-apn's 5 s default.
        requestTimeout: 10_000,
      }),
  );
  const windows = providers.map(() => new RequestWindow(1000));
  const content = { title: "Breaking: benchmark", body: "Three hundred thousand iPhones, one campaign." };
  const expiry = Math.floor(Date.now() / 1000) + 3600;
  let next = 0;
  let sent = 0;
  let failed = 0;
  const started = performance.now();
  const lane = async (index: number) => {
    const provider = providers[index % connections]!;
    const window = windows[index % connections]!;
    while (next < count) {
      const first = next;
      const size = Math.min(batchSize, count - first);
      next += size;
      await Promise.all(
        Array.from({ length: size }, async (_, i) => {
          const n = first + i + 1;
          const note = new apn.Notification();
          note.rawPayload = apnsPayload(
            content,
            { priority: "high", collapseKey: "bench", ttlSeconds: 3600 },
            {
              campaignId: "alone",
              deliveryId: String(n),
            },
          );
          note.topic = fakeApnsApp.bundleId;
          note.pushType = "alert";
          note.priority = 10;
          note.expiry = expiry;
          note.collapseId = "bench";
          const token = `a1a1a1a1${n.toString(16).padStart(56, "0")}`;
          const result = await window.run(() => provider.send(note, token));
          sent += result.sent.length;
          failed += result.failed.length;
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(providers.map((p) => new Promise<void>((resolve) => p.shutdown(() => resolve()))));
  return { sent, failed, seconds, perSecond: Math.round(count / seconds) };
}

async function main() {
  const server = await resolveDatabase();
  const url = await freshDatabase(server.url, database);
  process.env.DATABASE_URL = url;
  const pool = new pg.Pool({ connectionString: url, max: 4, options: "-c TimeZone=UTC" });
  const fake = await spawnFake(path.join(import.meta.dirname, "../tests/fakes/apns/server.ts"));
  const quietFake = () => fake.control.call("POST /__fake/configure", { keepRequests: false });
  const fakeStats = () => fake.control.call<ApnsStats>("GET /__fake/stats");
  await quietFake();
  let running: WorkerProcess[] = [];
  try {
    const client = await pool.connect();
    const app = await createBenchApp(client as unknown as pg.Client, "Bench APNs");
    client.release();
    await storeCredential(pool, app.id, "apns", fakeApnsApp);
    const editor = await createBenchEditor(pool);
    say(`seeding ${devices.toLocaleString("en")} iOS devices`);
    await insertIosDevices(pool, app.id, devices, "b0b0b0b0");

    // (a) node-apn alone against the fake: as many connections as workers, as many batches in flight.
    const lanes = workers * dispatchConcurrency;
    const aloneLoad = loadAverage();
    const fakeCpuAloneBefore = processCpuMs(fake.pid) ?? 0;
    const alone = await nodeApnAlone({ port: fake.port, ca: fake.ca }, devices, workers, lanes);
    const fakeCpuAloneUs = Math.round((((processCpuMs(fake.pid) ?? 0) - fakeCpuAloneBefore) * 1000) / devices);
    const aloneStats = await fakeStats();
    say(
      `node-apn alone: ${alone.perSecond} msgs/s (${alone.seconds.toFixed(1)} s, ${alone.sent} sent, ` +
        `${alone.failed} failed, fake accepted ${aloneStats.accepted}, duplicates ${aloneStats.duplicates}, ` +
        `load ${aloneLoad})`,
    );
    await fake.control.call("POST /__fake/reset");
    await quietFake();

    // (b) Herald: the campaign through worker processes and the database to the same fake.
    running = Array.from({ length: workers }, () =>
      startWorkerProcess(url, {
        HERALD_ENCRYPTION_KEY: process.env.HERALD_ENCRYPTION_KEY!,
        HERALD_APNS_ENDPOINT: fake.url,
        HERALD_APNS_CA_FILE: fake.caFile,
        HERALD_DISPATCH_CONCURRENCY: String(dispatchConcurrency),
      }),
    );
    await Promise.all(running.map((w) => w.ready));
    const heraldLoad = loadAverage();
    const fakeCpuBefore = processCpuMs(fake.pid) ?? 0;
    const run = await runCampaign(
      pool,
      editor,
      benchCampaign(app.id, "APNs", "Three hundred thousand iPhones, one campaign."),
      "Bench APNs",
      running,
      say,
    );
    const fakeCpuUs = Math.round((((processCpuMs(fake.pid) ?? 0) - fakeCpuBefore) * 1000) / devices);
    const rss = running.map((w) => w.peakRss() ?? 0);
    const herald = Math.round(devices / run.seconds);
    const stats = await fakeStats();
    const { rows: twice } = await pool.query<{ n: number }>(
      `select count(*)::int as n from (select "deviceId" from "Delivery" where "campaignId" = $1
        group by 1 having count(*) > 1) d`,
      [run.campaignId],
    );
    const sentRows = run.final.find((row) => row.status === "sent")?.n ?? 0;
    const sentTwice = twice[0]!.n + stats.duplicates + Math.max(0, stats.accepted - sentRows);
    const ratio = herald / alone.perSecond;
    say(
      `Herald: ${herald} msgs/s (${run.seconds.toFixed(1)} s, ${run.state}, load ${heraldLoad}); rows ` +
        `${JSON.stringify(run.final)}; fake accepted ${stats.accepted}, errors ${JSON.stringify(stats.errors)}, ` +
        `sessions ${stats.sessions}, JWTs ${stats.jwts}; worker CPU ${run.workerCpuUs} us per message; peak RSS ` +
        `${rss.map(mb).join(", ")}; sent twice ${sentTwice}; ratio ${ratio.toFixed(3)}`,
    );

    const { rows: version } = await pool.query<{ server_version: string }>("show server_version");
    const finalRows = run.final.map((f) => `${f.status} ${f.n}`).join(", ");
    await recordSection(
      {
        title: `bench:apns, ${devices.toLocaleString("en")} iOS devices`,
        command:
          `\`npm run bench:apns\` (BENCH_DEVICES=${devices}, BENCH_WORKERS=${workers}, ` +
          `BENCH_DISPATCH_CONCURRENCY=${dispatchConcurrency}); the fake APNs server (HTTP/2 over TLS, JWT ` +
          `checked) in its own process; node-apn alone first, then Herald, on the same fake.`,
        machine:
          `${describeMachine(version[0]!.server_version)}; load average ${aloneLoad} before node-apn alone, ` +
          `${heraldLoad} before Herald's run.`,
        lines: [
          `Herald: ${herald.toLocaleString("en")} msgs/s (${run.seconds.toFixed(1)} s from the send action until ` +
            `every Delivery row was final, ${run.state}; rows ${finalRows})`,
          `node-apn alone: ${alone.perSecond.toLocaleString("en")} msgs/s (${alone.seconds.toFixed(1)} s, ` +
            `${alone.sent.toLocaleString("en")} sent, ${alone.failed} failed; ${workers} connections, ${lanes} ` +
            `batches of ${batchSize} in flight)`,
          `ratio Herald / node-apn alone: ${ratio.toFixed(3)} (target >= 0.6)`,
          `worker peak RSS: ${rss.map(mb).join(", ")}; worker CPU ${run.workerCpuUs} us per message; the fake's ` +
            `CPU ${fakeCpuUs} us per message under Herald, ${fakeCpuAloneUs} us under node-apn alone`,
          `sent twice: ${sentTwice} (Delivery rows twice ${twice[0]!.n}, delivery ids the fake accepted twice ` +
            `${stats.duplicates}, accepted ${stats.accepted} vs ${sentRows} rows sent); fake: ${stats.sessions} ` +
            `HTTP/2 sessions, ${stats.jwts} JWTs, ${stats.resets} reset streams, errors ` +
            JSON.stringify(stats.errors),
        ],
      },
      say,
    );
  } finally {
    await Promise.all(running.map((w) => w.kill()));
    await fake.stop();
    await pool.end();
    await closeServerPools();
    await dropDatabase(server.url, database).catch(() => undefined);
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
