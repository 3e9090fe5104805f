// `npm run bench:events`: device events per second through the HTTP stack. Seeds a fresh
// herald_bench_events database with BENCH_DEVICES (100,000) devices and a campaign sent to them,
// serves /api/v1 as Herald's server does (bench/lib/api-server.ts: no Next.js build needed), posts
// batches of BENCH_BATCH (100) events for BENCH_DURATION (60) s from a separate load process, then
// checks zero loss (every event acknowledged as accepted is stored, nothing else is), the counters,
// and where a batch's time goes. Appends the figures to bench/RESULTS.md.
import { mkdir, readFile } from "node:fs/promises";
import { register } from "node:module";
import path from "node:path";
import pg from "pg";
import { resolveDatabase } from "../scripts/lib/database";
import { projectRoot } from "../scripts/lib/migrations";
import { startApiServer } from "./lib/api-server";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import { readTargets } from "./lib/events-mix";
import { profileBatches } from "./lib/events-profile";
import { seedSentCampaign } from "./lib/events-seed";
import { describeMachine, loadAverage, machineCpuTicks, processCpuMs } from "./lib/machine";
import { benchServerEnv, runLoadProcess } from "./lib/processes";
import { recordSection } from "./lib/results";
import { eventsLoadSettings, setting } from "./lib/settings";
import type { LoadFigures } from "./lib/load";

register("../scripts/lib/hooks.mjs", import.meta.url);

const say = (line: string) => console.log(`[bench:events] ${line}`);
const durationSeconds = setting("BENCH_DURATION", 60);
const { connections, devices, batchSize, retryShare } = eventsLoadSettings();
const target = 20_000;
const outDir = path.join(projectRoot, "bench", "out");

interface LoadResult extends LoadFigures {
  acceptedEvents: number;
  batchesSent: number;
  duplicates: { events: number; answers: number };
  refused: { events: number };
  unanswered: number;
  // CPU the load generator used over its whole life (warm-up of autocannon included).
  cpuMs: number;
}

function runLoad(settings: Record<string, unknown>): Promise<LoadResult> {
  return runLoadProcess<LoadResult>(projectRoot, "events-load.ts", settings);
}

// Total CPU ms of the given PostgreSQL backends (the server's pool connections).
const backendsCpuMs = (pids: number[]) => pids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);

