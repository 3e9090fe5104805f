// `npm run bench:events-ab`: PostgreSQL CPU of the events statement, variant against variant, in one
// run. The machine is shared and noisy, so absolute figures drift from run to run; a ratio measured
// with the variants interleaved does not. Seeds one database like bench:events (BENCH_DEVICES devices,
// a campaign sent to them), copies it once per variant (CREATE DATABASE ... TEMPLATE), applies each
// variant's schema changes to its copy, then sends the same batches to every copy, one connection
// each, rotating which goes first. Reports the backend CPU (from /proc) and wall time per batch.
import { register } from "node:module";
import path from "node:path";
import pg from "pg";
import { resolveDatabase, withDatabase } from "../scripts/lib/database";
import { projectRoot } from "../scripts/lib/migrations";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import { batchBody } from "./lib/events-mix";
import { seedSentCampaign } from "./lib/events-seed";
import { pickVariants, type EventsVariant } from "./lib/events-variants";
import { loadAverage, processCpuMs } from "./lib/machine";
import { eventsLoadSettings, setting } from "./lib/settings";

register("../scripts/lib/hooks.mjs", import.meta.url);
const { parseEventBatch } = await import("../server/analytics/events-schema");

const say = (line: string) => console.log(`[bench:events-ab] ${line}`);
const { devices, batchSize } = eventsLoadSettings();
const batches = setting("BENCH_BATCHES", 1000);
const warmup = setting("BENCH_WARMUP", 100);
// Batches merged into one statement by variants with `group` (rounds of this many batches).
const round = setting("BENCH_ROUND", 4);

interface Copy {
  variant: EventsVariant;
  client: pg.Client;
  pid: number;
  cpuMs: number;
  wallMs: number;
  statements: number;
}

// BENCH_EXTRA_VARIANTS: a module whose default export is more variants (e.g. a colleague's statement).
const extra = process.env.BENCH_EXTRA_VARIANTS
  ? ((await import(path.resolve(process.env.BENCH_EXTRA_VARIANTS))) as { default: EventsVariant[] }).default
  : [];
const variants = pickVariants(process.env.BENCH_VARIANTS, extra);
const database = await resolveDatabase(say);
const copies: Copy[] = [];
try {
  const seedUrl = await freshDatabase(database.url, "herald_bench_events_ab");
  const seedClient = new pg.Client({ connectionString: seedUrl, options: "-c TimeZone=UTC" });
  await seedClient.connect();
  const app = await createBenchApp(seedClient, "bench-events-ab");
  const targetsFile = path.join(projectRoot, "bench", "out", "event-ab-targets.csv");
  await seedSentCampaign(seedClient, app.id, devices, targetsFile);
  await seedClient.end();
  const { readTargets } = await import("./lib/events-mix");
  const targets = await readTargets(targetsFile);

  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  for (const [i, variant] of variants.entries()) {
    const name = `herald_bench_events_ab_${i}`;
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}" template "herald_bench_events_ab"`);
    const client = new pg.Client({
      connectionString: withDatabase(database.url, name),
      options: "-c jit=off -c TimeZone=UTC",
    });
    await client.connect();
    for (const statement of variant.setup ?? []) await client.query(statement);
    // Every copy rewritten alike, so that a fillfactor set above applies to the seeded rows.
    await client.query(`vacuum full "Delivery"`);
    await client.query(`vacuum full "Device"`);
    await client.query(`vacuum analyze`);
    const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0].pid;
    copies.push({ variant, client, pid, cpuMs: 0, wallMs: 0, statements: 0 });
    say(`copy ${i}: ${variant.name} (backend pid ${pid})`);
  }
  await admin.end();

  const all = Array.from(
    { length: warmup + batches },
    (_, b) => parseEventBatch(JSON.parse(batchBody(targets, "x", b, batchSize))).events,
  );
  say(
    `${warmup} warm-up and ${batches} measured batches of ${batchSize} events, rounds of ${round} (load ` +
      `${loadAverage()})`,
  );
  for (let start = 0; start < all.length; start += round) {
    const measured = start >= warmup;
    const group = all.slice(start, start + round);
    const order = copies.map((_, i) => copies[(i + start / round) % copies.length]);
    for (const copy of order) {
      const cpuBefore = processCpuMs(copy.pid) ?? 0;
      const started = performance.now();
      const calls = copy.variant.group ? [group.flat().map((e, i) => ({ ...e, index: i }))] : group;
      for (const events of calls) {
        await copy.client.query({
          name: `v-${copy.variant.name}`,
          text: copy.variant.sql,
          values: copy.variant.values(app.id, events),
        });
      }
      if (measured) {
        copy.wallMs += performance.now() - started;
        copy.cpuMs += (processCpuMs(copy.pid) ?? 0) - cpuBefore;
        copy.statements += calls.length;
      }
    }
  }
  const base = copies[0];
  for (const copy of copies) {
    const plans = (
      await copy.client.query<{ generic_plans: number; custom_plans: number }>(
        `select generic_plans, custom_plans from pg_prepared_statements where name = $1`,
        [`v-${copy.variant.name}`],
      )
    ).rows[0];
    const stats = (
      await copy.client.query<{ hot: number; upd: number; relname: string }>(
        `select relname, n_tup_hot_upd::int as hot, n_tup_upd::int as upd from pg_stat_user_tables
           where relname in ('Delivery', 'Device') order by 1`,
      )
    ).rows.map((r) => `${r.relname} ${r.hot}/${r.upd} HOT`);
    say(
      `${copy.variant.name}: PostgreSQL CPU ${(copy.cpuMs / batches).toFixed(2)} ms per batch ` +
        `(${(copy.cpuMs / base.cpuMs).toFixed(2)}x), ` +
        `wall ${(copy.wallMs / batches).toFixed(2)} ms per batch (${(copy.wallMs / base.wallMs).toFixed(2)}x); ` +
        `${copy.statements} statements, ` +
        `plans generic ${plans?.generic_plans} custom ${plans?.custom_plans}; ${stats.join(", ")}`,
    );
  }
  say(`load average at the end ${loadAverage()}`);
} finally {
  for (const copy of copies) await copy.client.end().catch(() => undefined);
  await database.stop();
}
