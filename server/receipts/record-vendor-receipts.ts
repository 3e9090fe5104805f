// Records what the phone makers and JPush report back about pushes (their receipt callbacks, parsed by
// server/receipts/vendors/*): a receipt names a campaign (the parameter Herald sent with the push) and
// the token or registration id it went to, never Herald's delivery id (one vendor request serves up to
// 1,000 devices), so each receipt is matched to the device of this app holding that token on that
// channel and to its Delivery of the campaign on that channel (the latest run's: vendors cap the
// parameter's size, so the run is not sent). Effects, forward-only and set-once like device events
// (server/analytics/record-events-sql.ts):
// - delivered (and clicked, which proves it) moves a queued/sent Delivery to delivered (deliveredAt the
//   vendor's time, never before the send nor after now), and the campaign's deliveredCount grows by the
//   rows that changed, after the commit (mark-delivered.ts addDeliveredCounts);
// - clicked sets clickedAt and openedAt (a click is an open) when unset;
// - invalid marks that address invalid as a send-time invalid_token does (server/devices/invalidate-addresses.ts).
// The same receipt twice changes nothing the second time, so vendors' retries are harmless.
import "server-only";
import type { DeviceChannel } from "@/lib/channels/devices";
import { invalidateAddresses } from "@/server/devices/invalidate-addresses";
import { sqlPool } from "@/server/sql";
import { addDeliveredCounts } from "./mark-delivered";

// What one receipt says about one token.
export type ReceiptKind = "delivered" | "clicked" | "invalid";

export interface VendorReceipt {
  // The campaign the vendor's parameter names (anything else than a campaign id matches nothing).
  campaignId: string | null;
  token: string;
  kind: ReceiptKind;
  // When it happened by the vendor's clock (null: now).
  at: Date | null;
  // The vendor's status, kept as the address's error for invalid receipts.
  code: string;
}

// What recording did.
export interface ReceiptTally {
  receipts: number;
  delivered: number;
  clicked: number;
  invalidated: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The event time clamped to the Delivery's send (or queue) time, null when the receipt set none.
const clamp = (value: string) =>
  `case when ${value} is not null then greatest(${value}, coalesce(d."sentAt", d."queuedAt")) end`;

// Whether device v holds `token` as an address on the channel ($2; and with `status`, in that status).
// Device_addresses_idx (jsonb_path_ops) answers the containment of the token alone: a key of the channel
// too would intersect the token's entry with every address on that channel, about 10 times slower measured
// on 300,000 devices (13 ms against 1.5 ms for 100 receipts); the channel is checked on the row found.
const holds = (token: string, status?: string) => `
  v."addresses" @> jsonb_build_array(jsonb_build_object('token', ${token}))
  and exists (select from jsonb_array_elements(v."addresses") a
               where a->>'channel' = $2::text and a->>'token' = ${token}
                 ${status ? `and a->>'status' = '${status}'` : ""})`;

// $1 app, $2 channel, $3.. parallel arrays: campaign id, token, kind, time. The device is found by its
// address, the delivery by its unique key.
const engagementSql = `
with input as (
  select * from unnest($3::uuid[], $4::text[], $5::text[], $6::timestamptz[]) as r(campaign_id, token, kind, at)
), matched as (
  select x.id, r.kind, least(coalesce(r.at, now()), now()) at time zone 'UTC' as at
    from input r
    join "Campaign" c on c.id = r.campaign_id and c."appId" = $1::uuid
    join "Device" v on v."appId" = $1::uuid and ${holds("r.token")}
    join lateral (
      select x.id from "Delivery" x
       where x."campaignId" = c.id and x."deviceId" = v.id and x."channel" = $2::"Channel"
       order by x.run desc limit 1
    ) x on true
), effects as (
  select m.id, min(m.at) as delivered_at, min(m.at) filter (where m.kind = 'clicked') as clicked_at
    from matched m group by m.id order by m.id
), transitioned as (
  update "Delivery" d
     set "status" = 'delivered',
         "deliveredAt" = coalesce(d."deliveredAt", ${clamp("f.delivered_at")}),
         "openedAt" = coalesce(d."openedAt", ${clamp("f.clicked_at")}),
         "clickedAt" = coalesce(d."clickedAt", ${clamp("f.clicked_at")}),
         "updatedAt" = now() at time zone 'UTC'
    from effects f
   where d.id = f.id and d."status" in ('queued', 'sent')
  returning d.id, d."campaignId", f.clicked_at is not null as clicked
), engaged as (
  -- A row still queued/sent in this statement's snapshot that a concurrent receipt delivered meanwhile
  -- was skipped above (PostgreSQL re-checks the WHERE on the row as it is now); here it is re-read the
  -- same way and gains its click (the same rule as tests/integration/events-race.test.ts covers).
  update "Delivery" d
     set "openedAt" = coalesce(d."openedAt", ${clamp("f.clicked_at")}),
         "clickedAt" = ${clamp("f.clicked_at")},
         "updatedAt" = now() at time zone 'UTC'
    from (select * from effects e
           where e.clicked_at is not null and not exists (select 1 from transitioned t where t.id = e.id)) f
   where d.id = f.id and d."status" in ('delivered', 'queued', 'sent') and d."clickedAt" is null
  returning d."campaignId"
)
select t."campaignId" as "campaignId", count(*) filter (where t.changed)::int as n,
       count(*) filter (where t.clicked)::int as clicked
  from (select "campaignId", true as changed, clicked from transitioned
        union all select "campaignId", false, true from engaged) t
 group by t."campaignId"`;

// $1 app, $2 channel, $3 tokens: the app's devices holding each as an active address on the channel.
const holdersSql = `
select v.id as "deviceId", r.token
  from unnest($3::text[]) as r(token)
  join "Device" v on v."appId" = $1::uuid and ${holds("r.token", "active")}`;

// Records a vendor's receipts for one app's channel.
export async function recordVendorReceipts(
  appId: string,
  channel: DeviceChannel,
  receipts: VendorReceipt[],
): Promise<ReceiptTally> {
  const tally: ReceiptTally = { receipts: receipts.length, delivered: 0, clicked: 0, invalidated: 0 };
  // PostgreSQL text holds no NUL: such a token is no device's (and must not fail the request).
  receipts = receipts.filter((r) => !r.token.includes("\u0000"));
  const engagement = receipts.filter(
    (r) => r.kind !== "invalid" && r.campaignId !== null && uuidPattern.test(r.campaignId),
  );
  if (engagement.length) {
    const { rows } = await sqlPool().query<{ campaignId: string; n: number; clicked: number }>(engagementSql, [
      appId,
      channel,
      engagement.map((r) => r.campaignId),
      engagement.map((r) => r.token),
      engagement.map((r) => r.kind),
      engagement.map((r) => (r.at ? r.at.toISOString() : null)),
    ]);
    tally.delivered = rows.reduce((sum, r) => sum + r.n, 0);
    tally.clicked = rows.reduce((sum, r) => sum + r.clicked, 0);
    await addDeliveredCounts(rows.map((r) => ({ campaignId: r.campaignId, n: r.n })));
  }
  const dead = receipts.filter((r) => r.kind === "invalid");
  if (dead.length) {
    const codes = new Map(dead.map((r) => [r.token, r.code]));
    const { rows } = await sqlPool().query<{ deviceId: string; token: string }>(holdersSql, [
      appId,
      channel,
      [...codes.keys()],
    ]);
    tally.invalidated = await invalidateAddresses(
      channel,
      rows.map((r) => ({ deviceId: r.deviceId, token: r.token, code: codes.get(r.token) ?? null })),
    );
  }
  return tally;
}
