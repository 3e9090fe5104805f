// Conversion goals: how many devices of each variant (and of the holdout) reported the campaign's
// goal event within its window, and what those events were worth. Read live from Delivery and
// DeviceEvent: the campaign's Delivery rows (its unique key leads with campaignId) and the goal events
// between its first send and its last send plus the window (DeviceEvent's monthly partitions outside
// that span are pruned at run time), matched per device to its own window. Holdout rows are the
// suppressed ones kept here (reason holdout), whatever variant they carry.
//
// A conversion is a device with at least one goal event in [start, start + window); see
// lib/analytics/conversions.ts for when a window starts and why. The value is the sum over every goal
// event in the window, not only the first: a campaign that brought a second purchase within its
// window brought that revenue too, while the conversion count (and so the rate) stays one per device.
// A device targeted by several runs of a campaign counts once, from its first run.
import "server-only";
import { db } from "@/server/db";
import { sqlPool } from "@/server/sql";
import { SIGNIFICANCE_LEVEL } from "./ab";
import { HOLDOUT_GROUP, conversionGroups, type ConversionReport } from "@/lib/analytics/conversions";

export interface ConversionCounts {
  key: string;
  devices: number;
  conversions: number;
  events: number;
}

const targetsSql = `
  targets as (
    select distinct on (d."deviceId") d."deviceId" as device_id,
           case when d.status = 'suppressed' then '${HOLDOUT_GROUP}'
                else coalesce(d."variantKey", '${HOLDOUT_GROUP}') end as key,
           case when d.status = 'suppressed' then d."queuedAt" else coalesce(d."sentAt", d."queuedAt") end as start_at
      from "Delivery" d
     where d."campaignId" = $1::uuid and (d.status <> 'suppressed' or d.reason = 'holdout')
     order by d."deviceId", d.run
  ), hits as (
    select t.key, t.device_id, e.value, coalesce(e.currency, '') as currency
      from targets t
      join "DeviceEvent" e on e."deviceId" = t.device_id
       and e."occurredAt" >= t.start_at and e."occurredAt" < t.start_at + $3 * interval '1 second'
     where e.type = 'custom' and e.name = $2
       -- The campaign's whole span as constants for the plan: DeviceEvent's months outside it are pruned.
       and e."occurredAt" >= (select min(start_at) from targets)
       and e."occurredAt" < (select max(start_at) from targets) + $3 * interval '1 second'
  )`;

const countsSql = `with ${targetsSql}
  select t.key, count(*)::int as devices, count(h.device_id)::int as conversions, coalesce(sum(h.n), 0)::int as events
    from targets t
    left join (select device_id, count(*) as n from hits group by device_id) h on h.device_id = t.device_id
   group by t.key
   order by t.key`;

const valuesSql = `with ${targetsSql}
  select key, currency, sum(value)::float8 as value from hits where value is not null
   group by key, currency order by key, currency`;

interface Goal {
  goalEvent: string;
  goalWindowSeconds: number;
}

async function goalOf(campaignId: string): Promise<Goal | null> {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { goalEvent: true, goalWindowSeconds: true },
  });
  if (!campaign?.goalEvent || !campaign.goalWindowSeconds) return null;
  return { goalEvent: campaign.goalEvent, goalWindowSeconds: campaign.goalWindowSeconds };
}

// Devices and conversions per variant key ("holdout" for the holdout) of a campaign with a goal; null
// for a campaign without one. For the A/B winner roll-out's "goal" metric.
export async function conversionsByVariant(campaignId: string): Promise<ConversionCounts[] | null> {
  const goal = await goalOf(campaignId);
  if (!goal) return null;
  const { rows } = await sqlPool().query<ConversionCounts>(countsSql, [
    campaignId,
    goal.goalEvent,
    goal.goalWindowSeconds,
  ]);
  return rows;
}

// The report's conversions block: per variant and the holdout, with lift and significance against it.
export async function conversionReport(campaignId: string): Promise<ConversionReport | null> {
  const goal = await goalOf(campaignId);
  if (!goal) return null;
  const params = [campaignId, goal.goalEvent, goal.goalWindowSeconds];
  const [counts, values] = await Promise.all([
    sqlPool().query<ConversionCounts>(countsSql, params),
    sqlPool().query<{ key: string; currency: string; value: number }>(valuesSql, params),
  ]);
  return {
    goalEvent: goal.goalEvent,
    windowSeconds: goal.goalWindowSeconds,
    groups: conversionGroups(counts.rows, values.rows),
    significanceLevel: SIGNIFICANCE_LEVEL,
  };
}

// Custom event names the app reported in the last `days` days, most recent first: the composer's
// suggestions for a goal. Only the newest partitions are read (occurredAt bound).
export async function recentCustomEventNames(appId: string, days = 30, limit = 20): Promise<string[]> {
  const { rows } = await sqlPool().query<{ name: string }>(
    `select name from "DeviceEvent"
      where "appId" = $1::uuid and type = 'custom' and name is not null
        and "occurredAt" > (now() at time zone 'UTC') - $2 * interval '1 day'
      group by name order by max("occurredAt") desc, name limit $3`,
    [appId, days, limit],
  );
  return rows.map((r) => r.name);
}
