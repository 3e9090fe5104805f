// Fan-out's side of the phone makers' marketing caps (lib/routing/vendor-quotas.ts): for one chunk of
// a promotion's devices, how many promotions each capped channel carried to each device in the
// vendor's day (since midnight in China), from the Delivery rows queued, sent or delivered. One
// query per chunk through the (deviceId, queuedAt) index, like the app's own frequency caps, and the
// decision for a device at a cap. Also what the recorder does when a vendor refuses for its app-wide
// daily quota.
import "server-only";
import type { PoolClient } from "pg";
import type { DeviceChannel } from "@/lib/channels/devices";
import { cappedChannels, chinaDayStart, vendorQuotaOutcome } from "@/lib/routing/vendor-quotas";
import type { CampaignContext } from "./campaign-context";

// Per device, the marketing pushes per capped channel today. Empty unless the campaign is a promotion.
export async function vendorQuotaCounts(
  client: PoolClient,
  campaign: Pick<CampaignContext, "type">,
  deviceIds: string[],
  now: Date,
): Promise<Map<string, Record<string, number>>> {
  const counts = new Map<string, Record<string, number>>();
  if (campaign.type !== "promotion" || !deviceIds.length) return counts;
  const { rows } = await client.query<{ deviceId: string; channel: string; n: number }>(
    `select d."deviceId", d.channel::text as channel, count(*)::int as n
       from "Delivery" d join "Campaign" c on c.id = d."campaignId"
      where d."deviceId" = any($1::uuid[]) and d."queuedAt" >= $2 and d.channel::text = any($3::text[])
        and d.status in ('queued', 'sent', 'delivered') and c.type = 'promotion'
      group by 1, 2`,
    [deviceIds, chinaDayStart(now), cappedChannels],
  );
  for (const row of rows) {
    const entry = counts.get(row.deviceId) ?? {};
    entry[row.channel] = row.n;
    counts.set(row.deviceId, entry);
  }
  return counts;
}

// Applies the caps to one device's decision that fan-out would send on its route (`candidates`, in
// order): a promotion over its route's cap moves to the device's next candidate that is the app's
// own channel (policy "fallback"), or is suppressed as vendor_quota (policy "suppress", or no own
// channel). Anything else is left as it is.
export function applyVendorQuota(
  decision: { channel: string; reason: string | null },
  candidates: readonly DeviceChannel[],
  sentToday: Readonly<Record<string, number>> | undefined,
  campaign: Pick<CampaignContext, "type" | "app">,
): void {
  if (decision.reason !== null || campaign.type !== "promotion" || !sentToday) return;
  const outcome = vendorQuotaOutcome(candidates, sentToday, true, campaign.app.vendorQuotaPolicy);
  if (outcome?.kind === "moved") decision.channel = outcome.channel;
  else if (outcome?.kind === "dropped") decision.reason = "vendor_quota";
}

// Suppresses, as vendor_quota, the deliveries of a batch that the vendor refused because the app's
// daily quota is spent (SendResult "retry" with `quota`): retrying before the vendor's midnight only
// gets the same answer (vivo even lowers the quota of apps that keep calling), and a push held for
// the next day is stale. The vendor's code stays in errorCode. Answers how many rows changed.
export async function suppressSpentQuota(
  client: PoolClient,
  batchId: string,
  spent: ReadonlyArray<{ deliveryId: string; errorCode: string }>,
): Promise<number> {
  if (!spent.length) return 0;
  const { rowCount } = await client.query(
    `update "Delivery" d set status = 'suppressed', reason = 'vendor_quota', "errorCode" = r.code,
            attempts = d.attempts + 1, "updatedAt" = now()
       from unnest($1::bigint[], $2::text[]) as r(id, code)
      where d.id = r.id and d."batchId" = $3 and d.status = 'queued'`,
    [spent.map((s) => s.deliveryId), spent.map((s) => s.errorCode), batchId],
  );
  return rowCount ?? 0;
}
