// `npm run bench:segments`: audience counts on 1,000,000 devices of one app. Creates a fresh
// herald_bench_segments database, loads devices with realistic spreads (about 8 tags each from 1,000
// with a Zipf-like skew), analyses, then counts 20 expressions of mixed shape the way the campaign
// composer does (count + breakdown by platform and channel + a sample of 20), each BENCH_REPEATS times
// after one warm-up, and appends p50/p95 per expression and overall to bench/RESULTS.md.
import pg from "pg";
import { parseSegment } from "../lib/segments/parse";
import { audienceBreakdownQuery } from "../server/segments/count";
import { countAudience } from "../server/segments/count";
import { versionKeySql } from "../server/segments/compile";
import { oneAddressSql } from "../server/devices/address-sql";
import { resolveDatabase } from "../scripts/lib/database";
import { createBenchApp, freshDatabase } from "./lib/bench-database";
import { describeMachine, loadAverage } from "./lib/machine";
import { recordSection } from "./lib/results";

// One address per device on the channel drawn below (as the devices of this benchmark always had).
const address = oneAddressSql("c.channel", "null");

const say = (line: string) => console.log(`[bench] ${line}`);
const deviceCount = Number(process.env.BENCH_DEVICES ?? 1_000_000);
const repeats = Number(process.env.BENCH_REPEATS ?? 10);

export const expressions = [
  "tag:topic-1",
  "tag:topic-50",
  "tag:topic-900",
  "tag:topic-1 and not tag:topic-2",
  "any(tag:topic-3, tag:topic-30, tag:topic-300)",
  "all(tag:topic-1, tag:topic-5)",
  "platform:ios and lastActive<7d",
  "lastActive>30d",
  "lastActive>90d and not tag:topic-1",
  "tag:topic-10 and (platform:android or platform:ios) and locale:zh* and appVersion>=5.2 and lastActive>30d",
  "locale:en* and timezone:America/*",
  "appVersion>=5.2 and appVersion<6",
  "channel:mqtt or channel:jpush",
  "createdAt<90d and tag:topic-7",
  "not tag:topic-1 and not tag:topic-2 and not tag:topic-3",
  "(tag:topic-4 or tag:topic-8) and platform:android and lastActive<30d",
  "test:false and platform:web",
  "tag:topic-2 or lastActive<1d",
  "not (tag:topic-1 or platform:android)",
  "any(tag:topic-100, tag:topic-200) and not locale:en* and createdAt>180d",
];

