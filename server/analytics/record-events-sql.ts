// The one statement that records a batch of device events: resolve devices, messages and campaigns,
// refuse what doesn't belong to the app, insert the rest idempotently, and apply their effects to
// Delivery and Device rows, set-based over unnest'ed arrays (one round trip per batch).
//
// Effects are forward-only and set-once:
// - every message event (received, opened, clicked, dismissed) proves the device had the message:
//   a queued/sent Delivery becomes delivered with deliveredAt set, and the campaign's
//   deliveredCount grows by the rows that changed. Reconciliation rule: opens never exceed receipts
//   per device, so an open (or click, or dismissal) arriving for a delivery with no deliveredAt
//   sets deliveredAt = its occurredAt too, as if the receipt had come with it.
// - opened sets openedAt, clicked sets clickedAt and (a click implies an open) openedAt, dismissed
//   sets dismissedAt; each keeps the earliest event time seen (a late batch with an earlier open
//   moves it back; duplicates change nothing), and only on delivered rows (failed and suppressed
//   stay final: the event is stored, the Delivery is not touched).
// - custom events (the app's own, e.g. purchase) name no message and change nothing: they are stored
//   for conversion goals (conversions.ts), which read them by device and time.
// - app_open moves Device.lastActiveAt forward (by 10 minutes or more, see lastActiveStep) and sets
//   appOpenedAt on that device's deliveries (any status, holdout suppressions included) queued at
//   most 72 h before it.
// Device clocks drift: an engagement time earlier than the send is recorded as the send time.
//
// Data-modifying CTEs of one statement see one snapshot and must not update a row twice, so all
// Delivery effects are folded per row (`effects`) and applied by two updates over disjoint rows:
// `transitioned` (status changes: counted) and `engaged` (everything else). The per-campaign rows
// (Campaign.deliveredCount, RollupDirty) are not written here but after the commit, merged across
// batches (event-marks.ts): here they would queue every batch of a campaign behind one row lock.
import type { ValidEvent } from "./events-schema";

// The event time clamped to the Delivery's send (or queue) time, null when the event set none.
const clamp = (column: string) =>
  `case when ${column} is not null then greatest(${column}, coalesce(d."sentAt", d."queuedAt")) end`;
// Whether the batch has an engagement earlier than the stored one (or the first): out-of-order
// batches keep the earliest time, so time-to-open counts from the first open, not the first one posted.
const earlier = (column: string, value: string) =>
  `(${value} is not null and (d."${column}" is null or ${clamp(value)} < d."${column}"))`;

// lastActiveAt only moves when an app_open is this much later than it. Device updates are never HOT
// (lastActiveAt is in two of its indexes, for the segments' lastActive conditions), so each one writes
// all eight of Device's indexes; an app opened several times in a session moves it once. Segments and
// re-activation cohorts count in days, so lagging by up to this much changes no figure that matters.
const lastActiveStep = "interval '10 minutes'";

