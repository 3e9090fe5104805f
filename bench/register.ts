// `npm run bench:register`: registrations per second through the real HTTP stack. Starts (or uses)
// PostgreSQL with a fresh herald_bench database, builds the app into .next-bench when needed, runs
// Herald's server (scripts/serve.ts) on a free port, drives it with autocannon from a separate
// process, checks that every accepted registration is in the database, repeats the load briefly
// through plain `next start` for comparison, and appends the figures to bench/RESULTS.md.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { resolveDatabase } from "../scripts/lib/database";
import { projectRoot } from "../scripts/lib/migrations";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import { measureBaseline } from "./lib/baseline";
import { describeMachine, loadAverage, machineCpuTicks, processCpuMs } from "./lib/machine";
import { benchServerEnv, runLoadProcess } from "./lib/processes";
import { recordSection } from "./lib/results";
import { setting } from "./lib/settings";
import type { LoadFigures } from "./lib/load";
import { buildIfStale } from "../scripts/lib/build-state";
import { startServer } from "./lib/next-server";

const say = (line: string) => console.log(`[bench] ${line}`);
const durationSeconds = setting("BENCH_DURATION", 30);
const connections = setting("BENCH_CONNECTIONS", 32);
const distDir = ".next-bench";
const outDir = path.join(projectRoot, "bench", "out");

interface LoadResult extends LoadFigures {
  acceptedCount: number;
  unansweredCount: number;
}

// Runs bench/lib/register-load.ts in its own Node process and returns autocannon's result.
function runLoad(settings: Record<string, unknown>): Promise<LoadResult> {
  return runLoadProcess<LoadResult>(projectRoot, "register-load.ts", settings);
}

