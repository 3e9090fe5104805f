// How the dispatcher routes a campaign's devices: the app's routing policy (lib/routing/policy.ts)
// restricted to the channels the campaign allows and this process can send for the app (registered,
// with a stored credential where one is required). Fan-out takes each device's first candidate; the
// recorder takes the next one when a vendor answers that the address sent to is dead (in-run fallback).
// Also the batch sizes and priorities both use when they write DispatchBatch rows.
import "server-only";
import type { PoolClient } from "pg";
import type { DeviceChannel } from "@/lib/channels/devices";
import { createRouter, signalOnlyChannels } from "@/lib/routing/policy";
import type { CampaignContext } from "./campaign-context";
import { channelEntry } from "./channel-registry";

// A device's candidate channels, in order (memoized per platform, maker and mask).
export type DispatchRouter = (platform: string, maker: string | null, activeMask: number) => DeviceChannel[];

// The channels the app has a stored credential for.
export async function configuredChannels(client: PoolClient, appId: string): Promise<Set<string>> {
  const { rows } = await client.query<{ channel: string }>(
    `select channel::text from "ProviderCredential" where "appId" = $1`,
    [appId],
  );
  return new Set(rows.map((row) => row.channel));
}

// The campaign's router: the app's policy, keeping only channels the campaign allows (an empty list
// allows all) and the app can send through (`configured`: its stored credentials).
export function dispatchRouter(campaign: CampaignContext, configured: Set<string>): DispatchRouter {
  const usable = (channel: DeviceChannel) => {
    // SMS is the fallback's, never a push route, even when a test or a future wiring registers it.
    if (signalOnlyChannels.includes(channel)) return false;
    if (campaign.channels.length && !campaign.channels.includes(channel)) return false;
    const entry = channelEntry(channel);
    return entry !== undefined && (!entry.requiresCredential || configured.has(channel));
  };
  return createRouter(campaign.routingPolicy, usable);
}

// Batch sizes per channel: the provider's maximum, or about one second of a throttled campaign.
export function batchSize(campaign: CampaignContext, channel: string): number {
  const max = channelEntry(channel as never)?.maxBatch ?? 500;
  return campaign.throttlePerMinute ? Math.max(1, Math.min(max, Math.ceil(campaign.throttlePerMinute / 60))) : max;
}

// 0 breaking news, 1 news, 2 everything else (DispatchBatch.priority).
export const priorityOf = (campaign: CampaignContext) => (campaign.type === "news" ? (campaign.breaking ? 0 : 1) : 2);

// Splits items by channel into slices of at most the channel's batch size.
export function sliceByChannel<T>(
  campaign: CampaignContext,
  items: T[],
  channelOf: (item: T) => string,
): Array<{ channel: string; items: T[] }> {
  const byChannel = new Map<string, T[]>();
  for (const item of items) {
    const channel = channelOf(item);
    const list = byChannel.get(channel);
    if (list) list.push(item);
    else byChannel.set(channel, [item]);
  }
  const slices: Array<{ channel: string; items: T[] }> = [];
  for (const [channel, list] of byChannel) {
    const size = batchSize(campaign, channel);
    for (let i = 0; i < list.length; i += size) slices.push({ channel, items: list.slice(i, i + size) });
  }
  return slices;
}

// Reserves `count` DispatchBatch ids (the rows are inserted once their sizes are known).
export async function reserveBatchIds(client: PoolClient, count: number): Promise<string[]> {
  if (!count) return [];
  const { rows } = await client.query<{ id: string }>(
    `select nextval(pg_get_serial_sequence('"DispatchBatch"', 'id'))::text as id from generate_series(1, $1)`,
    [count],
  );
  return rows.map((row) => row.id);
}

// Inserts the campaign's reserved batches (id, channel, size each) for one wave, at the campaign's priority.
export async function insertBatches(
  client: PoolClient,
  campaign: CampaignContext,
  waveId: string,
  batches: ReadonlyArray<{ id: string; channel: string; size: number }>,
): Promise<void> {
  if (!batches.length) return;
  await client.query(
    `insert into "DispatchBatch" (id, "campaignId", "waveId", channel, size, priority)
     select b.id, $1, $2, b.channel::"Channel", b.size, $3
       from unnest($4::bigint[], $5::text[], $6::int[]) as b(id, channel, size)`,
    [
      campaign.id,
      waveId,
      priorityOf(campaign),
      batches.map((b) => b.id),
      batches.map((b) => b.channel),
      batches.map((b) => b.size),
    ],
  );
}
