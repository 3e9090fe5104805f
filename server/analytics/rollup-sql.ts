// The two set-based statements that recompute a campaign's rollups from its Delivery rows (one scan
// each; every delivery fans out into the few moments it has, via a lateral VALUES list, and one hash
// aggregate counts them). What each counter means, for every reader:
// - targeted: every Delivery row, at its queuedAt hour; suppressed: status suppressed, same hour.
// - sent: status sent or delivered, at sentAt (deliveredAt when a receipt beat the send record).
// - failed: status failed, at failedAt.
// - received: sent rows with a receipt (deliveredAt) or any engagement (an open proves the message
//   arrived, so opens never exceed receipts per device), at the first of them.
// - opened: sent rows opened or clicked (a click is an open), at the first; clicked, dismissed alike.
// - appOpened: rows (holdout too) whose device opened the app within 72 h after targeting.
// queued is not stored: targeted - suppressed - sent - failed.
import "server-only";

// How long after targeting an app_open counts as re-activation.
export const REACTIVATION_WINDOW_HOURS = 72;
// Dormancy is kept per whole day up to this cap (the last key means "this many or more").
export const DORMANCY_CAP_DAYS = 366;

const isSent = `d.status in ('sent', 'delivered')`;
const openAt = `least(d."openedAt", d."clickedAt")`;
const reactivated = `(d."appOpenedAt" >= d."queuedAt" and d."appOpenedAt" < d."queuedAt" + interval '${REACTIVATION_WINDOW_HOURS} hours')`;

// $1 = campaign id.
export const hourlyRollupSql = `
insert into "CampaignHourlyStat" ("campaignId", run, "variantKey", platform, channel, hour,
                                  targeted, suppressed, sent, failed, received, opened, clicked, dismissed, "appOpened")
select $1::uuid, d.run, coalesce(d."variantKey", ''), v.platform, d.channel, date_trunc('hour', e.at),
       count(*) filter (where e.m = 0), count(*) filter (where e.m = 1), count(*) filter (where e.m = 2),
       count(*) filter (where e.m = 3), count(*) filter (where e.m = 4), count(*) filter (where e.m = 5),
       count(*) filter (where e.m = 6), count(*) filter (where e.m = 7), count(*) filter (where e.m = 8)
  from "Delivery" d
  join "Device" v on v.id = d."deviceId"
  cross join lateral (values
    (0, d."queuedAt"),
    (1, case when d.status = 'suppressed' then d."queuedAt" end),
    (2, case when ${isSent} then coalesce(d."sentAt", d."deliveredAt", d."queuedAt") end),
    (3, case when d.status = 'failed' then coalesce(d."failedAt", d."updatedAt") end),
    (4, case when ${isSent} then least(d."deliveredAt", d."openedAt", d."clickedAt", d."dismissedAt") end),
    (5, case when ${isSent} then ${openAt} end),
    (6, case when ${isSent} then d."clickedAt" end),
    (7, case when ${isSent} then d."dismissedAt" end),
    (8, case when ${reactivated} then d."appOpenedAt" end)
  ) as e(m, at)
 where d."campaignId" = $1::uuid and e.at is not null
 group by d.run, coalesce(d."variantKey", ''), v.platform, d.channel, date_trunc('hour', e.at)`;

// Minutes from send to first open, in the buckets the report shows.
const openMinutes = `extract(epoch from (${openAt} - coalesce(d."sentAt", d."deliveredAt", d."queuedAt"))) / 60`;
export const timeToOpenBuckets = ["<1m", "1-5m", "5-15m", "15-60m", "1-6h", "6-24h", ">24h"] as const;
const bucketSql = `case when ${openMinutes} < 1 then '<1m' when ${openMinutes} < 5 then '1-5m' when ${openMinutes} < 15 then '5-15m'
  when ${openMinutes} < 60 then '15-60m' when ${openMinutes} < 360 then '1-6h' when ${openMinutes} < 1440 then '6-24h' else '>24h' end`;

// Re-activation key: UTC month of targeting | treated or holdout | whole days dormant then (capped).
const dormancyKey = `to_char(d."queuedAt", 'YYYY-MM') || '|' || case when d.reason = 'holdout' then 'holdout' else 'treated' end || '|' ||
  least(${DORMANCY_CAP_DAYS}, greatest(0, floor(extract(epoch from (d."queuedAt" - d."deviceLastActiveAt")) / 86400)))::int`;
const inReactivation = `d."deviceLastActiveAt" is not null and (d.reason = 'holdout' or ${isSent})`;

// A receipt the device sent itself: the events API sets deliveredAt from the first message event,
// so a receipt implied by an open, click or dismissal has deliveredAt equal to the first of them;
// only a deliveredAt before any engagement (or without one) is an explicit receipt.
const explicitReceipt = `${isSent} and d."deliveredAt" is not null
  and (least(d."openedAt", d."clickedAt", d."dismissedAt") is null or d."deliveredAt" < least(d."openedAt", d."clickedAt", d."dismissedAt"))`;

// Breakdown kinds and their keys (variantKey '' when not split by variant):
// suppressed: reason; failed: error code (per variant); receipts: channel (rows with an explicit
// receipt: a channel with any reports receipts, which decides its open-rate basis); time_to_open: bucket (per variant);
// dormant / reactivated: dormancyKey (per variant; holdout rows have none). $1 = campaign id.
export const breakdownRollupSql = `
insert into "CampaignBreakdown" ("campaignId", kind, key, "variantKey", count)
select $1::uuid, e.kind, e.key, e.variant, count(*)::int
  from "Delivery" d
  cross join lateral (values
    ('suppressed', case when d.status = 'suppressed' then d.reason::text end, ''),
    ('failed', case when d.status = 'failed' then coalesce(d."errorCode", 'unknown') end, coalesce(d."variantKey", '')),
    ('receipts', case when ${explicitReceipt} then d.channel::text end, ''),
    ('time_to_open', case when ${isSent} and ${openAt} is not null then ${bucketSql} end, coalesce(d."variantKey", '')),
    ('dormant', case when ${inReactivation} then ${dormancyKey} end, coalesce(d."variantKey", '')),
    ('reactivated', case when ${inReactivation} and ${reactivated} then ${dormancyKey} end, coalesce(d."variantKey", ''))
  ) as e(kind, key, variant)
 where d."campaignId" = $1::uuid and e.key is not null
 group by e.kind, e.key, e.variant`;

// When the rollup was computed (the transaction's start, i.e. its snapshot), as an ISO string key.
export const rolledUpAtSql = `
insert into "CampaignBreakdown" ("campaignId", kind, key, "variantKey", count)
values ($1::uuid, 'rolled_up_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '', 0)`;
