// `npm run bench:retention`: what a retention pass costs at scale, against deleting the same kind of
// rows. Creates a fresh herald_bench_retention database, 1,000,000 devices and BENCH_ROWS Delivery rows
// (10,000,000 by default) in one campaign per month over ten old months (set-based SQL, each month
// loaded into its own table and then attached as the partition, which builds the indexes in bulk).
// Then, in one run:
// 1. DELETE of one month's rows (the sample: as many rows as one partition holds), timed, and the
//    VACUUM that deletion leaves to do;
// 2. the six oldest campaigns rolled up (the worker keeps rollups current, so campaigns this old were
//    rolled up long before their rows expire), timed on its own;
// 3. one retention pass (server/partitions/retention.ts) over the six oldest months: any rollups still
//    needed, retiring their runs and dropping their partitions, each timed.
// Appends the figures to bench/RESULTS.md and drops the database (BENCH_KEEP=1 keeps it).
import { register } from "node:module";
import pg from "pg";
import { dropDatabase, resolveDatabase } from "../scripts/lib/database";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import { describeMachine, loadAverage } from "./lib/machine";
import { formatSection, recordSection } from "./lib/results";

register("../scripts/lib/hooks.mjs", import.meta.url);

const say = (line: string) => console.log(`[bench] ${line}`);
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const MONTHS = 10;
const RETIRED_MONTHS = 6;
const DEVICES = Math.min(1_000_000, Math.ceil(ROWS / MONTHS));
const perMonth = Math.floor(ROWS / MONTHS);
const name = "herald_bench_retention";
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const day = (at: Date) => at.toISOString().slice(0, 10);
const month = (base: Date, n: number) => new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + n, 1));

