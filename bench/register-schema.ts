// `npx tsx bench/register-schema.ts <migration>`: device registration throughput with and without one
// migration, compared in one run. Two fresh databases on the same PostgreSQL: one migrated up to just
// before <migration>, one with every migration. Herald's server (built into .next-bench, as
// bench:register does) serves each in turn, in the order A B B A ..., each time a short warm-up and a
// measured load from bench/lib/register-load.ts in its own process. Prints and appends to
// bench/RESULTS.md the registrations per second and p99 of every round, the means and their ratio,
// and the CPU time per registration of the server and its PostgreSQL backends: on a machine shared
// with other work, throughput follows the CPU share this run gets; CPU per registration does not.
// When the migration comes with code that needs it (a column the registration writes), set
// BENCH_BEFORE_ROOT to a checkout of the code before it (with node_modules and a .next-bench build):
// the "before" server then runs from there.
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { buildIfStale } from "../scripts/lib/build-state";
import { resolveDatabase, withDatabase } from "../scripts/lib/database";
import { applyMigrations, listMigrationNames, migrationsDir, projectRoot } from "../scripts/lib/migrations";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import { describeMachine, loadAverage, processCpuMs } from "./lib/machine";
import { benchServerEnv, runLoadProcess } from "./lib/processes";
import { recordSection } from "./lib/results";
import { startServer } from "./lib/next-server";

