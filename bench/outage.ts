// `npm run bench:outage`: a breaking-news campaign to BENCH_DEVICES (100,000) FCM devices, with the
// fake FCM server (its own process) answering every request 503 UNAVAILABLE for BENCH_OUTAGE_SECONDS
// (60) once BENCH_OUTAGE_AT (45%) of the devices were accepted, and the worker(s) on Herald's default
// dispatch settings (retry window, circuit breaker). Reports devices sent once, twice and failed, the
// campaign's state while the fake was down, and how long after the fake came back the campaign
// completed; appends a section to bench/RESULTS.md.
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
  storeCredential,
} from "./lib/dispatch-run";
import { describeMachine, loadAverage } from "./lib/machine";
import { recordSection } from "./lib/results";
import { setting } from "./lib/settings";

register("../scripts/lib/hooks.mjs", import.meta.url);

const say = (line: string) => console.log(`[bench:outage] ${line}`);
const devices = setting("BENCH_DEVICES", 100_000);
const workers = setting("BENCH_WORKERS", availableParallelism());
const outageSeconds = setting("BENCH_OUTAGE_SECONDS", 60);
const outageAt = setting("BENCH_OUTAGE_AT", 0.45);
const database = "herald_bench_outage";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

process.env.HERALD_ENCRYPTION_KEY ??= Buffer.alloc(32, 9).toString("base64");
process.env.LOG_LEVEL ??= "warn";