const database = await resolveDatabase(say);
let server: Awaited<ReturnType<typeof startServer>> | null = null;
try {
  await mkdir(outDir, { recursive: true });
  const url = await freshDatabase(database.url, "herald_bench");
  say(`fresh database herald_bench on ${database.embedded ? "the embedded PostgreSQL" : "DATABASE_URL's server"}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const postgresVersion = (await client.query<{ server_version: string }>("show server_version")).rows[0]
    .server_version;
  const warmupApp = await createBenchApp(client, "bench-warmup");
  const app = await createBenchApp(client, "bench");
  const viaNextApp = await createBenchApp(client, "bench-via-next");

  const env = benchServerEnv({ DATABASE_URL: url });
  // BENCH_REUSE_BUILD=1 keeps an existing .next-bench build even if sources changed since.
  if (!(process.env.BENCH_REUSE_BUILD === "1" && existsSync(path.join(projectRoot, distDir, "BUILD_ID"))))
    buildIfStale(projectRoot, { distDir, env, log: say });
  server = await startServer(projectRoot, distDir, env, path.join(outDir, "herald-server.log"));
  say(`Herald's server on ${server.url} (pool ${env.HERALD_DB_POOL}); warming up 5 s with another app`);
  await runLoad({ url: server.url, apiKey: warmupApp.apiKey, connections, durationSeconds: 5 });

  say(`measuring: ${durationSeconds} s, ${connections} connections, a new installation per request`);
  const idsFile = path.join(outDir, "accepted-ids.txt");
  const unansweredFile = path.join(outDir, "unanswered-ids.txt");
  const loadBefore = loadAverage();
  const serverCpuBefore = processCpuMs(server.process.pid);
  const machineBefore = machineCpuTicks();
  const result = await runLoad({
    url: server.url,
    apiKey: app.apiKey,
    connections,
    durationSeconds,
    acceptedIdsFile: idsFile,
    unansweredIdsFile: unansweredFile,
  });
  const serverCpuAfter = processCpuMs(server.process.pid);
  const machineAfter = machineCpuTicks();
  await new Promise((r) => setTimeout(r, 1000)); // let requests cut off at the deadline finish in the server

  const accepted = (await readFile(idsFile, "utf8")).split("\n").filter(Boolean);
  const unanswered = (await readFile(unansweredFile, "utf8")).split("\n").filter(Boolean);
  const rows = Number((await client.query(`select count(*) from "Device" where "appId" = $1`, [app.id])).rows[0].count);
  const count = async (sql: string, values: unknown[]) => Number((await client.query(sql, values)).rows[0].count);
  // Every installation answered 2xx must be stored; any other stored row must be one whose
  // response was cut off by the deadline (written by the server, never counted by autocannon).
  const missing = await count(
    `select count(*) from unnest($2::uuid[]) as i(id) where not exists (select 1 from "Device" d
       where d."appId" = $1 and d."installationId" = i.id)`,
    [app.id, accepted],
  );
  const unexplained = await count(
    `select count(*) from "Device" d where d."appId" = $1 and d."installationId" not in (select unnest($2::uuid[])
       union all select unnest($3::uuid[]))`,
    [app.id, accepted, unanswered],
  );
  await client.end();

  const figures = [
    `requests/s (average): ${result.requests.average.toFixed(0)}`,
    `total requests: ${result.requests.total}, 2xx: ${result["2xx"]}, non-2xx: ${result.non2xx}, errors: ` +
      `${result.errors}, timeouts: ${result.timeouts}`,
    `latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, average ` +
      `${result.latency.average}, max ${result.latency.max}`,
    `Device rows: ${rows}; 2xx responses: ${result["2xx"]}; accepted installations missing from the database: ` +
      `${missing}; rows equal 2xx: ` +
      (rows === result["2xx"]
        ? "yes"
        : `no, ${rows - result["2xx"]} more rows, all from requests cut off unanswered at the deadline ` +
          `(${unanswered.length} cut off; rows not explained by that: ${unexplained})`),
  ];
  if (serverCpuBefore !== null && serverCpuAfter !== null && machineBefore && machineAfter) {
    const busy = (100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total);
    figures.push(
      `CPU: the server used ${((serverCpuAfter - serverCpuBefore) / result.requests.total).toFixed(2)} ms of CPU ` +
        `per request ` +
        `(${((100 * (serverCpuAfter - serverCpuBefore)) / (durationSeconds * 1000)).toFixed(0)}% of one core: its ` +
        `JavaScript runs on one thread); the machine was ${busy.toFixed(0)}% busy during the run (load average ` +
        `${loadBefore} before it, other processes included)`,
    );
  }
  const baseline = await measureBaseline(server.url, server.process.pid, connections, 10);
  figures.push(
    `framework floor (GET /api/v1/openapi.json, no database, 10 s): ${baseline.requestsPerSec} requests/s, p99 ` +
      `${baseline.p99} ms` +
      (baseline.cpuMsPerRequest === null
        ? ""
        : `, ${baseline.cpuMsPerRequest.toFixed(2)} ms of server CPU per request`),
  );
  // The same load for 10 s through plain `next start` (the Next.js route handler), in this run, so
  // the two ways of serving /api/v1 are compared as a ratio on the same machine state.
  await server.stop();
  const viaNext = await startServer(projectRoot, distDir, env, path.join(outDir, "next-start.log"), "next");
  try {
    await runLoad({ url: viaNext.url, apiKey: viaNextApp.apiKey, connections, durationSeconds: 3 });
    const next = await runLoad({ url: viaNext.url, apiKey: viaNextApp.apiKey, connections, durationSeconds: 10 });
    figures.push(
      `same load through plain \`next start\` (Next.js route handler, 10 s): ${next.requests.average.toFixed(0)} ` +
        `requests/s, p99 ${next.latency.p99} ms, ` +
        `non-2xx ${next.non2xx}, errors ${next.errors}; Herald's server does ` +
        `${(result.requests.average / next.requests.average).toFixed(2)}x the registrations per second`,
    );
  } finally {
    await viaNext.stop();
  }
  const meets =
    result.requests.average >= 2000 &&
    result.latency.p99 < 50 &&
    result.errors === 0 &&
    result.non2xx === 0 &&
    missing === 0 &&
    unexplained === 0;
  figures.push(`target (≥ 2,000/s, p99 < 50 ms, zero errors, nothing missing): ${meets ? "met" : "NOT met"}`);
  for (const line of figures) say(line);

  const nproc = execFileSync("nproc").toString().trim();
  const section = {
    title: "POST /api/v1/devices",
    command:
      `\`npm run bench:register\` (${durationSeconds} s, ${connections} connections, ` +
      `HERALD_DB_POOL=${env.HERALD_DB_POOL}, ` +
      `${database.embedded ? "embedded PostgreSQL" : "PostgreSQL from DATABASE_URL"}; server, database and load ` +
      `generator on the same machine)`,
    machine: `${describeMachine(postgresVersion)} (nproc: ${nproc})`,
    lines: figures,
  };
  await recordSection(section, say);
} finally {
  await server?.stop();
  await database.stop();
}
