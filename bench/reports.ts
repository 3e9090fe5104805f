// `npm run bench:reports`: analytics at scale. Creates a fresh herald_bench_reports database, seeds
// 1,000,000 devices, 2,000,000 Delivery rows in six campaigns (the largest 1,000,000) and 10,000,000
// DeviceEvent rows with set-based SQL, rolls every campaign up (timing each, and the two rollup
// statements of the largest one on their own), then times the data functions the analytics pages
// call (overview for 7/30/90 days, the largest campaign's report, the re-activation report, a device
// trace) BENCH_RUNS times each after warm-ups, and with BENCH_PAGES=prod (production build) or dev also the pages
// themselves over HTTP (see reports-pages.ts). Appends the figures to bench/RESULTS.md.
import { register } from "node:module";
import pg from "pg";
import { resolveDatabase, withDatabase } from "../scripts/lib/database";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import { describeMachine, loadAverage } from "./lib/machine";
import { formatSection, recordSection } from "./lib/results";
import { readSeeded, seedReports, type SeededReports } from "./lib/reports-seed";
import { describeTiming, ms, timeRuns, type Timing } from "./lib/timing";

register("../scripts/lib/hooks.mjs", import.meta.url);

const say = (line: string) => console.log(`[bench] ${line}`);
const runs = Number(process.env.BENCH_RUNS ?? 50);
const TARGET_MS = 300;
const timeZone = "Europe/Berlin";

