// The two set-based statements that recompute a campaign's rollups from its Delivery rows. Each is
// one scan of the campaign's deliveries in two aggregation stages: first every delivery is reduced
// to a few small values (the hours its moments fall in; its reason, error code, time-to-open bucket,
// dormancy) and grouped by all of them at once, which leaves a few thousand groups even for a
// million deliveries; then each group fans out into the counters it feeds (a lateral VALUES list)
// and those are summed. Text keys are built per group, not per delivery.
//
// What each counter means, for every reader:
// - targeted: every Delivery row, at its queuedAt hour; suppressed: status suppressed, same hour.
// - sent: status sent or delivered, at sentAt (deliveredAt when a receipt beat the send record).
// - failed: status failed, at failedAt.
// - received: sent rows with a receipt (deliveredAt) or any engagement (an open proves the message
//   arrived, so opens never exceed receipts per device), at the first of them.
// - opened: sent rows opened or clicked (a click is an open), at the first; clicked, dismissed alike.
// - appOpened: rows (holdout too) whose device opened the app within 72 h after targeting.
// Every counter is kept per maker too: the device's maker when the rollup runs ("" when unknown),
// read through the Device join the platform needs anyway, so fan-out writes nothing more per row.
// queued is not stored: targeted - suppressed - sent - failed.
// Not marked "server-only": the demo seed (prisma/seed.ts) runs these outside Next.js.

// How long after targeting an app_open counts as re-activation.
export const REACTIVATION_WINDOW_HOURS = 72;
// Dormancy is kept per whole day up to this cap (the last key means "this many or more").
export const DORMANCY_CAP_DAYS = 366;

const isSent = `d.status in ('sent', 'delivered')`;
const openAt = `least(d."openedAt", d."clickedAt")`;
const reactivated = `(d."appOpenedAt" >= d."queuedAt"
  and d."appOpenedAt" < d."queuedAt" + interval '${REACTIVATION_WINDOW_HOURS} hours')`;
// Runs the retention pass retired (RetiredRun): their rows are gone, or about to be, and their figures
// stay as they were last rolled up (their hourly rows are kept; their breakdowns are in RetiredBreakdown).
export const liveRun = (alias: string) =>
  `not exists (select 1 from "RetiredRun" r where r."campaignId" = ${alias}."campaignId" and r.run = ${alias}.run)`;
const hour = (at: string, when?: string) =>
  when ? `case when ${when} then date_trunc('hour', ${at}) end` : `date_trunc('hour', ${at})`;

// $1 = campaign id.
export const hourlyRollupSql = `
with moments as (
  select d.run, coalesce(d."variantKey", '') as variant, v.platform, d.channel,
         coalesce(v.maker::text, '') as maker,
         ${hour(`d."queuedAt"`)} as h0,
         ${hour(`d."queuedAt"`, `d.status = 'suppressed'`)} as h1,
         ${hour(`coalesce(d."sentAt", d."deliveredAt", d."queuedAt")`, isSent)} as h2,
         ${hour(`coalesce(d."failedAt", d."updatedAt")`, `d.status = 'failed'`)} as h3,
         ${hour(`least(d."deliveredAt", d."openedAt", d."clickedAt", d."dismissedAt")`, isSent)} as h4,
         ${hour(openAt, isSent)} as h5,
         ${hour(`d."clickedAt"`, isSent)} as h6,
         ${hour(`d."dismissedAt"`, isSent)} as h7,
         ${hour(`d."appOpenedAt"`, reactivated)} as h8
    from "Delivery" d join "Device" v on v.id = d."deviceId"
   where d."campaignId" = $1::uuid and ${liveRun("d")}
), grouped as (
  select run, variant, platform, channel, maker, h0, h1, h2, h3, h4, h5, h6, h7, h8, count(*)::int as n
    from moments group by run, variant, platform, channel, maker, h0, h1, h2, h3, h4, h5, h6, h7, h8
)
insert into "CampaignHourlyStat" ("campaignId", run, "variantKey", platform, channel, maker, hour,
                                  targeted, suppressed, sent, failed, received, opened, clicked, dismissed, "appOpened")
select $1::uuid, g.run, g.variant, g.platform, g.channel, g.maker, e.hour,
       ${Array.from({ length: 9 }, (_, m) => `coalesce(sum(g.n) filter (where e.m = ${m}), 0)`).join(", ")}
  from grouped g
  cross join lateral (values (0, g.h0), (1, g.h1), (2, g.h2), (3, g.h3), (4, g.h4), (5, g.h5), (6, g.h6), (7, g.h7),
                             (8, g.h8)) as e(m, hour)
 where e.hour is not null
 group by g.run, g.variant, g.platform, g.channel, g.maker, e.hour`;

// Minutes from send to first open, in the buckets the report shows (index into timeToOpenBuckets).
export const timeToOpenBuckets = ["<1m", "1-5m", "5-15m", "15-60m", "1-6h", "6-24h", ">24h"] as const;
const openMinutes = `date_part('epoch', ${openAt} - coalesce(d."sentAt", d."deliveredAt", d."queuedAt")) / 60`;
const bucketIndex = `width_bucket(${openMinutes}, array[1, 5, 15, 60, 360, 1440]::float8[])`;