const database = await resolveDatabase(say);
let server: Awaited<ReturnType<typeof startApiServer>> | null = null;
try {
  await mkdir(outDir, { recursive: true });
  const url = await freshDatabase(database.url, "herald_bench_events");
  process.env.DATABASE_URL = url;
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await client.connect();
  const postgresVersion = (await client.query<{ server_version: string }>("show server_version")).rows[0]
    .server_version;
  const app = await createBenchApp(client, "bench-events");
  const targetsFile = path.join(outDir, "event-targets.csv");
  say(`seeding ${devices.toLocaleString("en")} devices and a campaign sent to them`);
  const seeded = await seedSentCampaign(client, app.id, devices, targetsFile);

  const env = benchServerEnv({ DATABASE_URL: url });
  server = await startApiServer(projectRoot, env, path.join(outDir, "events-server.log"));
  const load = { url: server.url, apiKey: app.apiKey, connections, targetsFile, batchSize, retryShare };
  say(`API server on ${server.url} (pool ${env.HERALD_DB_POOL}); warming up 5 s`);
  await runLoad({ ...load, durationSeconds: 5, prefix: "w" });

  // The API server's pool connections (they stay open under load; autovacuum workers are not counted).
  const listBackends = async () =>
    (
      await client.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'
           and pid <> pg_backend_pid()`,
      )
    ).rows.map((r) => r.pid);
  const backends = await listBackends();
  say(
    `measuring: ${durationSeconds} s, ${connections} connections, ${batchSize} events per request (load ` +
      `${loadAverage()})`,
  );
  const answersFile = path.join(outDir, "event-answers.json");
  const loadBefore = loadAverage();
  const backendsBefore = new Map(backends.map((pid) => [pid, processCpuMs(pid) ?? 0]));
  const [serverBefore, machineBefore] = [processCpuMs(server.process.pid), machineCpuTicks()];
  const result = await runLoad({ ...load, durationSeconds, prefix: "r", answersFile });
  const [serverAfter, machineAfter] = [processCpuMs(server.process.pid), machineCpuTicks()];
  // Connections the pool opened during the run (it closes idle ones after 10 s): all their CPU is the
  // run's. A connection closed during the run is left out altogether.
  const newBackends = (await listBackends()).filter((pid) => !backends.includes(pid));
  const alive = backends.filter((pid) => processCpuMs(pid) !== null);
  const pgRunMs =
    alive.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0) - (backendsBefore.get(pid) ?? 0), 0) +
    backendsCpuMs(newBackends);
  if (alive.length < backends.length)
    say(`note: ${backends.length - alive.length} server connections closed during the run; their CPU is not counted`);
  await new Promise((r) => setTimeout(r, 1000)); // let batches cut off at the deadline finish in the server

  // Zero loss, per batch: stored events of each batch == events its answers acknowledged as accepted.
  const answers = JSON.parse(await readFile(answersFile, "utf8")) as {
    accepted: Array<[number, number]>;
    unanswered: number[];
  };
  const stored = new Map(
    (
      await client.query<{ batch: number; n: number }>(
        `select split_part(substr("eventId", 2), '-', 1)::int as batch, count(*)::int as n from "DeviceEvent"
           where "appId" = $1 and "eventId" like 'r%' group by 1`,
        [app.id],
      )
    ).rows.map((r) => [r.batch, r.n]),
  );
  const acknowledged = new Map(answers.accepted);
  const unanswered = new Set(answers.unanswered);
  let missing = 0;
  let unexplained = 0;
  for (const [batch, n] of acknowledged) missing += Math.max(0, n - (stored.get(batch) ?? 0));
  for (const [batch, n] of stored)
    if (!unanswered.has(batch)) unexplained += Math.max(0, n - (acknowledged.get(batch) ?? 0));
  const rows = [...stored.values()].reduce((sum, n) => sum + n, 0);
  const counters = (
    await client.query<{
      delivered: number;
      counter: number;
      opened_not_delivered: number;
      clicked_not_opened: number;
      app_opened: number;
    }>(
      `select count(*) filter (where status = 'delivered')::int as delivered, (select "deliveredCount" from "Campaign"
         where id = $1) as counter,
              count(*) filter (where "openedAt" is not null and "deliveredAt" is null)::int as opened_not_delivered,
              count(*) filter (where "clickedAt" is not null and "openedAt" is null)::int as clicked_not_opened,
              count(*) filter (where "appOpenedAt" is not null)::int as app_opened
         from "Delivery" where "campaignId" = $1`,
      [seeded.campaignId],
    )
  ).rows[0];

  say("profiling one batch at a time in this process");
  const profile = await profileBatches(
    url,
    await readTargets(targetsFile),
    app.id,
    batchSize,
    200,
    path.join(outDir, "events-explain.txt"),
  );
  await client.end();

  const seconds = durationSeconds;
  const eventsPerSecond = result.acceptedEvents / seconds;
  const figures = [
    `accepted events/s: ${eventsPerSecond.toFixed(0)} (${result.acceptedEvents} accepted in ${seconds} s); ` +
      `requests/s ${result.requests.average.toFixed(0)} of ${batchSize} events`,
    `requests: ${result.requests.total} (${result.batchesSent} distinct batches, the rest re-sent: ` +
      `${result.duplicates.answers} answers reported ${result.duplicates.events} duplicates); 2xx ` +
      `${result["2xx"]}, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}; refused ` +
      `events ${result.refused.events}`,
    `latency ms per request: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ` +
      `${result.latency.max}`,
    `zero loss: DeviceEvent rows of the run ${rows}, events acknowledged as accepted ${result.acceptedEvents}; ` +
      `acknowledged but missing ${missing}; stored but never acknowledged ${rows - result.acceptedEvents} ` +
      `(from ${unanswered.size} requests cut off at the deadline; not explained by them: ${unexplained})`,
    `counters: ${counters.delivered} deliveries delivered, Campaign.deliveredCount ${counters.counter} ` +
      `(${counters.delivered === counters.counter ? "equal" : "DIFFERENT"}); opened without deliveredAt ` +
      `${counters.opened_not_delivered}, clicked without openedAt ${counters.clicked_not_opened}; appOpenedAt set ` +
      `on ${counters.app_opened} of ${seeded.devices} (holdout ${seeded.holdout})`,
  ];
  if (serverBefore !== null && serverAfter !== null && machineBefore && machineAfter) {
    const busy = (100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total);
    const perRequest = (ms: number) => (ms / result.requests.total).toFixed(2);
    figures.push(
      `CPU per request: API server ${perRequest(serverAfter - serverBefore)} ms ` +
        `(${((100 * (serverAfter - serverBefore)) / (seconds * 1000)).toFixed(0)}% of a core), ` +
        `its ${alive.length + newBackends.length} PostgreSQL backends ${perRequest(pgRunMs)} ms ` +
        `(${((100 * pgRunMs) / (seconds * 1000)).toFixed(0)}% of a core), ` +
        `the load generator ${perRequest(result.cpuMs)} ms ` +
        `(${((100 * result.cpuMs) / (seconds * 1000)).toFixed(0)}% of a core); the machine was ${busy.toFixed(0)}% ` +
        `busy (load average ${loadBefore} before the run, other users' processes included)`,
    );
  }
  figures.push(
    `one batch at a time (${profile.batches} batches in the bench process, nothing else of ours running): ` +
      `JSON.parse ${profile.jsonParseMs.toFixed(2)} ms, zod checks ${profile.validateMs.toFixed(2)} ms, ` +
      `the statement ${profile.statementMs.toFixed(1)} ms wall` +
      (profile.statementCpuMs === null
        ? ""
        : ` of which ${profile.statementCpuMs.toFixed(1)} ms CPU in its PostgreSQL backend`),
    `where the statement's time goes (EXPLAIN ANALYZE of one batch): ${profile.planSummary.join("; ")}`,
  );
  const meets =
    eventsPerSecond >= target && missing === 0 && unexplained === 0 && result.errors === 0 && result.non2xx === 0;
  figures.push(
    `target (≥ ${target.toLocaleString("en")} accepted events/s, zero loss, no errors): ${meets ? "met" : "NOT met"}`,
  );
  for (const line of figures) say(line);

  const section = {
    title: "POST /api/v1/events",
    command:
      `\`npm run bench:events\` (${seconds} s, ${connections} connections, ${batchSize} events per request, ` +
      `${Math.round(retryShare * 100)}% of requests re-send an earlier batch, ` +
      `${devices.toLocaleString("en")} devices with one Delivery each, HERALD_DB_POOL=${env.HERALD_DB_POOL}, ` +
      `${database.embedded ? "embedded PostgreSQL" : "PostgreSQL from DATABASE_URL"}; ` +
      `/api/v1 served by server/device-api/http-adapter.ts in its own process, database and load generator on the ` +
      `same machine)`,
    machine: describeMachine(postgresVersion),
    lines: figures,
  };
  await recordSection(section, say);
} finally {
  await server?.stop();
  await database.stop();
}