const database = await resolveDatabase(say);
try {
  // BENCH_REUSE=1 measures again on the database a previous run seeded (seeding takes minutes).
  const reuse = process.env.BENCH_REUSE === "1";
  const url = reuse
    ? withDatabase(database.url, "herald_bench_reports")
    : await freshDatabase(database.url, "herald_bench_reports");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows: version } = await client.query<{ v: string }>(`select current_setting('server_version') as v`);
  let seeded: SeededReports;
  if (reuse) {
    seeded = await readSeeded(client);
    say(`reusing the seeded database (${seeded.deliveries.toLocaleString("en")} deliveries)`);
  } else {
    const app = await createBenchApp(client, "Bench reports");
    say("seeding (set-based SQL)");
    seeded = await seedReports(client, app.id, say);
  }
  const app = { id: seeded.appId };
  const { rows: sizes } = await client.query<{ t: string; size: string }>(
    `select relname as t, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class
       where relname in ('Delivery', 'DeviceEvent', 'Device')`,
  );

  // Server modules read DATABASE_URL when first used.
  process.env.DATABASE_URL = url;
  const { rollupCampaign } = await import("../server/analytics/rollup");
  const { breakdownRollupSql, hourlyRollupSql } = await import("../server/analytics/rollup-sql");
  const queries = await import("../server/analytics/queries");
  const { lastDaysRange } = await import("../lib/analytics/range");

  const rollups: string[] = [];
  for (const campaign of seeded.campaigns) {
    const started = performance.now();
    await rollupCampaign(campaign.id);
    rollups.push(`${campaign.deliveries.toLocaleString("en")} deliveries: ${ms(performance.now() - started)}`);
    say(`rolled up ${campaign.name} in ${ms(performance.now() - started)}`);
  }
  const largest = seeded.campaigns[0];
  const again: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await rollupCampaign(largest.id);
    again.push(performance.now() - started);
  }
  // The two statements alone (in a transaction that is rolled back), with the settings the rollup uses.
  await client.query("begin");
  await client.query("set local work_mem = '64MB'");
  await client.query("set local enable_sort = off");
  await client.query(`delete from "CampaignHourlyStat" where "campaignId" = $1`, [largest.id]);
  await client.query(`delete from "CampaignBreakdown" where "campaignId" = $1`, [largest.id]);
  let t = performance.now();
  const hourly = await client.query(hourlyRollupSql, [largest.id]);
  const hourlyMs = performance.now() - t;
  t = performance.now();
  const breakdown = await client.query(breakdownRollupSql, [largest.id]);
  const breakdownMs = performance.now() - t;
  await client.query("rollback");
  say(
    `largest rollup again: ${again.map(ms).join(", ")}; hourly statement ${ms(hourlyMs)} (${hourly.rowCount} ` +
      `rows), breakdown ${ms(breakdownMs)} (${breakdown.rowCount} rows)`,
  );

  const { rows: trace } = await client.query<{ installationId: string }>(
    `select v."installationId" from "Delivery" d join "Device" v on v.id = d."deviceId"
       where d."campaignId" = $1 and d."openedAt" is not null limit 1`,
    [largest.id],
  );
  const { rows: started } = await client.query<{ startedAt: Date }>(
    `select "startedAt" at time zone 'UTC' as "startedAt" from "Campaign" where id = $1`,
    [largest.id],
  );
  const measured: Array<[string, Timing]> = [];
  const measure = async (name: string, work: () => Promise<unknown>) => {
    const timing = await timeRuns(runs, 3, work);
    measured.push([name, timing]);
    say(`${name}: ${describeTiming(timing)}`);
  };
  for (const days of [7, 30, 90])
    await measure(`getOverview, last ${days} days`, () => queries.getOverview(app.id, lastDaysRange(days, timeZone)));
  // As the report page asks: the campaign's whole life, localised.
  await measure(`getCampaignReport, ${largest.deliveries.toLocaleString("en")}-delivery campaign`, () =>
    queries.getCampaignReport(largest.id, {
      from: started[0].startedAt.toISOString(),
      to: new Date().toISOString(),
      timeZone,
    }),
  );
  await measure("getReactivationReport, last 90 days", () =>
    queries.getReactivationReport(app.id, lastDaysRange(90, timeZone)),
  );
  await measure("getDeviceTrace", () => queries.getDeviceTrace(app.id, trace[0].installationId));

  let pages: Array<[string, Timing]> = [];
  let pagesError: string | null = null;
  const pagesMode =
    process.env.BENCH_PAGES === "dev" || process.env.BENCH_PAGES === "prod" ? process.env.BENCH_PAGES : null;
  if (pagesMode) {
    const { measurePages } = await import("./lib/reports-pages");
    // The data figures above are worth recording even when the page server cannot be measured.
    pages = await measurePages({
      mode: pagesMode,
      databaseUrl: url,
      appId: app.id,
      campaignId: largest.id,
      runs,
      say,
    }).catch((error: Error) => {
      pagesError = error.message;
      say(`pages not measured: ${error.message}`);
      return [];
    });
  }
  await client.end();

  const met = (timing: Timing) => (timing.p95 < TARGET_MS ? "met" : "NOT met");
  const section = {
    title: "analytics reports (reports)",
    command:
      `\`npm run bench:reports\`${[
        pagesMode ? `BENCH_PAGES=${pagesMode}` : "",
        reuse ? "BENCH_REUSE=1 (the database of the previous run)" : "",
      ]
        .filter(Boolean)
        .map((x) => ` with ${x}`)
        .join(
          "",
        )} (${seeded.devices.toLocaleString("en")} devices, ${seeded.deliveries.toLocaleString("en")} Delivery rows ` +
      `in ${seeded.campaigns.length} campaigns (largest ${largest.deliveries.toLocaleString("en")}), ` +
      `${seeded.events.toLocaleString("en")} DeviceEvent rows, ` +
      `${reuse ? "" : `seeded in ${seeded.seconds.toFixed(0)} s; `}` +
      `${sizes.map((s) => `${s.t} ${s.size}`).join(", ")}; ` +
      `${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL's server"} on the same machine; ` +
      `each timing ${runs} runs after 3 warm-ups, time zone ${timeZone})`,
    machine: `${describeMachine(version[0].v)}; load average ${loadAverage()} at the end`,
    lines: [
      `rollupCampaign (one transaction: delete + one INSERT ... SELECT per rollup table), first pass: ` +
        `${rollups.join("; ")}`,
      `the ${largest.deliveries.toLocaleString("en")}-delivery campaign again: ${again.map(ms).join(", ")}; its ` +
        `statements alone: CampaignHourlyStat ${ms(hourlyMs)} (${hourly.rowCount} rows), CampaignBreakdown ` +
        `${ms(breakdownMs)} (${breakdown.rowCount} rows)`,
      ...measured.map(
        ([name, timing]) =>
          `${name} (data function, in-process): ${describeTiming(timing)}; target p95 < ${TARGET_MS} ms ${met(timing)}`,
      ),
      ...pages.map(
        ([name, timing]) => `${name}: ${describeTiming(timing)}; target p95 < ${TARGET_MS} ms ${met(timing)}`,
      ),
      ...(pagesError ? [`pages (${pagesMode}): not measured: ${pagesError}`] : []),
    ],
  };
  console.log(formatSection(section));
  // BENCH_DRY=1 (a quick check at a smaller scale) prints the figures without recording them.
  if (process.env.BENCH_DRY !== "1") await recordSection(section, say);
} finally {
  await database.stop();
}
process.exit(0);