const say = (line: string) => console.log(`[bench] ${line}`);
const migration = process.argv[2];
const seconds = Number(process.env.BENCH_DURATION ?? 20);
const pairs = Number(process.env.BENCH_PAIRS ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const distDir = ".next-bench";

interface Load {
  requests: { average: number; total: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  // Milliseconds of CPU per request: the server process, and the database's backends.
  serverCpuMs?: number;
  databaseCpuMs?: number;
}

// CPU time so far of every backend connected to `database` (ms by pid; from /proc, so Linux only).
async function backendCpu(url: string, database: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [database],
  );
  await client.end();
  return new Map(rows.map((row) => [row.pid, processCpuMs(row.pid) ?? 0]));
}

// One load from its own Node process (bench/lib/register-load.ts prints autocannon's result as JSON).
function runLoad(url: string, apiKey: string, durationSeconds: number): Promise<Load> {
  return runLoadProcess<Load>(projectRoot, "register-load.ts", { url, apiKey, connections, durationSeconds });
}

const names = await listMigrationNames();
if (!migration || !names.includes(migration)) {
  console.error(`usage: npx tsx bench/register-schema.ts <migration>; one of:\n${names.join("\n")}`);
  process.exit(2);
}
const database = await resolveDatabase(say);
const scratch = await mkdtemp(path.join(tmpdir(), "herald-migrations-"));
try {
  // The migrations before <migration>, in Prisma Migrate's layout, for the "before" database.
  for (const name of names.slice(0, names.indexOf(migration)))
    await cp(path.join(migrationsDir, name), path.join(scratch, name), { recursive: true });
  await cp(path.join(migrationsDir, "migration_lock.toml"), path.join(scratch, "migration_lock.toml"));
  const afterUrl = await freshDatabase(database.url, "herald_bench_after");
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`drop database if exists "herald_bench_before" with (force)`);
  await admin.query(`create database "herald_bench_before"`);
  const postgresVersion = (await admin.query<{ server_version: string }>("show server_version")).rows[0].server_version;
  await admin.end();
  const beforeUrl = withDatabase(database.url, "herald_bench_before");
  await applyMigrations(beforeUrl, scratch);

  const schemas = [
    { name: `before ${migration}`, url: beforeUrl, runs: [] as Load[] },
    { name: "with it", url: afterUrl, runs: [] as Load[] },
  ];
  const apps = await Promise.all(
    schemas.map(async (schema) => {
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      const app = {
        warmup: await createBenchApp(client, "bench-warmup"),
        bench: await createBenchApp(client, "bench"),
      };
      await client.end();
      return app;
    }),
  );
  const env = benchServerEnv();
  // BENCH_REUSE_BUILD=1 keeps an existing .next-bench build even if sources changed since (as bench:register).
  if (!(process.env.BENCH_REUSE_BUILD === "1" && existsSync(path.join(projectRoot, distDir, "BUILD_ID"))))
    buildIfStale(projectRoot, { distDir, env, log: say });
  await mkdir(path.join(projectRoot, "bench", "out"), { recursive: true });
  const loadBefore = loadAverage();
  // One unrecorded round on each schema first (a fresh database and server start cold), then A B B A A B
  // ...: drift of the machine over the run weighs on both schemas alike.
  const order = [-1, -2, ...Array.from({ length: pairs }, (_, i) => (i % 2 === 0 ? [0, 1] : [1, 0])).flat()];
  for (const entry of order) {
    const index = entry < 0 ? -entry - 1 : entry;
    const schema = schemas[index];
    const root =
      index === 0 && process.env.BENCH_BEFORE_ROOT ? path.resolve(process.env.BENCH_BEFORE_ROOT) : projectRoot;
    const server = await startServer(
      root,
      distDir,
      { ...env, DATABASE_URL: schema.url },
      path.join(projectRoot, "bench", "out", "register-schema.log"),
    );
    try {
      await runLoad(server.url, apps[index].warmup.apiKey, entry < 0 ? 10 : 3);
      if (entry < 0) continue;
      const databaseName = new URL(schema.url).pathname.slice(1);
      const [serverBefore, backendsBefore] = [
        processCpuMs(server.process.pid),
        await backendCpu(schema.url, databaseName),
      ];
      const load = await runLoad(server.url, apps[index].bench.apiKey, seconds);
      const [serverAfter, backendsAfter] = [
        processCpuMs(server.process.pid),
        await backendCpu(schema.url, databaseName),
      ];
      let databaseMs = 0;
      for (const [pid, ms] of backendsAfter) databaseMs += ms - (backendsBefore.get(pid) ?? 0);
      load.databaseCpuMs = databaseMs / load.requests.total;
      if (serverBefore !== null && serverAfter !== null)
        load.serverCpuMs = (serverAfter - serverBefore) / load.requests.total;
      schema.runs.push(load);
      say(
        `${schema.name}: ${load.requests.average.toFixed(0)} registrations/s, p99 ${load.latency.p99} ms, non-2xx ` +
          `${load.non2xx}, errors ${load.errors}; CPU per registration: server ${load.serverCpuMs?.toFixed(3)} ms, ` +
          `database ${load.databaseCpuMs.toFixed(3)} ms`,
      );
    } finally {
      await server.stop();
    }
  }
  const mean = (runs: Load[], pick: (load: Load) => number) =>
    runs.reduce((sum, load) => sum + pick(load), 0) / runs.length;
  const lines = schemas.map(
    (schema) =>
      `${schema.name}: ${schema.runs.map((load) => load.requests.average.toFixed(0)).join(", ")} registrations/s ` +
      `(mean ${mean(schema.runs, (l) => l.requests.average).toFixed(0)}), ` +
      `p99 ${schema.runs.map((load) => load.latency.p99).join(", ")} ms, non-2xx ` +
      `${schema.runs.reduce((s, l) => s + l.non2xx, 0)}, errors ${schema.runs.reduce((s, l) => s + l.errors, 0)}`,
  );
  for (const schema of schemas) {
    lines.push(
      `${schema.name}, CPU per registration: server ${mean(schema.runs, (l) => l.serverCpuMs ?? 0).toFixed(3)} ms, ` +
        `database backends ${mean(schema.runs, (l) => l.databaseCpuMs ?? 0).toFixed(3)} ms (means of the rounds)`,
    );
  }
  const ratio = mean(schemas[1].runs, (l) => l.requests.average) / mean(schemas[0].runs, (l) => l.requests.average);
  const cpu = (schema: (typeof schemas)[number]) =>
    mean(schema.runs, (l) => (l.serverCpuMs ?? 0) + (l.databaseCpuMs ?? 0));
  lines.push(
    `ratio (with / before): registrations/s ${ratio.toFixed(3)}, CPU per registration (server + database) ` +
      `${(cpu(schemas[1]) / cpu(schemas[0])).toFixed(3)}`,
  );
  for (const line of lines) say(line);
  const section = {
    title: `POST /api/v1/devices before and with ${migration}`,
    command:
      `\`${process.env.BENCH_BEFORE_ROOT ? "BENCH_BEFORE_ROOT=<checkout before it> " : ""}npx tsx ` +
      `bench/register-schema.ts ${migration}\` (a 10 s warm-up on each, then ${pairs * 2} rounds of ${seconds} s ` +
      `in the order A B B A, ${connections} connections, HERALD_DB_POOL=${env.HERALD_DB_POOL}, ` +
      `${database.embedded ? "embedded PostgreSQL" : "PostgreSQL from DATABASE_URL"}; server, database and load ` +
      `generator on the same machine)`,
    machine: `${describeMachine(postgresVersion)}; load average ${loadBefore} before the run, ${loadAverage()} after`,
    lines,
  };
  await recordSection(section, say);
} finally {
  await rm(scratch, { recursive: true, force: true });
  await database.stop();
}
