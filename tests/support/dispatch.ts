// Helpers for dispatch tests: bulk devices, a campaign sent through the real compose/submit path,
// waiting for a campaign to reach a state, and a stand-in provider that sends everything.
import { randomUUID } from "node:crypto";
import type { StaffUser } from "@/server/auth/session";
import { createCampaign, submitCampaign } from "@/server/campaigns/compose";
import { db } from "@/server/db";
import type { CampaignContentInput } from "@/lib/campaigns/input";
import { sqlPool } from "@/server/sql";
import { oneAddressSql } from "@/server/devices/address-sql";
import { channelDescription } from "@/lib/channels";
import type { DeviceChannel } from "@/lib/channels/devices";
import type { ChannelEntry } from "@/server/dispatch/channel-registry";
import type { OutgoingBatch, SendResult } from "@/server/dispatch/providers/types";
import type { Channel } from "@/server/generated/prisma/enums";

const address = oneAddressSql("$3::text", "$4 || '-' || n");

// Inserts `count` active devices of one channel (tokens "tok-<n>"), in one statement.
export async function insertDevices(
  appId: string,
  count: number,
  options: {
    channel?: string;
    platform?: string;
    tags?: string[];
    locale?: string | null;
    prefix?: string;
    status?: string;
  } = {},
) {
  const prefix = options.prefix ?? randomUUID().slice(0, 8);
  await sqlPool().query(
    `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", tags, locale, timezone,
       status, "updatedAt")
     select gen_random_uuid(), $1, gen_random_uuid(), $2::"Platform", ${address.addresses}, ${address.channelMask},
       $5::text[], $6, 'Europe/Berlin', $7::"DeviceStatus", now()
       from generate_series(1, $8) n`,
    [
      appId,
      options.platform ?? "android",
      options.channel ?? "fcm",
      `tok-${prefix}`,
      options.tags ?? [],
      options.locale === undefined ? "en-US" : options.locale,
      options.status ?? "active",
      count,
    ],
  );
}

// A campaign input with sensible defaults for dispatch tests.
export function campaignInput(appId: string, overrides: Partial<CampaignContentInput> = {}): CampaignContentInput {
  return {
    appId,
    type: "announcement",
    name: `Dispatch ${randomUUID().slice(0, 6)}`,
    breaking: false,
    testDevicesOnly: false,
    holdoutPercent: 0,
    delivery: { priority: "high", channels: [], collapseKey: "story-1", ttlSeconds: 3600 },
    variants: [
      { key: "A", splitPercent: 100, fallbackLocale: "en", content: { en: { title: "Hello", body: "World" } } },
    ],
    ...overrides,
  };
}

// Creates and submits a campaign as `user`; returns its id (scheduled, or pending approval).
export async function sendCampaign(user: StaffUser, input: CampaignContentInput) {
  const { campaignId } = await createCampaign(user, input, { kind: "now" }, randomUUID());
  await submitCampaign(
    user,
    campaignId,
    input.expression ? undefined : (await db.app.findUniqueOrThrow({ where: { id: input.appId } })).name,
  );
  return campaignId;
}

// Polls until the campaign is in `state` (or throws after `timeoutMs`).
export async function waitForState(campaignId: string, state: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    if (row.state === state) return row;
    if (Date.now() > deadline)
      throw new Error(`campaign is ${row.state} (${row.pausedReason ?? ""}), not ${state}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Delivery rows of a campaign grouped by status (and reason).
export async function deliveryCounts(campaignId: string) {
  const { rows } = await sqlPool().query<{ status: string; reason: string | null; n: number }>(
    `select status::text, reason::text, count(*)::int as n from "Delivery" where "campaignId" = $1 group by 1, 2`,
    [campaignId],
  );
  const out: Record<string, number> = {};
  for (const row of rows) out[row.reason ? `${row.status}:${row.reason}` : row.status] = row.n;
  return out;
}

// A registry entry for a stand-in provider that answers "sent" for every message, with the real
// channel's credential rule (a required credential must be stored for the app; it is never unsealed).
export function sendingStandIn(channel: DeviceChannel): ChannelEntry {
  const credential = channelDescription(channel)?.credential as { required?: boolean } | undefined;
  return {
    channel: channel as Channel,
    maxBatch: 100,
    requiresCredential: credential?.required ?? false,
    async create() {
      return {
        channel,
        limits: { maxBatch: 100, concurrency: 2, maxPayloadBytes: 4096 },
        async send(batch: OutgoingBatch): Promise<SendResult[]> {
          return batch.messages.map((m) => ({ deliveryId: m.deliveryId, outcome: "sent" }));
        },
        async close() {},
      };
    },
  };
}
