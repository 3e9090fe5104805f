// `npm run bench:webpush`: one breaking-news campaign to BENCH_DEVICES (300,000) web devices through
// Herald (send action → every Delivery row final; BENCH_WORKERS worker processes, their Web Push
// provider with web-push 3.6 and aes128gcm encryption per message) to the fake push service in its
// own process; and in the same run the same payloads through the web-push library alone (no Herald,
// no database) against the same fake, in as many processes with the in-flight requests a worker's
// provider keeps (bench/lib/webpush-alone.ts), with one cached VAPID header as Herald's provider signs,
// and signing a JWT per request as web-push does when handed vapidDetails (BENCH_ALONE_MODES, default
// "cached,per-request": the first runs before Herald, the other after). The fake checks
// VAPID (JWT signature once per header, exp, aud), TTL, Urgency, Topic, Content-Encoding, the aes128gcm
// header and size, but does not decrypt (its decryption would cost as much CPU as the senders'
// encryption, on the same cores); the provider tests prove decryption. Records bench/RESULTS.md.
import { spawn } from "node:child_process";
import { register } from "node:module";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { dropDatabase, resolveDatabase } from "../scripts/lib/database";
import { generateVapidKeys } from "../server/dispatch/providers/webpush/vapid";
import { oneAddressSql } from "../server/devices/address-sql";
import { newSubscriptionKeys } from "../tests/fakes/webpush/crypto";
import { spawnFakeWebPush } from "../tests/fakes/webpush/server";
import { startWorkerProcess, type WorkerProcess } from "../tests/support/worker-process";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import {
  benchCampaign,
  closeServerPools,
  createBenchEditor,
  runCampaign,
  storeCredential,
  type CampaignRun,
} from "./lib/dispatch-run";
import { describeMachine, loadAverage, processCpuMs } from "./lib/machine";
import { recordSection } from "./lib/results";
import { setting } from "./lib/settings";

// Herald's server modules mark themselves "server-only"; this process runs them as the server does.
register("../scripts/lib/hooks.mjs", import.meta.url);

const say = (line: string) => console.log(`[bench:webpush] ${line}`);
const devices = setting("BENCH_DEVICES", 300_000);
const workers = setting("BENCH_WORKERS", availableParallelism());
// In flight per process: a worker's provider limits (4 send() calls of a credential × 64 requests each).
const inflight = setting("BENCH_INFLIGHT", 256);
const keyPool = 64;
// Which web-push-alone runs, in order (the first before Herald, the others after it).
const aloneModes = (process.env.BENCH_ALONE_MODES ?? "cached,per-request")
  .split(",")
  .filter((mode): mode is "cached" | "per-request" => mode === "cached" || mode === "per-request");
const modeText = {
  cached: "one cached VAPID header (as Herald's provider signs)",
  "per-request": "VAPID JWT signed per request (vapidDetails, as web-push's README sends)",
};
const database = "herald_bench_webpush";
const root = path.resolve(import.meta.dirname, "..");

process.env.HERALD_ENCRYPTION_KEY ??= Buffer.alloc(32, 9).toString("base64");
process.env.LOG_LEVEL ??= "warn";

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(3) : "n/a");

interface AloneRun {
  mode: string;
  sent: number;
  failed: number;
  seconds: number;
  perSecond: number;
  errors: Record<string, number>;
  peakRssMb: number[];
  // CPU of the sending processes per message, in microseconds.
  cpuUs: number;
}

// Peak RSS (VmHWM) of a process, in MB, from /proc.
function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