const database = await resolveDatabase(say);
try {
  const url = await freshDatabase(database.url, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows: version } = await client.query<{ v: string }>(`select current_setting('server_version') as v`);
  const app = await createBenchApp(client, "Bench retention");
  const now = new Date();
  // Ten months ending more than a year ago, so any retention of a year or less would drop them all.
  const first = month(now, -24);

  let started = performance.now();
  await client.query(
    `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", locale, timezone,
       status, "updatedAt", "lastActiveAt")
     select gen_random_uuid(), $1, gen_random_uuid(), 'android',
            jsonb_build_array(jsonb_build_object('channel', 'fcm', 'address', 'tok-' || n, 'active', true)), 1,
            'en-US', 'Europe/Berlin', 'active', now(), now() - (n % 90) * interval '1 day'
       from generate_series(1, $2::int) n`,
    [app.id, DEVICES],
  );
  say(`${DEVICES.toLocaleString("en")} devices in ${seconds(performance.now() - started)}`);

  started = performance.now();
  const partitions: Array<{ name: string; from: Date; campaignId: string }> = [];
  for (let i = 0; i < MONTHS; i++) {
    const from = month(first, i);
    const partition = `Delivery_${day(from).slice(0, 7).replace("-", "_")}`;
    const { rows } = await client.query<{ id: string }>(
      `insert into "Campaign" (id, "appId", type, name, state, schedule, "startedAt", "completedAt", "updatedAt")
       values (gen_random_uuid(), $1, 'news', $2, 'completed', '{"kind":"now"}', $3, $3, now()) returning id`,
      [app.id, `Monthly ${day(from)}`, from.toISOString()],
    );
    const campaignId = rows[0]!.id;
    const wave = await client.query<{ id: string }>(
      `insert into "CampaignWave" ("campaignId", index, "dueAt", state) values ($1, 0, $2, 'done') returning id`,
      [campaignId, from.toISOString()],
    );
    await client.query(`create table "${partition}" (like "Delivery" including defaults)`);
    // Outcomes by position: 80% sent (half of them received, a fifth opened), 10% failed, 10% suppressed.
    await client.query(
      `insert into "${partition}" ("campaignId", run, "waveId", "deviceId", "variantKey", locale, channel, status,
         reason, "errorCode", attempts, "queuedAt", "sentAt", "deliveredAt", "failedAt", "openedAt", "updatedAt",
         "deviceLastActiveAt", "runDate")
       select $1, 0, $2, d.id, 'A', 'en', 'fcm',
              (case when d.n % 10 = 0 then 'failed' when d.n % 10 = 1 then 'suppressed'
                    when d.n % 2 = 0 then 'delivered' else 'sent' end)::"DeliveryStatus",
              case when d.n % 10 = 1 then 'cap'::"SuppressionReason" end,
              case when d.n % 10 = 0 then 'UNAVAILABLE' end, 1,
              $3::timestamp + (d.n % 600) * interval '1 second',
              case when d.n % 10 > 1 then $3::timestamp + (d.n % 600 + 2) * interval '1 second' end,
              case when d.n % 10 > 1 and d.n % 2 = 0 then $3::timestamp + (d.n % 600 + 5) * interval '1 second' end,
              case when d.n % 10 = 0 then $3::timestamp + (d.n % 600 + 9) * interval '1 second' end,
              case when d.n % 10 > 1 and d.n % 5 = 2 then $3::timestamp + (d.n % 3600 + 60) * interval '1 second' end,
              $3::timestamp, d."lastActiveAt", $3::date
         from (select id, "lastActiveAt", row_number() over () as n from "Device" where "appId" = $4 limit $5) d`,
      [campaignId, wave.rows[0]!.id, from.toISOString(), app.id, perMonth],
    );
    const range = `from ('${day(from)}') to ('${day(month(from, 1))}')`;
    await client.query(`alter table "Delivery" attach partition "${partition}" for values ${range}`);
    partitions.push({ name: partition, from, campaignId });
    say(`${partition}: ${perMonth.toLocaleString("en")} rows (${seconds(performance.now() - started)} so far)`);
  }
  await client.query(`analyze "Delivery"`);
  const total = Number((await client.query(`select count(*)::bigint as n from "Delivery"`)).rows[0].n);
  const size = (
    await client.query<{ size: string }>(
      `select pg_size_pretty(sum(pg_total_relation_size(inhrelid))) as size from pg_inherits
        where inhparent = '"Delivery"'::regclass`,
    )
  ).rows[0]!.size;
  const loadedIn = performance.now() - started;
  say(`${total.toLocaleString("en")} Delivery rows (${size}) loaded in ${seconds(loadedIn)}`);

  // 1. The sample DELETE: the oldest month's rows through the parent, as a DELETE-based retention would.
  const sample = partitions[0]!;
  started = performance.now();
  const deleted = await client.query(`delete from "Delivery" where "runDate" >= $1 and "runDate" < $2`, [
    day(sample.from),
    day(month(sample.from, 1)),
  ]);
  const deleteMs = performance.now() - started;
  say(`DELETE of ${deleted.rowCount?.toLocaleString("en")} rows: ${seconds(deleteMs)}`);
  started = performance.now();
  await client.query(`vacuum "${sample.name}"`);
  const vacuumMs = performance.now() - started;
  say(`VACUUM after it: ${seconds(vacuumMs)}`);

  // 2. One retention pass over the six oldest months (the first one now empty: its partition still goes).
  // The worker keeps rollups current, so months-old campaigns were rolled up long before their rows
  // expire: that is done here first, timed on its own.
  process.env.DATABASE_URL = url;
  const { retentionPass } = await import("../server/partitions/retention");
  const { rollupCampaign } = await import("../server/analytics/rollup");
  const { sqlPool } = await import("../server/sql");
  started = performance.now();
  for (const partition of partitions.slice(0, RETIRED_MONTHS)) await rollupCampaign(partition.campaignId);
  const rolledUpMs = performance.now() - started;
  say(`rollups of the ${RETIRED_MONTHS} campaigns beforehand: ${seconds(rolledUpMs)}`);
  const cutoffMonth = month(first, RETIRED_MONTHS);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days = Math.round((today - cutoffMonth.getTime()) / 86_400_000);
  const before = total - (deleted.rowCount ?? 0);
  started = performance.now();
  const result = await retentionPass(days, now);
  const passMs = performance.now() - started;
  const after = Number((await client.query(`select count(*)::bigint as n from "Delivery"`)).rows[0].n);
  const droppedRows = before - after;
  const retired = (await client.query(`select count(*)::int as n from "RetiredRun"`)).rows[0].n;
  say(
    `retention pass: ${seconds(passMs)} (rollups ${seconds(result.rollupMs)}, ` +
      `retire ${seconds(result.retireMs)}, detach + drop ${seconds(result.dropMs)}); ` +
      `dropped ${result.dropped.join(", ")}`,
  );
  await sqlPool().end();
  await client.end();

  const perMillion = (ms: number, rows: number) => (rows ? (ms / rows) * 1_000_000 : NaN);
  const sampleRows = deleted.rowCount ?? 0;
  const deletePerM = perMillion(deleteMs, sampleRows);
  const dropPerM = perMillion(result.dropMs, droppedRows);
  const passPerM = perMillion(passMs, droppedRows);
  const n = (value: number) => value.toLocaleString("en");
  const section = {
    title: `bench:retention, ${n(total)} Delivery rows`,
    command:
      `\`npm run bench:retention\` (BENCH_ROWS=${ROWS}; ${MONTHS} monthly partitions of ${n(perMonth)} rows, ` +
      `one campaign each, ${n(DEVICES)} devices; ${size} of Delivery tables and indexes, loaded in ` +
      `${seconds(loadedIn)}; ${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL's server"} on the same ` +
      `machine; order: DELETE of the oldest month, rollups of the ${RETIRED_MONTHS} oldest campaigns (as the ` +
      `worker keeps them), then one retention pass over the ${RETIRED_MONTHS} oldest months)`,
    machine: `${describeMachine(version[0].v)}; shared with other work: load average ${loadAverage()} at the end`,
    lines: [
      `DELETE of one month's rows through the parent (${n(sampleRows)} rows): **${seconds(deleteMs)}**, then ` +
        `VACUUM of that partition ${seconds(vacuumMs)} (the space comes back only then)`,
      `rollups of the ${RETIRED_MONTHS} oldest campaigns beforehand (not part of the pass): ${seconds(rolledUpMs)}`,
      `one retention pass over ${RETIRED_MONTHS} months (HERALD_RETENTION_DAYS=${days}): **${seconds(passMs)}** ` +
        `in all, dropping ${n(droppedRows)} rows in ${result.dropped.length} partitions; of which rollups ` +
        `${seconds(result.rollupMs)}, retiring their ${retired} runs ${seconds(result.retireMs)}, detaching + ` +
        `dropping the partitions **${seconds(result.dropMs)}**`,
      `per million rows: DELETE ${seconds(deletePerM)} (+ VACUUM ${seconds(perMillion(vacuumMs, sampleRows))}) vs ` +
        `detach + drop ${seconds(dropPerM)}: ratio DELETE / drop **${(deletePerM / dropPerM).toFixed(1)}**; ` +
        `DELETE / whole pass ${(deletePerM / passPerM).toFixed(1)}`,
      `rows left ${n(after)} (the ${MONTHS - RETIRED_MONTHS} newer months: ` +
        `${n((MONTHS - RETIRED_MONTHS) * perMonth)}), runs retired ${retired}`,
    ],
  };
  console.log(formatSection(section));
  if (process.env.BENCH_DRY !== "1") await recordSection(section, say);
  if (process.env.BENCH_KEEP !== "1") await dropDatabase(database.url, name);
} finally {
  await database.stop();
}
process.exit(0);
