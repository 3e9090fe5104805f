// Records that devices have a message (an MQTT receipt, or an inbox fetch). Forward only: a
// Delivery moves to `delivered` from queued or sent, never from failed or suppressed, and the
// campaign's deliveredCount grows by the rows that actually changed, right after they commit.
// A receipt arriving before the dispatcher recorded `sent` (the broker acknowledged, the device
// answered, the worker had not written yet) moves queued -> delivered and leaves sentAt null.
import "server-only";
import type { Channel } from "@/server/generated/prisma/enums";
import { sqlPool } from "@/server/sql";

// One claim that a device has a message: only honoured when the Delivery belongs to a device
// with this installationId in this app (so a forged or foreign message id changes nothing).
export interface DeliveredClaim {
  deliveryId: string;
  appId: string;
  installationId: string;
}

// The deliveries first, committed on their own; the campaign counters and rollup marks after, in
// campaign order. Deliveries of several campaigns and then their Campaign rows in one transaction
// would hold rows that fan-out and cancel (campaign row first) wait for: committed separately, this
// statement never waits on a campaign while holding deliveries (server/dispatch/campaign-tx.ts).
const statement = `
  with claim as (
    select * from unnest($1::bigint[], $2::uuid[], $3::uuid[]) as c(id, app_id, installation_id) order by id
  ), changed as (
    update "Delivery" d
       set "status" = 'delivered', "deliveredAt" = now() at time zone 'UTC', "updatedAt" = now() at time zone 'UTC'
      from claim c
      join "Device" v on v."appId" = c.app_id and v."installationId" = c.installation_id
     where d.id = c.id and d."deviceId" = v.id and d."status" in ('queued', 'sent')
       and ($4::"Channel" is null or d."channel" = $4::"Channel")
    returning d."campaignId"
  )
  select "campaignId", count(*)::int as n from changed group by "campaignId" order by "campaignId"`;

const countsStatement = `
  with counts as (select * from unnest($1::uuid[], $2::int[]) as c(id, n) order by id),
  bumped as (update "Campaign" c set "deliveredCount" = c."deliveredCount" + counts.n
               from counts where c.id = counts.id returning c.id)
  -- Analytics rollups (server/analytics/dirty.ts): \`since\` moves forward so a rollup running now keeps the mark.
  insert into "RollupDirty" ("campaignId", since)
  select id, clock_timestamp() from bumped order by 1
  on conflict ("campaignId")
  do update set since = greatest(excluded.since, "RollupDirty".since + interval '1 millisecond')`;

const maxBigint = 9223372036854775807n;

// Whether a message id can be a Delivery id (a positive PostgreSQL bigint in decimal).
export function isDeliveryId(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= maxBigint;
}

// Marks the claimed deliveries delivered; answers how many rows changed. `channel` narrows it
// (the inbox confirms only poll deliveries).
export async function markDelivered(claims: DeliveredClaim[], channel: Channel | null = null): Promise<number> {
  const valid = claims.filter((c) => isDeliveryId(c.deliveryId));
  if (!valid.length) return 0;
  const { rows } = await sqlPool().query<{ campaignId: string; n: number }>(statement, [
    valid.map((c) => c.deliveryId),
    valid.map((c) => c.appId),
    valid.map((c) => c.installationId),
    channel,
  ]);
  await addDeliveredCounts(rows);
  return rows.reduce((sum, r) => sum + r.n, 0);
}

// After deliveries committed: each campaign's deliveredCount grows by `n` (0: only its rollup mark),
// in campaign order. Also used by the vendors' receipts (record-vendor-receipts.ts).
export async function addDeliveredCounts(rows: Array<{ campaignId: string; n: number }>): Promise<void> {
  if (!rows.length) return;
  const sorted = [...rows].sort((a, b) => (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0));
  await sqlPool().query(countsStatement, [sorted.map((r) => r.campaignId), sorted.map((r) => r.n)]);
}
