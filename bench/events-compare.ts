// `npm run bench:events-compare`: bench:events for two Herald trees in one run, their load slices
// interleaved (A B B A A B B A ...), because this machine is shared and its other load moves from
// minute to minute. Side "before" is a tree of BENCH_BEFORE_COMMIT (extracted with git archive into
// bench/out, node_modules and the generated Prisma client linked from this tree); side "after" is
// this tree. Each side gets its own database (its own tree's migrations, seeded alike: BENCH_DEVICES
// devices, a campaign sent to them) and its own API server process. Reports accepted events/s, CPU
// per request (API server, its PostgreSQL backends, load generator) and zero loss for each side.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { resolveDatabase, withDatabase } from "../scripts/lib/database";
import { applyMigrations, projectRoot } from "../scripts/lib/migrations";
import { createBenchApp } from "./lib/bench-database";
import { checkZeroLoss, runLoad, runSlice, type Side } from "./lib/events-slices";
import { seedSentCampaign } from "./lib/events-seed";
import { describeMachine, loadAverage } from "./lib/machine";
import { benchServerEnv } from "./lib/processes";
import { recordSection } from "./lib/results";
import { eventsLoadSettings, setting } from "./lib/settings";

const say = (line: string) => console.log(`[bench:events-compare] ${line}`);
const { devices, connections, batchSize, retryShare } = eventsLoadSettings();
const sliceSeconds = setting("BENCH_SLICE", 15);
const slicesPerSide = setting("BENCH_SLICES", 4);
// BENCH_BEFORE_ROOT: a prepared tree instead (e.g. this tree with one change taken out; it needs
// node_modules and server/generated like beforeTree's). "." compares this tree with itself, e.g. under other settings:
// BENCH_BEFORE_ENV / BENCH_AFTER_ENV
// (JSON objects of environment variables for that side's API server).
const beforeCommit = process.env.BENCH_BEFORE_COMMIT ?? "745296b";
const beforeEnvText = process.env.BENCH_BEFORE_ENV ?? "";
const afterEnvText = process.env.BENCH_AFTER_ENV ?? "";
const outDir = path.join(projectRoot, "bench", "out");