// A receipt the device sent itself: the events API sets deliveredAt from the first message event,
// so a receipt implied by an open, click or dismissal has deliveredAt equal to the first of them;
// only a deliveredAt before any engagement (or without one) is an explicit receipt.
const explicitReceipt = `${isSent} and d."deliveredAt" is not null
  and (least(d."openedAt", d."clickedAt", d."dismissedAt") is null
       or d."deliveredAt" < least(d."openedAt", d."clickedAt", d."dismissedAt"))`;
const inReactivation = `d."deviceLastActiveAt" is not null and (d.reason = 'holdout' or ${isSent})`;
const dormantDays = `least(${DORMANCY_CAP_DAYS},
  greatest(0, floor(date_part('epoch', d."queuedAt" - d."deviceLastActiveAt") / 86400)))::int`;

// Breakdown kinds and their keys (variantKey '' when not split by variant):
// suppressed: reason; failed: error code (per variant); receipts: channel (rows with an explicit
// receipt: a channel with any reports receipts, which decides its open-rate basis); time_to_open:
// bucket (per variant); dormant / reactivated: "UTC month of targeting|treated or holdout|whole days
// dormant then (capped)" (per variant; holdout rows have none). `rows` picks the Delivery rows (alias d),
// `into` is the table and what follows the insert.
const breakdownSql = (rows: string, into: string) => `
insert into ${into}
with facts as (
  select coalesce(d."variantKey", '') as variant,
         case when d.status = 'suppressed' then d.reason::text end as reason,
         case when d.status = 'failed' then coalesce(d."errorCode", 'unknown') end as error,
         case when ${explicitReceipt} then d.channel end as receipt,
         case when ${isSent} and ${openAt} is not null then ${bucketIndex} end as tto,
         case when ${inReactivation} then (case when d.reason = 'holdout' then 'holdout' else 'treated' end) end as grp,
         case when ${inReactivation} then date_trunc('month', d."queuedAt") end as month,
         case when ${inReactivation} then ${dormantDays} end as days,
         ${inReactivation} and coalesce(${reactivated}, false) as back
    from "Delivery" d
   where ${rows}
), grouped as (
  select variant, reason, error, receipt, tto, grp, month, days, back, count(*)::int as n
    from facts group by variant, reason, error, receipt, tto, grp, month, days, back
)
select $1::uuid, e.kind, e.key, e.variant, sum(g.n)::int
  from grouped g
  cross join lateral (values
    ('suppressed', g.reason, ''),
    ('failed', g.error, g.variant),
    ('receipts', g.receipt::text, ''),
    ('time_to_open', (array[${timeToOpenBuckets.map((b) => `'${b}'`).join(", ")}])[g.tto + 1], g.variant),
    ('dormant', to_char(g.month, 'YYYY-MM') || '|' || g.grp || '|' || g.days, g.variant),
    ('reactivated', case when g.back then to_char(g.month, 'YYYY-MM') || '|' || g.grp || '|' || g.days end, g.variant)
  ) as e(kind, key, variant)
 where e.key is not null
 group by e.kind, e.key, e.variant`;

// $1 = campaign id: the breakdowns of its live runs.
export const breakdownRollupSql = breakdownSql(
  `d."campaignId" = $1::uuid and ${liveRun("d")}`,
  `"CampaignBreakdown" ("campaignId", kind, key, "variantKey", count)`,
);

// $1 = campaign id, $2 = runs, $3/$4 = their partition's runDate range: the breakdowns of runs about to
// be retired, added to what the campaign's earlier retired runs left.
export const retireBreakdownSql = `${breakdownSql(
  `d."campaignId" = $1::uuid and d.run = any($2::int[]) and d."runDate" >= $3::date and d."runDate" < $4::date`,
  `"RetiredBreakdown" ("campaignId", kind, key, "variantKey", count)`,
)}
on conflict ("campaignId", kind, key, "variantKey") do update set count = "RetiredBreakdown".count + excluded.count`;

// $1 = campaign id: adds its retired runs' breakdowns to those just computed from its live runs.
export const retiredBreakdownSql = `
insert into "CampaignBreakdown" ("campaignId", kind, key, "variantKey", count)
select "campaignId", kind, key, "variantKey", count from "RetiredBreakdown" where "campaignId" = $1::uuid
on conflict ("campaignId", kind, key, "variantKey") do update set count = "CampaignBreakdown".count + excluded.count`;

// $1 = campaign id: the hourly rows a recompute replaces (those of retired runs stay).
// (The text starts with the statement: tests find it in pg_stat_activity.)
export const deleteLiveHourlySql = `delete from "CampaignHourlyStat" h
 where h."campaignId" = $1::uuid and ${liveRun("h")}`;

// When the rollup was computed (the transaction's start, i.e. its snapshot), as an ISO string key.
export const rolledUpAtSql = `
insert into "CampaignBreakdown" ("campaignId", kind, key, "variantKey", count)
values ($1::uuid, 'rolled_up_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '', 0)`;
