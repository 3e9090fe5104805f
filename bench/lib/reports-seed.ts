// Seeds bench:reports' database with set-based SQL: one app, 1,000,000 devices, six campaigns with
// 2,000,000 Delivery rows between them (the largest 1,000,000) and 10,000,000 DeviceEvent rows.
// Distributions: 10% holdout, ~3% other suppressions (cap, quiet hours, invalid), ~2% failures (three
// error codes), MQTT and inbox receipts for 90% and APNs receipts for 60% of sends, opens 18% (A) /
// 21% (B) with a log-uniform time to open up to 48 h, clicks on a quarter of opens, dismissals, app
// opens within 72 h for 10-20%, dormancy at targeting log-uniform up to 200 days. Events: one per
// engagement above, the rest app_open events spread over 90 days.
import pg from "pg";
import { oneAddressSql } from "../../server/devices/address-sql";

const address = oneAddressSql("channel", "'tok-' || n");

export interface SeededReports {
  appId: string;
  campaigns: Array<{ id: string; name: string; deliveries: number }>;
  devices: number;
  deliveries: number;
  events: number;
  seconds: number;
}

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
// Campaign sizes (deliveries) and how many days ago each started.
const PLAN = [
  { share: 0.5, daysAgo: 2, type: "promotion" },
  { share: 0.25, daysAgo: 9, type: "news" },
  { share: 0.0625, daysAgo: 20, type: "announcement" },
  { share: 0.0625, daysAgo: 35, type: "news" },
  { share: 0.0625, daysAgo: 55, type: "promotion" },
  { share: 0.0625, daysAgo: 80, type: "announcement" },
];

