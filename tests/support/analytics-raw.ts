// The reconciliation test's side of the ledger: every figure of a campaign report computed straight
// from raw rows (Delivery, Device, DeviceEvent), with SQL written independently of the rollups:
// engagement comes from the stored events (one row per event id), not from Delivery's timestamps.
import type { Funnel } from "@/lib/analytics/types";
import { sqlPool } from "@/server/sql";

// The counters of one slice, named as in the report's funnel.
export interface RawRow extends Pick<
  Funnel,
  "targeted" | "suppressed" | "sent" | "failed" | "queued" | "received" | "opened" | "clicked" | "dismissed"
> {
  variant: string;
  platform: string;
  channel: string;
}

// Funnel counters per variant x platform x channel.
export async function rawFunnelRows(campaignId: string): Promise<RawRow[]> {
  const { rows } = await sqlPool().query<RawRow>(
    `with ev as (
       select "deliveryId" as id, bool_or(type in ('opened', 'clicked')) as opened,
         bool_or(type = 'clicked') as clicked, bool_or(type = 'dismissed') as dismissed
         from "DeviceEvent" where "campaignId" = $1 and "deliveryId" is not null and type <> 'app_open'
           group by "deliveryId"
     ), s as (
       select d.*, v.platform::text as platform, ev.id is not null as any_event, coalesce(ev.opened, false) as opened,
         coalesce(ev.clicked, false) as clicked,
              coalesce(ev.dismissed, false) as dismissed, d.status in ('sent', 'delivered') as is_sent
         from "Delivery" d join "Device" v on v.id = d."deviceId" left join ev on ev.id = d.id
        where d."campaignId" = $1
     )
     select coalesce("variantKey", 'holdout') as variant, platform, channel::text as channel, count(*)::int as targeted,
            count(*) filter (where status = 'suppressed')::int as suppressed,
              count(*) filter (where is_sent)::int as sent,
            count(*) filter (where status = 'failed')::int as failed,
              count(*) filter (where status = 'queued')::int as queued,
            count(*) filter (where is_sent and ("deliveredAt" is not null or any_event))::int as received,
            count(*) filter (where is_sent and opened)::int as opened,
              count(*) filter (where is_sent and clicked)::int as clicked,
            count(*) filter (where is_sent and dismissed)::int as dismissed
       from s group by 1, 2, 3`,
    [campaignId],
  );
  return rows;
}

// Channels whose devices confirmed arrival by themselves: MQTT and the inbox (their transport), and
// any channel with a stored `received` event for this campaign.
export async function rawReceiptChannels(campaignId: string): Promise<Set<string>> {
  const { rows } = await sqlPool().query<{ channel: string }>(
    `select distinct d.channel::text as channel from "DeviceEvent" e join "Delivery" d on d.id = e."deliveryId"
       where e."campaignId" = $1 and e.type = 'received'`,
    [campaignId],
  );
  return new Set(["mqtt", "poll", ...rows.map((r) => r.channel)]);
}

export async function rawByReason(
  campaignId: string,
  kind: "suppressed" | "failed",
): Promise<Array<{ key: string; count: number }>> {
  const { rows } = await sqlPool().query<{ key: string; count: number }>(
    kind === "suppressed"
      ? `select reason::text as key, count(*)::int as count from "Delivery"
           where "campaignId" = $1 and status = 'suppressed' group by 1`
      : `select coalesce("errorCode", 'unknown') as key, count(*)::int as count from "Delivery"
           where "campaignId" = $1 and status = 'failed' group by 1`,
    [campaignId],
  );
  return rows;
}

// Re-activation of devices dormant `days`+ days at targeting: an app_open event of the device within
// 72 h after its Delivery was queued; treated = sent, holdout = kept back.
export async function rawReactivation(campaignId: string, minDays: number, maxDays = 100_000) {
  const { rows } = await sqlPool().query<{ grp: string; devices: number; reactivated: number }>(
    `select case when d.reason = 'holdout' then 'holdout' else 'treated' end as grp, count(*)::int as devices,
            count(*) filter (where exists (select 1 from "DeviceEvent" e
              where e."deviceId" = d."deviceId" and e.type = 'app_open'
                                             and e."occurredAt" >= d."queuedAt"
                                               and e."occurredAt" < d."queuedAt" + interval '72 hours'))::int
                                               as reactivated
       from "Delivery" d
      where d."campaignId" = $1 and (d.reason = 'holdout' or d.status in ('sent', 'delivered'))
        and d."queuedAt" - d."deviceLastActiveAt" >= $2 * interval '1 day'
          and d."queuedAt" - d."deviceLastActiveAt" < $3 * interval '1 day'
      group by 1`,
    [campaignId, minDays, maxDays],
  );
  const of = (grp: string) => {
    const row = rows.find((r) => r.grp === grp);
    return { devices: row?.devices ?? 0, reactivated: row?.reactivated ?? 0 };
  };
  return { treated: of("treated"), holdout: of("holdout") };
}

// Minutes from send to the first open/click event (clamped to the send, as device clocks drift), bucketed like the
// report.
export async function rawTimeToOpen(campaignId: string): Promise<Map<string, number>> {
  const { rows } = await sqlPool().query<{ bucket: string; n: number }>(
    `with first as (
       select "deliveryId" as id, min("occurredAt") as at from "DeviceEvent"
         where "campaignId" = $1 and type in ('opened', 'clicked') group by 1
     ), m as (
       select extract(epoch from (greatest(f.at, coalesce(d."sentAt", d."queuedAt")) - coalesce(d."sentAt",
         d."deliveredAt", d."queuedAt"))) / 60 as minutes
         from first f join "Delivery" d on d.id = f.id where d.status in ('sent', 'delivered')
     )
     select case when minutes < 1 then '<1m' when minutes < 5 then '1-5m' when minutes < 15 then '5-15m'
       when minutes < 60 then '15-60m'
                 when minutes < 360 then '1-6h' when minutes < 1440 then '6-24h'
                   else '>24h' end as bucket, count(*)::int as n
       from m group by 1`,
    [campaignId],
  );
  return new Map(rows.map((r) => [r.bucket, r.n]));
}