async function main() {
  const server = await resolveDatabase();
  const url = await freshDatabase(server.url, database);
  process.env.DATABASE_URL = url;
  const pool = new pg.Pool({ connectionString: url, max: 4, options: "-c TimeZone=UTC" });
  const fake = await spawnFakeFcm();
  const running: WorkerProcess[] = [];
  try {
    const client = await pool.connect();
    const app = await createBenchApp(client as unknown as pg.Client, "Bench Outage");
    client.release();
    await storeCredential(pool, app.id, "fcm", fakeServiceAccount());
    const editor = await createBenchEditor(pool);
    say(`seeding ${devices.toLocaleString("en")} devices`);
    await insertBenchDevices(pool, app.id, devices, "outage", oneAddressSql("'fcm'", "$2 || n"));
    const env = {
      HERALD_FCM_ENDPOINT: fake.url,
      HERALD_FCM_CA_FILE: fake.caFile,
      HERALD_ENCRYPTION_KEY: process.env.HERALD_ENCRYPTION_KEY!,
    };
    for (let i = 0; i < workers; i += 1) running.push(startWorkerProcess(url, env));
    await Promise.all(running.map((w) => w.ready));
    await fake.control.reset();
    const loadBefore = loadAverage();

    const { createCampaign, submitCampaign } = await import("../server/campaigns/compose");
    const { campaignId } = await createCampaign(
      editor,
      benchCampaign(app.id, "Outage", "The push service goes down mid-send."),
      { kind: "now" },
      randomUUID(),
    );
    const submittedAt = Date.now();
    await submitCampaign(editor, campaignId, "Bench Outage");
    while ((await fake.control.stats()).accepted < devices * outageAt) await sleep(20);
    const downAt = Date.now();
    const upAt = downAt + outageSeconds * 1000;
    await fake.control.configure({ outage: { mode: "unavailable", until: upAt } });
    const acceptedAtOutage = (await fake.control.stats()).accepted;
    say(`fake down at ${acceptedAtOutage} accepted (${((downAt - submittedAt) / 1000).toFixed(1)} s in)`);

    const statesWhileDown = new Set<string>();
    let failedWhileDown = 0;
    let heldSeen = false;
    let refusedWhileDown = 0;
    let state = "";
    for (;;) {
      const { rows } = await pool.query<{ state: string; failed: number; held: boolean }>(
        `select c.state::text, c."failedCount" as failed,
                exists (select 1 from "ChannelCircuit" cc where cc."appId" = c."appId" and cc.state <> 'closed') as held
           from "Campaign" c where c.id = $1`,
        [campaignId],
      );
      state = rows[0]!.state;
      heldSeen ||= rows[0]!.held;
      if (Date.now() < upAt) {
        statesWhileDown.add(state);
        failedWhileDown = rows[0]!.failed;
        refusedWhileDown = (await fake.control.stats()).errors.UNAVAILABLE ?? 0;
      } else if (state !== "sending") break;
      await sleep(200);
    }
    const finishedAt = Date.now();
    const loadAfter = loadAverage();
    const records = await fake.control.tokens();
    const once = records.filter((r) => r.accepted === 1).length;
    const twice = records.filter((r) => r.accepted === 2).length;
    const more = records.filter((r) => r.accepted > 2).length;
    const never = devices - records.filter((r) => r.accepted > 0).length;
    const { rows: final } = await pool.query<{ status: string; n: number }>(
      `select status::text, count(*)::int as n from "Delivery" where "campaignId" = $1 group by 1 order by 1`,
      [campaignId],
    );
    const { rows: attempts } = await pool.query<{ max: number; retried: number }>(
      `select max(attempts)::int as max, count(*) filter (where attempts > 1)::int as retried
         from "Delivery" where "campaignId" = $1`,
      [campaignId],
    );
    const stats = await fake.control.stats();
    const { rows: version } = await pool.query<{ server_version: string }>("show server_version");
    const rows = final.map((r) => `${r.status} ${r.n}`).join(", ");
    const lines = [
      `Campaign ${state} ${((finishedAt - submittedAt) / 1000).toFixed(1)} s after the send action; ` +
        `**${((finishedAt - upAt) / 1000).toFixed(1)} s after the fake came back**.`,
      `Devices sent once **${once}**, twice **${twice}**, more than twice ${more}, never ${never}; ` +
        `Delivery rows: ${rows}.`,
      `While the fake was down (${outageSeconds} s from ${acceptedAtOutage} accepted): campaign states ` +
        `${[...statesWhileDown].join(", ")}, failed ${failedWhileDown}, ${refusedWhileDown} requests answered 503; ` +
        `channel held by its circuit breaker: ${heldSeen ? "yes" : "no"}.`,
      `Send rate before the outage ${Math.round(acceptedAtOutage / ((downAt - submittedAt) / 1000))} msgs/s, ` +
        `after it ${Math.round((devices - acceptedAtOutage) / ((finishedAt - upAt) / 1000))} msgs/s (devices left ` +
        `when it went down / time from its end to completion): the time after recovery is mostly sending the rest.`,
      `Deliveries retried: ${attempts[0]!.retried} (most attempts for one device: ${attempts[0]!.max}); the fake ` +
        `received ${stats.requests} requests, accepted ${stats.accepted}.`,
    ];
    for (const line of lines) say(line);
    await recordSection(
      {
        title: `bench:outage, ${devices.toLocaleString("en")} devices, FCM down ${outageSeconds} s`,
        command:
          `\`npm run bench:outage\` (BENCH_DEVICES=${devices}, BENCH_WORKERS=${workers}, ` +
          `BENCH_OUTAGE_SECONDS=${outageSeconds}, BENCH_OUTAGE_AT=${outageAt}); breaking news; default dispatch ` +
          `settings (retry window 15 min, circuit: 3 whole batches in a row, hold 5 s doubling to 30 s); the fake ` +
          `FCM server in its own process answers 503 UNAVAILABLE with Retry-After 30 s while down.`,
        machine:
          `${describeMachine(version[0]!.server_version)}; shared with other work: load average ${loadBefore} ` +
          `before the send, ${loadAfter} at the end.`,
        lines,
      },
      say,
    );
  } finally {
    await Promise.all(running.map((w) => w.kill()));
    await fake.stop();
    await pool.end();
    await closeServerPools();
    if (process.env.BENCH_KEEP_DATABASE !== "1") await dropDatabase(server.url, database);
    await server.stop();
  }
}

await main();