// Drops a table's secondary indexes for a bulk load; returns their definitions to rebuild them.
async function dropIndexes(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where tablename = $1 and indexname <> $2`,
    [table, `${table}_pkey`],
  );
  for (const row of rows) await client.query(`drop index "${row.indexname}"`);
  return rows.map((r) => r.indexdef);
}

const deliverySql = `
with s as (
  select b.id as device_id, b.channel, r.*,
         case when r.r_hold < 0.10 then 'holdout' when r.r_sup < 0.033 then 'suppressed'
              when r.r_fail < 0.02 then 'failed' else 'sent' end as cls
    from bench_device b,
         lateral (select random() as r_hold, random() as r_sup, random() as r_fail, random() as r_var,
                         random() as r_rcpt, random() as r_open, random() as r_click, random() as r_dis,
                         random() as r_app, random() as r_tto, random() as r_dorm, random() as r_code,
                         $3::timestamp + (b.n % 3600) * interval '1 second' as q) r
   where b.n between $4 and $5
), t as (
  select s.*, case when cls = 'holdout' then null when r_var < 0.5 then 'A' else 'B' end as variant,
         case when cls = 'sent' then q + interval '2 seconds' end as sent_at,
         case when cls = 'sent' and r_open < (case when r_var < 0.5 then 0.18 else 0.21 end)
              then q + interval '2 seconds' + exp(r_tto * ln(2880)) * interval '1 minute' end as opened_at,
         case when cls = 'sent'
               and ((channel in ('mqtt', 'poll') and r_rcpt < 0.9) or (channel = 'apns' and r_rcpt < 0.6))
              then q + interval '2 seconds' + r_rcpt * interval '20 seconds' end as receipt_at
    from s
), u as (
  select t.*,
         case when opened_at is not null and r_click < 0.25 then opened_at + interval '10 seconds' end as clicked_at,
         case when cls = 'sent' and opened_at is null and r_dis < 0.08
              then sent_at + r_dis * interval '10 hours' end as dismissed_at
    from t
)
insert into "Delivery" ("campaignId", run, "waveId", "deviceId", "variantKey", locale, channel, status, reason,
                        "errorCode", "providerMessageId", attempts, "queuedAt", "sentAt", "deliveredAt", "failedAt",
                        "updatedAt", "deviceLastActiveAt", "openedAt", "clickedAt", "dismissedAt", "appOpenedAt")
select $1, 0, $2, device_id, variant, 'en', channel::"Channel",
       (case when cls in ('holdout', 'suppressed') then 'suppressed' when cls = 'failed' then 'failed'
             when coalesce(receipt_at, opened_at, dismissed_at) is not null then 'delivered'
             else 'sent' end)::"DeliveryStatus",
       (case when cls = 'holdout' then 'holdout'
             when cls = 'suppressed' then (array['cap', 'cap', 'quiet_hours', 'invalid'])[1 + floor(r_code * 4)::int]
        end)::"SuppressionReason",
       case when cls = 'failed'
            then (array['UNREGISTERED', 'UNREGISTERED', 'INVALID_ARGUMENT', 'QUOTA_EXCEEDED'])
                   [1 + floor(r_code * 4)::int]
       end,
       case when cls = 'sent' then 'msg-' || md5(device_id::text) end,
       case when cls in ('sent', 'failed') then 1 else 0 end,
       q, sent_at, least(receipt_at, opened_at, dismissed_at),
       case when cls = 'failed' then q + interval '3 seconds' end, q,
       q - exp(r_dorm * ln(200)) * interval '1 day', opened_at, clicked_at, dismissed_at,
       case when r_app < (case when cls = 'holdout' then 0.10 when opened_at is not null then 0.35 else 0.12 end)
            then least(coalesce(opened_at + interval '1 minute', q + r_app * interval '70 hours'),
                       q + interval '71 hours') end
  from u`;

// Events that mirror the deliveries' engagement (receipts only for APNs: MQTT and inbox confirm through
// their transports).
const engagementEventsSql = `
insert into "DeviceEvent" ("appId", "eventId", "deviceId", "campaignId", "deliveryId", type, "actionId",
                           "occurredAt", "receivedAt")
select $1, e.kind || '-' || d.id, d."deviceId", d."campaignId", d.id, e.kind::"EventType",
       case when e.kind = 'clicked' then 'buy' end, e.at, e.at + interval '2 seconds'
  from "Delivery" d,
       lateral (values ('received', case when d.channel = 'apns'
                                          and d."deliveredAt" < coalesce(d."openedAt", d."dismissedAt", 'infinity')
                                         then d."deliveredAt" end),
                       ('opened', d."openedAt"), ('clicked', d."clickedAt"), ('dismissed', d."dismissedAt"))
                 as e(kind, at)
 where d."campaignId" = any($2::uuid[]) and e.at is not null`;

const appOpenEventsSql = `
insert into "DeviceEvent" ("appId", "eventId", "deviceId", type, "occurredAt", "receivedAt")
select $1, 'a-' || k, b.id, 'app_open', t.at, t.at + interval '2 seconds'
  from generate_series($2::bigint, $3::bigint) k
  join bench_device b on b.n = 1 + (k * 7919) % $4
  cross join lateral (select now() - random() * interval '90 days' as at) t`;

export async function seedReports(
  client: pg.Client,
  appId: string,
  say: (line: string) => void,
): Promise<SeededReports> {
  const started = Date.now();
  await client.query(`set timezone = 'UTC'`);
  await client.query(`set synchronous_commit = off`);
  await client.query(`drop table if exists bench_device`);
  await client.query(
    `create unlogged table bench_device as
     select n, gen_random_uuid() as id,
            (array['fcm', 'fcm', 'fcm', 'fcm', 'fcm', 'fcm', 'fcm', 'fcm', 'fcm', 'mqtt', 'mqtt', 'hms',
                   'apns', 'apns', 'apns', 'apns', 'apns', 'apns', 'webpush', 'poll'])[1 + n % 20] as channel,
            (array['android', 'android', 'android', 'android', 'android', 'android', 'android', 'android',
                   'android', 'android', 'android', 'android', 'ios', 'ios', 'ios', 'ios', 'ios', 'ios', 'web',
                   'harmony'])[1 + n % 20] as platform
       from generate_series(1, $1::int) n`,
    [DEVICES],
  );
  await client.query(`alter table bench_device add primary key (n)`);
  const deviceIndexes = await dropIndexes(client, "Device");
  await client.query(
    `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", tags, locale, timezone,
       "lastActiveAt", "createdAt", "updatedAt")
     select id, $1, gen_random_uuid(), platform::"Platform", ${address.addresses}, ${address.channelMask}, '{}',
       'en-US', 'Europe/Berlin', now() - random() * interval '200 days', now() - interval '300 days', now()
       from bench_device`,
    [appId],
  );
  for (const index of deviceIndexes) await client.query(index);
  say(`${DEVICES.toLocaleString("en")} devices in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const deliveryIndexes = await dropIndexes(client, "Delivery");
  const campaigns: SeededReports["campaigns"] = [];
  let next = 1;
  const total = DEVICES * 2;
  for (const [i, plan] of PLAN.entries()) {
    const size = Math.round(total * plan.share);
    const name = `Bench ${plan.type} ${i + 1} (${size.toLocaleString("en")})`;
    const { rows } = await client.query<{ id: string; started: Date }>(
      `insert into "Campaign" (id, "appId", type, name, state, schedule, "holdoutPercent", "startedAt", "completedAt",
         "updatedAt")
       values (gen_random_uuid(), $1, $2::"CampaignType", $3, 'completed', '{"kind":"now"}', 10, date_trunc('minute',
         now() - $4 * interval '1 day'), date_trunc('minute', now() - $4 * interval '1 day') + interval '1 hour', now())
       returning id, "startedAt" as started`,
      [appId, plan.type, name, plan.daysAgo],
    );
    const id = rows[0].id;
    await client.query(
      `insert into "CampaignVariant" (id, "campaignId", key, "splitPercent", "fallbackLocale", content)
         values (gen_random_uuid(), $1, 'A', 50, 'en', '{}'), (gen_random_uuid(), $1, 'B', 50, 'en', '{}')`,
      [id],
    );
    const wave = await client.query<{ id: string }>(
      `insert into "CampaignWave" ("campaignId", index, "dueAt", state) values ($1, 0, $2, 'done') returning id`,
      [id, rows[0].started],
    );
    // Devices wrap around: campaigns after the first reuse the same audience from the start.
    const from = ((next - 1) % DEVICES) + 1;
    for (let lo = from; lo < from + size; lo += 250_000) {
      await client.query(deliverySql, [
        id,
        wave.rows[0].id,
        rows[0].started,
        lo,
        Math.min(from + size - 1, lo + 249_999),
      ]);
    }
    next = from + size;
    campaigns.push({ id, name, deliveries: size });
    say(`campaign ${i + 1}: ${size.toLocaleString("en")} deliveries (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  for (const index of deliveryIndexes) await client.query(index);

  const eventIndexes = await dropIndexes(client, "DeviceEvent");
  const engaged = await client.query(engagementEventsSql, [appId, campaigns.map((c) => c.id)]);
  const rest = EVENTS - (engaged.rowCount ?? 0);
  for (let lo = 1; lo <= rest; lo += 1_000_000)
    await client.query(appOpenEventsSql, [appId, lo, Math.min(rest, lo + 999_999), DEVICES]);
  say(
    `${EVENTS.toLocaleString("en")} events (${(engaged.rowCount ?? 0).toLocaleString("en")} engagement) in ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s; rebuilding indexes`,
  );
  for (const index of eventIndexes) await client.query(index);
  await client.query(`drop table bench_device`);
  await client.query(`vacuum analyze "Device"`);
  await client.query(`vacuum analyze "Delivery"`);
  await client.query(`vacuum analyze "DeviceEvent"`);
  return {
    appId,
    campaigns,
    devices: DEVICES,
    deliveries: total,
    events: EVENTS,
    seconds: (Date.now() - started) / 1000,
  };
}

// What an earlier run seeded (BENCH_REUSE=1): the bench app, its campaigns (largest first) and the row counts.
export async function readSeeded(client: pg.Client): Promise<SeededReports> {
  const { rows: apps } = await client.query<{ id: string }>(`select id from "App" where name = 'Bench reports'`);
  if (!apps.length) throw new Error("no seeded bench database: run without BENCH_REUSE first");
  const { rows: campaigns } = await client.query<{ id: string; name: string; deliveries: number }>(
    `select c.id, c.name, count(d.id)::int as deliveries from "Campaign" c join "Delivery" d on d."campaignId" = c.id
       where c."appId" = $1 group by c.id order by 3 desc, c.name`,
    [apps[0].id],
  );
  const count = async (table: string) =>
    (await client.query<{ n: number }>(`select count(*)::int as n from "${table}"`)).rows[0].n;
  return {
    appId: apps[0].id,
    campaigns,
    devices: await count("Device"),
    deliveries: campaigns.reduce((n, c) => n + c.deliveries, 0),
    events: await count("DeviceEvent"),
    seconds: 0,
  };
}