// Loads the devices with set-based SQL (indexes dropped during the load and rebuilt after: faster).
async function loadDevices(client: pg.Client, appId: string): Promise<void> {
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where tablename = 'Device' and indexname <> 'Device_pkey'`,
  );
  for (const index of indexes) await client.query(`drop index "${index.indexname}"`);
  // Prisma stores DateTime as UTC wall-clock time in "timestamp" columns; now() must be converted likewise.
  await client.query(`set timezone = 'UTC'`);
  const chunk = 200_000;
  for (let start = 1; start <= deviceCount; start += chunk) {
    await client.query(
      `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", tags, locale, timezone,
         "appVersion", "appVersionKey", "lastActiveAt", "createdAt", "isTest", status, "updatedAt")
       select gen_random_uuid(), $1::uuid, gen_random_uuid(), p.platform::"Platform", ${address.addresses},
              ${address.channelMask},
              array(select distinct 'topic-' || floor(exp(random() * ln(1000)))::int
                    from generate_series(1, 8 + (i % 2)) as k where i > 0),
              (array['en-US','en-US','en-GB','zh-CN','zh-CN','zh-TW','pt-BR','es-ES','de-DE','ja-JP',null])
                [1 + floor(random() * 11)::int],
              (array['America/New_York', 'America/Los_Angeles', 'America/Sao_Paulo', 'Asia/Shanghai', 'Asia/Tokyo',
                     'Europe/Berlin', 'Europe/London', null])[1 + floor(random() * 8)::int],
              v.version, ${versionKeySql("v.version")},
              a.active, a.active - random() * interval '365 days', random() < 0.01,
              (case when random() < 0.95 then 'active' when random() < 0.5 then 'invalid'
                else 'unsubscribed' end)::"DeviceStatus", now()
       from generate_series($2::int, $3::int) as i
       cross join lateral (
         select (array['android','android','android','android','android','android','ios','ios','ios','web','harmony'])
                  [1 + floor(random() * 11)::int + (i * 0)] as platform) as p
       cross join lateral (
         select case p.platform
                  when 'android'
                    then (array['fcm','fcm','fcm','fcm','xiaomi','hms','jpush','mqtt'])[1 + floor(random() * 8)::int]
                  when 'ios' then 'apns'
                  when 'web' then (array['webpush','webpush','poll'])[1 + floor(random() * 3)::int]
                  else 'hms' end as channel) as c
       cross join lateral (
         select now() - power(random(), 2) * interval '180 days' - i * interval '0 seconds' as active) as a
       cross join lateral (
         select case when random() < 0.03 then null when random() < 0.01 then 'beta'
                     else (3 + floor(random() * 4)::int) || '.' || floor(random() * 13)::int || '.'
                          || floor(random() * 5)::int end
                || left(i::text, 0) as version) as v`,
      [appId, start, Math.min(deviceCount, start + chunk - 1)],
    );
    say(`  ${Math.min(deviceCount, start + chunk - 1).toLocaleString("en")} devices`);
  }
  for (const index of indexes) await client.query(index.indexdef);
  await client.query(`vacuum analyze "Device"`);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const database = await resolveDatabase(say);
try {
  const url = await freshDatabase(database.url, "herald_bench_segments");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const postgresVersion = (await client.query<{ server_version: string }>("show server_version")).rows[0]
    .server_version;
  // Counts that read the Device table depend on whether it fits PostgreSQL's own cache.
  const sharedBuffers = (await client.query<{ shared_buffers: string }>("show shared_buffers")).rows[0].shared_buffers;
  const app = await createBenchApp(client, "bench-segments");
  await createBenchApp(client, "bench-segments-other");
  const loadStarted = performance.now();
  say(`loading ${deviceCount.toLocaleString("en")} devices`);
  await loadDevices(client, app.id);
  say(`loaded and analysed in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

  // The same session settings as the app's pool (server/sql.ts): JIT off.
  const pool = new pg.Pool({ connectionString: url, max: 4, options: "-c jit=off" });
  const now = new Date();
  const lines: string[] = [];
  const all: number[] = [];
  for (const source of expressions) {
    const ast = parseSegment(source);
    const first = await countAudience(pool, ast, { appId: app.id, now });
    const times: number[] = [];
    for (let run = 0; run < repeats; run++) {
      const started = performance.now();
      await countAudience(pool, ast, { appId: app.id, now });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    const line =
      `\`${source}\`: ${first.total.toLocaleString("en")} devices; p50 ` +
      `${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`;
    lines.push(line);
    say(line);
    if (process.env.BENCH_EXPLAIN) {
      const query = audienceBreakdownQuery(ast, { appId: app.id, now });
      const { rows } = await pool.query<{ "QUERY PLAN": string }>(
        `explain (analyze, buffers) ${query.text}`,
        query.values,
      );
      console.log(rows.map((r) => r["QUERY PLAN"]).join("\n"));
    }
  }
  all.sort((a, b) => a - b);
  const overall = { p50: percentile(all, 50), p95: percentile(all, 95) };
  const met = overall.p50 < 100 && overall.p95 < 250;
  say(
    `overall: p50 ${overall.p50.toFixed(1)} ms, p95 ${overall.p95.toFixed(1)} ms (target p50 < 100 ms, p95 < 250 ` +
      `ms: ${met ? "met" : "NOT met"})`,
  );

  const section = {
    title: "audience counts (segments)",
    command:
      `\`npm run bench:segments\` (${deviceCount.toLocaleString("en")} devices in one app, ~8 tags each ` +
      `from 1,000 with a Zipf-like skew; each expression counted ${repeats} times after a warm-up: count + ` +
      `breakdown by platform and channel, then a sample of 20; ` +
      `${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL's server"} on the same machine)`,
    machine:
      `${describeMachine(`${postgresVersion} (shared_buffers ${sharedBuffers})`)}; load average ` +
      `${loadAverage()} at the end`,
    lines: [
      ...lines,
      `overall (${all.length} counts): p50 ${overall.p50.toFixed(1)} ms, p95 ${overall.p95.toFixed(1)} ms`,
      `target (p50 < 100 ms, p95 < 250 ms): ${met ? "met" : "NOT met"}`,
    ],
  };
  await recordSection(section, say);
  await pool.end();
  await client.end();
} finally {
  await database.stop();
}