// $1 app id; $2.. parallel arrays: index in the batch, eventId, installationId, type, campaignId,
// Delivery id, actionId, occurredAt (timestamptz), and a custom event's name, value and currency.
// Answers accepted (rows inserted), devices made active, the campaigns whose deliveries changed as
// [[id, newly delivered], ...], and the refusals found here as [[index, code], ...].
export const recordEventsSql = `
with input as (
  -- Each array behind a sub-select, so that no plan knows its length: a custom plan for a batch of a
  -- few events (an SDK's usual) is estimated cheaper than the generic one, so PostgreSQL kept planning
  -- afresh for them, which doubled the statement's CPU (1-event batches: 2.4 ms vs 1.0 ms). This way
  -- the generic plan is taken after five executions, whatever the batch sizes.
  select * from unnest((select $2::int[]), (select $3::text[]), (select $4::uuid[]), (select $5::"EventType"[]),
                       (select $6::uuid[]), (select $7::bigint[]), (select $8::text[]), (select $9::timestamptz[]),
                       (select $10::text[]), (select $11::float8[]), (select $12::text[]))
    as e(idx, event_id, installation_id, type, campaign_id, delivery_id, action_id, occurred_at, name, value, currency)
), resolved as materialized (
  select e.idx, e.event_id, e.type, e.action_id, e.occurred_at at time zone 'UTC' as occurred_at,
         e.name, e.value, e.currency,
         e.campaign_id as claimed_campaign, e.delivery_id as claimed_delivery, v.id as device_id,
         l.id as delivery_id, l."deviceId" as delivery_device, l."campaignId" as delivery_campaign,
         -- A lookup per event (not a join the generic plan might turn into a scan of every campaign),
         -- once per event (materialized: inlined, the subquery ran once per mention in \`classified\`),
         -- and only when it can matter: the event names a campaign, or a message of another device
         -- (foreign_campaign is checked before other_device). A message of this device comes from a
         -- campaign of this device's app, which is this app.
         case when e.campaign_id is not null or l."deviceId" <> v.id then
           (select c."appId" from "Campaign" c where c.id = coalesce(e.campaign_id, l."campaignId")) end as campaign_app
    from input e
    left join "Device" v on v."appId" = $1::uuid and v."installationId" = e.installation_id
    -- The named message, or (campaignId alone) this device's delivery of the campaign's latest run.
    left join lateral (
      select x.id, x."deviceId", x."campaignId" from "Delivery" x where x.id = e.delivery_id
      union all
      (select x.id, x."deviceId", x."campaignId" from "Delivery" x
        where e.delivery_id is null and e.campaign_id is not null and x."deviceId" = v.id
          and x."campaignId" = e.campaign_id
        order by x.run desc limit 1)
    ) l on true
), classified as (
  select r.*, case
      when r.device_id is null then 'unknown_device'
      when r.campaign_app is not null and r.campaign_app <> $1::uuid then 'foreign_campaign'
      when r.claimed_delivery is not null and r.delivery_id is null then 'unknown_message/not_found'
      when r.claimed_campaign is not null and r.campaign_app is null then 'unknown_message/no_campaign'
      when r.delivery_id is not null and r.delivery_device <> r.device_id then 'unknown_message/other_device'
      when r.delivery_id is not null and r.claimed_campaign is not null and r.delivery_campaign <> r.claimed_campaign
        then 'unknown_message/campaign_mismatch'
      when r.delivery_id is null and r.type not in ('app_open', 'custom') then 'unknown_message/not_targeted'
    end as reason
    from resolved r
), inserted as (
  insert into "DeviceEvent" ("appId", "eventId", "deviceId", "campaignId", "deliveryId", "type", "actionId",
                             "name", "value", "currency", "occurredAt", "receivedAt")
  select distinct on (k.event_id) $1::uuid, k.event_id, k.device_id, coalesce(k.claimed_campaign, k.delivery_campaign),
         k.delivery_id, k.type, k.action_id, k.name, k.value, k.currency, k.occurred_at, now() at time zone 'UTC'
    from classified k
   -- The same eventId stored with another occurredAt (a client that re-stamped a retried event): the
   -- key below cannot see it, as it may be in another partition, so it is looked for by (app, eventId).
   where k.reason is null
     and not exists (select 1 from "DeviceEvent" x where x."appId" = $1::uuid and x."eventId" = k.event_id)
   order by k.event_id, k.idx
  -- DeviceEvent is partitioned by occurredAt, which its keys must hold: (app, eventId, occurredAt) is
  -- unique, and the not exists above finds the same eventId with another time in any partition. Two
  -- requests racing with one eventId but different times may both store it: the Delivery effects are
  -- set-once, so no figure changes.
  on conflict ("appId", "eventId", "occurredAt") do nothing
  returning "deviceId" as device_id, "deliveryId" as delivery_id, "type", "occurredAt" as occurred_at
), engagement as (
  select i.delivery_id as id,
         min(i.occurred_at) as delivered_at,
         min(i.occurred_at) filter (where i.type in ('opened', 'clicked')) as opened_at,
         min(i.occurred_at) filter (where i.type = 'clicked') as clicked_at,
         min(i.occurred_at) filter (where i.type = 'dismissed') as dismissed_at,
         null::timestamp as app_opened_at
    from inserted i where i.type not in ('app_open', 'custom') and i.delivery_id is not null
   group by i.delivery_id
), reopened as (
  select x.id, null::timestamp, null::timestamp, null::timestamp, null::timestamp, min(a.occurred_at) as app_opened_at
    from inserted a
    join "Delivery" x on x."deviceId" = a.device_id and x."queuedAt" <= a.occurred_at
                     and x."queuedAt" > a.occurred_at - interval '72 hours'
   where a.type = 'app_open' and x."appOpenedAt" is null
   group by x.id
), effects as (
  select u.id, max(u.delivered_at) as delivered_at, max(u.opened_at) as opened_at, max(u.clicked_at) as clicked_at,
         max(u.dismissed_at) as dismissed_at, max(u.app_opened_at) as app_opened_at
    from (select * from engagement union all select * from reopened) u
   group by u.id
   -- The updates below lock rows in this order, mostly: concurrent batches deadlock less often.
   order by u.id
), transitioned as (
  -- Both updates read a row's status in their WHERE and SET. A row another transaction (a receipt,
  -- another batch) changed after this statement's snapshot is re-read by PostgreSQL when the update
  -- reaches it (EvalPlanQual): the WHERE is checked again and the SET computed on the row as it is
  -- now. So a row a concurrent receipt delivered is skipped here (not counted twice) and taken by
  -- \`engaged\` (its open applied), whose WHERE also admits rows still queued/sent in the snapshot
  -- for that reason (tests/integration/events-race.test.ts). Cheaper than locking the rows first.
  update "Delivery" d
     set "status" = 'delivered',
         "deliveredAt" = coalesce(d."deliveredAt", ${clamp("f.delivered_at")}),
         "openedAt" = coalesce(d."openedAt", ${clamp("f.opened_at")}),
         "clickedAt" = coalesce(d."clickedAt", ${clamp("f.clicked_at")}),
         "dismissedAt" = coalesce(d."dismissedAt", ${clamp("f.dismissed_at")}),
         "appOpenedAt" = coalesce(d."appOpenedAt", f.app_opened_at),
         "updatedAt" = now() at time zone 'UTC'
    from effects f
   where d.id = f.id and f.delivered_at is not null and d."status" in ('queued', 'sent')
  returning d.id, d."campaignId"
), engaged as (
  update "Delivery" d
     set "openedAt" = case when d."status" = 'delivered' then least(d."openedAt", ${clamp("f.opened_at")})
                      else d."openedAt" end,
         "clickedAt" = case when d."status" = 'delivered' then least(d."clickedAt", ${clamp("f.clicked_at")})
                       else d."clickedAt" end,
         "dismissedAt" = case when d."status" = 'delivered' then least(d."dismissedAt", ${clamp("f.dismissed_at")})
                         else d."dismissedAt" end,
         "appOpenedAt" = coalesce(d."appOpenedAt", f.app_opened_at),
         "updatedAt" = now() at time zone 'UTC'
    -- Rows \`transitioned\` took are left out before the lookup, not after it.
    from (select * from effects e where not exists (select 1 from transitioned t where t.id = e.id)) f
   where d.id = f.id
     and ((d."status" = 'delivered'
           and (${earlier("openedAt", "f.opened_at")} or ${earlier("clickedAt", "f.clicked_at")}
                or ${earlier("dismissedAt", "f.dismissed_at")}))
          or (f.delivered_at is not null and d."status" in ('queued', 'sent'))
          or (d."appOpenedAt" is null and f.app_opened_at is not null))
  returning d."campaignId"
), activity as (
  select i.device_id as id, max(i.occurred_at) as at from inserted i where i.type = 'app_open' group by i.device_id
), activated as (
  update "Device" v set "lastActiveAt" = a.at
    from activity a where v.id = a.id and v."lastActiveAt" < a.at - ${lastActiveStep}
  returning v.id
), touched as (
  select t."campaignId" as id, count(*) filter (where t.changed)::int as n
    from (select "campaignId", true as changed from transitioned union all select "campaignId", false from engaged) t
   group by t."campaignId"
)
select (select count(*) from inserted)::int as accepted,
       (select count(*) from activated)::int as activated,
       coalesce((select json_agg(json_build_array(t.id, t.n)) from touched t), '[]'::json) as campaigns,
       coalesce((select json_agg(json_build_array(k.idx, k.reason)) from classified k where k.reason is not null),
                '[]'::json) as refused`;

// The statement's parameters for a batch (also used by bench:events to EXPLAIN it).
export function recordEventsValues(appId: string, events: ValidEvent[]): unknown[] {
  return [
    appId,
    events.map((e) => e.index),
    events.map((e) => e.eventId),
    events.map((e) => e.installationId),
    events.map((e) => e.type),
    events.map((e) => e.campaignId),
    events.map((e) => e.messageId),
    events.map((e) => e.actionId),
    events.map((e) => e.occurredAt.toISOString()),
    events.map((e) => e.name),
    events.map((e) => e.value),
    events.map((e) => e.currency),
  ];
}