// web-push alone in `workers` processes, each with its share of the devices.
async function runAlone(mode: "per-request" | "cached", env: Record<string, string>): Promise<AloneRun> {
  const share = Math.ceil(devices / workers);
  const children = Array.from({ length: workers }, (_, i) => {
    const from = 1 + i * share;
    const count = Math.max(0, Math.min(share, devices - i * share));
    return spawn(process.execPath, ["--import", "tsx", path.join(root, "bench/lib/webpush-alone.ts")], {
      cwd: root,
      env: {
        ...process.env,
        ...env,
        BENCH_ALONE_FROM: String(from),
        BENCH_ALONE_COUNT: String(count),
        BENCH_INFLIGHT: String(inflight),
        BENCH_VAPID_MODE: mode,
      },
      stdio: ["pipe", "pipe", "inherit"],
    });
  });
  const lines = children.map((child) => {
    const reader = createInterface({ input: child.stdout! });
    const queue: string[] = [];
    const waiters: Array<(line: string) => void> = [];
    reader.on("line", (line) => (waiters.length ? waiters.shift()!(line) : queue.push(line)));
    return () => new Promise<string>((resolve) => (queue.length ? resolve(queue.shift()!) : waiters.push(resolve)));
  });
  await Promise.all(lines.map((next) => next()));
  const peaks: number[] = new Array(workers).fill(0);
  const sampler = setInterval(
    () => children.forEach((c, i) => (peaks[i] = Math.max(peaks[i]!, peakRssMb(c.pid!)))),
    500,
  );
  const started = Date.now();
  for (const child of children) child.stdin!.write("go\n");
  const results = await Promise.all(
    lines.map(
      async (next) =>
        JSON.parse(await next()) as { sent: number; failed: number; errors: Record<string, number>; cpuMs: number },
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const sent = results.reduce((sum, r) => sum + r.sent, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  const errors: Record<string, number> = {};
  for (const r of results) for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
  const cpuUs = Math.round((results.reduce((sum, r) => sum + r.cpuMs, 0) * 1000) / Math.max(sent + failed, 1));
  return { mode, sent, failed, seconds, perSecond: Math.round(sent / seconds), errors, peakRssMb: peaks, cpuUs };
}

async function main() {
  const server = await resolveDatabase();
  const url = await freshDatabase(server.url, database);
  process.env.DATABASE_URL = url;
  const pool = new pg.Pool({ connectionString: url, max: 4, options: "-c TimeZone=UTC" });
  say(`starting the fake push service (no decryption; load ${loadAverage()})`);
  const fake = await spawnFakeWebPush({ decrypt: false, record: false, benchSubscriptions: devices });
  const scratch = mkdtempSync(path.join(tmpdir(), "herald-bench-webpush-"));
  let running: WorkerProcess[] = [];
  try {
    // Browser keys: a pool the subscriptions share (the sender's work per message is the same).
    const keys = Array.from({ length: keyPool }, () => newSubscriptionKeys().keys);
    const keysFile = path.join(scratch, "keys.json");
    writeFileSync(keysFile, JSON.stringify(keys));
    const vapid = { subject: "mailto:bench@herald.example", ...generateVapidKeys() };
    const client = await pool.connect();
    const app = await createBenchApp(client as unknown as pg.Client, "Bench Web Push");
    client.release();
    await storeCredential(pool, app.id, "webpush", vapid);
    const editor = await createBenchEditor(pool);

    say(`seeding ${devices.toLocaleString("en")} web devices`);
    const seedStarted = Date.now();
    // The token as Herald stores it (lib/channels/webpush.ts subscriptionToken): the subscription's JSON.
    const token =
      `'{"endpoint":"' || $2 || '/push/b' || n || '","keys":{"p256dh":"' || ($3::text[])[n % ${keyPool} + 1] || ` +
      `'","auth":"' || ($4::text[])[n % ${keyPool} + 1] || '"}}'`;
    const address = oneAddressSql("'webpush'", token);
    for (let start = 1; start <= devices; start += 100_000) {
      const end = Math.min(devices, start + 99_999);
      await pool.query(
        `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", tags, locale,
           timezone, "updatedAt")
         select gen_random_uuid(), $1, gen_random_uuid(), 'web', ${address.addresses}, ${address.channelMask}, '{}',
                'en-US', 'Europe/Berlin', now()
           from generate_series($5::int, $6::int) n`,
        [app.id, fake.url, keys.map((k) => k.p256dh), keys.map((k) => k.auth), start, end],
      );
    }
    await pool.query(`analyze "Device"`);
    say(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);

    const aloneEnv = {
      BENCH_ENDPOINT_BASE: fake.url,
      BENCH_CA_FILE: fake.caFile,
      BENCH_KEYS_FILE: keysFile,
      BENCH_VAPID: JSON.stringify(vapid),
      BENCH_BODY: "Three hundred thousand browsers, one campaign.",
    };
    const fakeCpu = () => processCpuMs(fake.pid) ?? 0;
    const aloneRuns: AloneRun[] = [];
    const fakeCpuUs: Record<string, number> = {};
    const measureAlone = async (mode: "per-request" | "cached") => {
      await fake.reset();
      const load = loadAverage();
      const cpu = fakeCpu();
      const result = await runAlone(mode, aloneEnv);
      const stats = await fake.stats();
      fakeCpuUs[`alone ${mode}`] = Math.round(((fakeCpu() - cpu) * 1000) / devices);
      say(
        `web-push alone (${mode} VAPID): ${result.perSecond} msgs/s (${result.sent} sent, ${result.failed} failed ` +
          `${JSON.stringify(result.errors)}, ${result.seconds.toFixed(1)} s, load ${load}, CPU ` +
          `${result.cpuUs} µs per message); fake accepted ${stats.accepted}, repeats ${stats.repeats}; ` +
          `peak RSS ${result.peakRssMb.join(", ")} MB`,
      );
      aloneRuns.push(result);
      return { result, stats };
    };

    // web-push alone before Herald (the first mode) and after it (the others).
    const [firstMode, ...laterModes] = aloneModes;
    const aloneResults = new Map<string, AloneRun>();
    if (firstMode) aloneResults.set(firstMode, (await measureAlone(firstMode)).result);

    // (2) Herald.
    await fake.reset();
    running = Array.from({ length: workers }, () =>
      startWorkerProcess(url, {
        HERALD_WEBPUSH_CA_FILE: fake.caFile,
        HERALD_ENCRYPTION_KEY: process.env.HERALD_ENCRYPTION_KEY!,
      }),
    );
    await Promise.all(running.map((w) => w.ready));
    const heraldLoad = loadAverage();
    const cpuBefore = fakeCpu();
    const run: CampaignRun = await runCampaign(
      pool,
      editor,
      benchCampaign(app.id, "Web Push", "Three hundred thousand browsers, one campaign."),
      "Bench Web Push",
      running,
      say,
    );
    fakeCpuUs.herald = Math.round(((fakeCpu() - cpuBefore) * 1000) / devices);
    const rss = running.map((w) => w.peakRss() ?? 0);
    const heraldStats = await fake.stats();
    const { rows: twice } = await pool.query<{ n: number }>(
      `select count(*)::int as n from (select "deviceId" from "Delivery" where "campaignId" = $1
        group by 1 having count(*) > 1) d`,
      [run.campaignId],
    );
    const sentRows = run.final.find((f) => f.status === "sent")?.n ?? 0;
    const herald = Math.round(devices / run.seconds);
    const sentTwice = twice[0]!.n + heraldStats.repeats + Math.max(0, heraldStats.accepted - sentRows);
    say(
      `Herald: ${herald} msgs/s (${run.seconds.toFixed(1)} s, ${run.state}, load ${heraldLoad}); rows ` +
        `${JSON.stringify(run.final)}; fake accepted ${heraldStats.accepted}, repeats ${heraldStats.repeats}, ` +
        `refused ` +
        `${JSON.stringify(heraldStats.refused)}; worker CPU ${run.workerCpuUs} µs per message; peak RSS ` +
        `${rss.map(mb).join(", ")}`,
    );
    await Promise.all(running.map((w) => w.kill()));
    running = [];

    for (const mode of laterModes) aloneResults.set(mode, (await measureAlone(mode)).result);
    const loadAfter = loadAverage();

    const { rows: version } = await pool.query<{ server_version: string }>("show server_version");
    const alone = (r: AloneRun) =>
      `${r.perSecond} msgs/s (${r.sent} sent, ${r.failed} failed, ${r.seconds.toFixed(1)} s; CPU ${r.cpuUs} µs per ` +
      `message; peak RSS ${r.peakRssMb.join(", ")} MB)`;
    await recordSection(
      {
        title: `bench:webpush, ${devices.toLocaleString("en")} web devices`,
        command:
          `\`npm run bench:webpush\` (BENCH_DEVICES=${devices}, BENCH_WORKERS=${workers}, ` +
          `BENCH_INFLIGHT=${inflight}); ` +
          `breaking news (Urgency high, TTL 3600, Topic), aes128gcm per message; the fake push service in its own ` +
          `process checks VAPID (signature once per header), headers and size but does not decrypt ` +
          `(decryption is proven in tests/integration/webpush-provider.test.ts); ${keyPool} browser key pairs shared ` +
          `by the subscriptions; order: web-push alone (${aloneModes[0]}), Herald` +
          (aloneModes.length > 1 ? `, web-push alone (${aloneModes.slice(1).join(", ")}).` : "."),
        machine:
          `${describeMachine(version[0]!.server_version)}; shared with other work: load average ` +
          `${heraldLoad} before the Herald run, ${loadAfter} at the end.`,
        lines: [
          `**Herald** (send action → every Delivery final): **${herald} msgs/s**, ${devices} devices in ` +
            `${run.seconds.toFixed(1)} s (${run.state}; ${run.final.map((f) => `${f.status} ${f.n}`).join(", ")}); ` +
            `worker CPU ${run.workerCpuUs} µs per message; worker peak RSS ${rss.map(mb).join(", ")}.`,
          ...aloneModes.map(
            (mode) =>
              `web-push alone, ${modeText[mode]}: ${alone(aloneResults.get(mode)!)}. Herald / alone = ` +
              `**${ratio(herald, aloneResults.get(mode)!.perSecond)}** (target ≥ 0.6).`,
          ),
          `Sent twice: **${sentTwice}** (devices with two Delivery rows ${twice[0]!.n}; the fake accepted ` +
            `${heraldStats.accepted} pushes for ${sentRows} rows sent, ${heraldStats.repeats} to a subscription ` +
            `that had one already; refused ${JSON.stringify(heraldStats.refused)}).`,
          `Fake push service CPU per message: ` +
            Object.entries(fakeCpuUs)
              .map(([k, v]) => `${k} ${v} µs`)
              .join(", ") +
            ".",
        ],
      },
      say,
    );
  } finally {
    await Promise.all(running.map((w) => w.kill()));
    await fake.stop();
    rmSync(scratch, { recursive: true, force: true });
    await pool.end();
    await closeServerPools();
    if (process.env.BENCH_KEEP_DATABASE !== "1") await dropDatabase(server.url, database);
    await server.stop();
  }
}

await main();
process.exit(0);