// A tree of `commit` under bench/out, sharing this tree's node_modules and generated Prisma client.
async function beforeTree(commit: string): Promise<string> {
  const sha = execFileSync("git", ["rev-parse", "--short", commit], { cwd: projectRoot, encoding: "utf8" }).trim();
  const root = path.join(outDir, `tree-${sha}`);
  if (!existsSync(path.join(root, "package.json"))) {
    await mkdir(root, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${sha} | tar -x -C "${root}"`], { cwd: projectRoot });
    await symlink(path.join(projectRoot, "node_modules"), path.join(root, "node_modules"));
    await symlink(path.join(projectRoot, "server", "generated"), path.join(root, "server", "generated"));
  }
  return root;
}

async function prepareSide(serverUrl: string, name: string, root: string, extraEnv: NodeJS.ProcessEnv): Promise<Side> {
  const database = `herald_bench_events_${name}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${database}" with (force)`);
  await admin.query(`create database "${database}"`);
  await admin.end();
  const url = withDatabase(serverUrl, database);
  await applyMigrations(url, path.join(root, "prisma", "migrations"));
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await client.connect();
  const app = await createBenchApp(client, `bench-events-${name}`);
  const targetsFile = path.join(outDir, `event-targets-${name}.csv`);
  const seeded = await seedSentCampaign(client, app.id, devices, targetsFile);
  const env = benchServerEnv({ DATABASE_URL: url, ...extraEnv });
  // The tree's own api-server.ts: it starts itself as the server process, with that tree's code.
  const { startApiServer } = (await import(
    path.join(root, "bench", "lib", "api-server.ts")
  )) as typeof import("./lib/api-server");
  const server = await startApiServer(root, env, path.join(outDir, `events-server-${name}.log`));
  stops.push(server.stop);
  return {
    name,
    root,
    url: server.url,
    client,
    appId: app.id,
    apiKey: app.apiKey,
    campaignId: seeded.campaignId,
    targetsFile,
    serverPid: server.process.pid!,
    totals: { seconds: 0, requests: 0, accepted: 0, serverCpuMs: 0, pgCpuMs: 0, loadCpuMs: 0, non2xx: 0, errors: 0 },
    slices: [],
  };
}

const stops: Array<() => Promise<void>> = [];
const database = await resolveDatabase(say);
const sides: Side[] = [];
try {
  await mkdir(outDir, { recursive: true });
  const beforeRoot = process.env.BENCH_BEFORE_ROOT
    ? path.resolve(process.env.BENCH_BEFORE_ROOT)
    : beforeCommit === "."
      ? projectRoot
      : await beforeTree(beforeCommit);
  say(
    `seeding two databases of ${devices.toLocaleString("en")} devices (before: ${beforeCommit}${beforeEnvText}, ` +
      `after: this tree${afterEnvText})`,
  );
  sides.push(
    await prepareSide(database.url, "before", beforeRoot, JSON.parse(beforeEnvText || "{}")),
    await prepareSide(database.url, "after", projectRoot, JSON.parse(afterEnvText || "{}")),
  );
  const postgresVersion = (await sides[0].client.query<{ server_version: string }>("show server_version")).rows[0]
    .server_version;
  const load = { connections, batchSize, retryShare };
  for (const side of sides)
    await runLoad(side.root, {
      ...load,
      url: side.url,
      apiKey: side.apiKey,
      targetsFile: side.targetsFile,
      durationSeconds: 5,
      prefix: "w",
    });
  const loadBefore = loadAverage();
  say(
    `${slicesPerSide} slices of ${sliceSeconds} s per side, interleaved, ${connections} connections (load ` +
      `${loadBefore})`,
  );
  for (let i = 0; i < slicesPerSide * 2; i += 1) {
    // A B B A A B B A: each side goes first as often as second.
    const side = sides[(i + Math.floor(i / 2)) % 2];
    const index = side.slices.length;
    await runSlice(
      side,
      side.root,
      load,
      sliceSeconds,
      `${side.name[0]}${index}q`,
      path.join(outDir, `event-answers-${side.name}-${index}.json`),
    );
  }
  await new Promise((r) => setTimeout(r, 1000)); // batches cut off at a deadline finish in their server
  const loadAfter = loadAverage();

  const lines: string[] = [];
  const perSecond = (side: Side) => side.totals.accepted / side.totals.seconds;
  for (const side of sides) {
    const t = side.totals;
    const check = await checkZeroLoss(side);
    const per = (ms: number) => (ms / t.requests).toFixed(2);
    lines.push(
      `${side.name}: accepted events/s ${perSecond(side).toFixed(0)} (${t.accepted} in ${t.seconds} s); CPU per ` +
        `request of ${batchSize} events: PostgreSQL ${per(t.pgCpuMs)} ms, ` +
        `API server ${per(t.serverCpuMs)} ms, load generator ${per(t.loadCpuMs)} ms; non-2xx ${t.non2xx}, errors ` +
        `${t.errors}; ` +
        `zero loss: acknowledged but missing ${check.missing}, stored but never acknowledged and not cut off at a ` +
        `deadline ${check.unexplained}; deliveredCount ${check.counterEqual ? "equal to" : "DIFFERENT from"} ` +
        `delivered rows`,
    );
  }
  const [a, b] = sides;
  const ratio = (x: number, y: number) => (y / x).toFixed(2);
  lines.push(
    `after / before: accepted events/s ${ratio(perSecond(a), perSecond(b))}x, PostgreSQL CPU per event ` +
      `${ratio(a.totals.pgCpuMs / a.totals.accepted, b.totals.pgCpuMs / b.totals.accepted)}x, ` +
      `API server CPU per event ` +
      `${ratio(a.totals.serverCpuMs / a.totals.accepted, b.totals.serverCpuMs / b.totals.accepted)}x`,
  );
  for (const line of lines) say(line);
  const section = {
    title: "POST /api/v1/events, before and after in one run",
    command:
      `\`npm run bench:events-compare\` (before = ` +
      `${process.env.BENCH_BEFORE_ROOT ? path.basename(beforeRoot) : beforeCommit} ${beforeEnvText}, after = this ` +
      `tree ${afterEnvText}; ${slicesPerSide} slices of ${sliceSeconds} s per side, interleaved A B B A ...; ` +
      `${connections} connections, ${batchSize} events per request, ${Math.round(retryShare * 100)}% re-sent ` +
      `batches, ${devices.toLocaleString("en")} devices with one Delivery each per side, ` +
      `HERALD_DB_POOL=${process.env.HERALD_DB_POOL ?? "10"}; each side its own database and API server process; ` +
      `database and load generator on the same machine)`,
    machine: `${describeMachine(postgresVersion)}; load average ${loadBefore} before the slices, ${loadAfter} after`,
    lines,
  };
  await recordSection(section, say);
} finally {
  for (const side of sides) await side.client.end().catch(() => undefined);
  for (const stop of stops) await stop();
  await database.stop();
}
