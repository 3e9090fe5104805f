// Rows for channel tests written straight to the database: a device, a campaign with one wave,
// Delivery rows in a chosen status, and the OutgoingMessage the dispatcher would hand a provider.
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import type { Channel, DeliveryStatus } from "@/server/generated/prisma/enums";
import type { OutgoingMessage } from "@/server/dispatch/providers/types";
import { oneAddress } from "./device-address";

export interface TestDevice {
  id: string;
  installationId: string;
  appId: string;
}

export async function createDevice(appId: string, channel: Channel = "mqtt"): Promise<TestDevice> {
  const device = await db.device.create({
    data: { appId, installationId: randomUUID(), platform: "android", ...oneAddress(channel) },
    select: { id: true, installationId: true, appId: true },
  });
  return device;
}

export async function createCampaignWave(appId: string): Promise<{ campaignId: string; waveId: bigint }> {
  const campaign = await db.campaign.create({
    data: {
      appId,
      type: "announcement",
      name: `Channel test ${randomUUID().slice(0, 8)}`,
      state: "sending",
      schedule: { kind: "now" },
    },
    select: { id: true },
  });
  const wave = await db.campaignWave.create({
    data: { campaignId: campaign.id, index: 0, dueAt: new Date(), state: "queued" },
    select: { id: true },
  });
  return { campaignId: campaign.id, waveId: wave.id };
}

export async function createDelivery(
  campaign: { campaignId: string; waveId: bigint },
  device: TestDevice,
  channel: Channel,
  status: DeliveryStatus = "sent",
): Promise<string> {
  const row = await db.delivery.create({
    data: {
      campaignId: campaign.campaignId,
      waveId: campaign.waveId,
      deviceId: device.id,
      channel,
      status,
      variantKey: "A",
      locale: "en",
      sentAt: status === "sent" ? new Date() : null,
    },
    select: { id: true },
  });
  return row.id.toString();
}

export function outgoing(deliveryId: string, device: TestDevice, campaignId: string, title = "Hello"): OutgoingMessage {
  return {
    deliveryId,
    deviceId: device.id,
    installationId: device.installationId,
    platform: "android",
    token: null,
    campaignId,
    variantKey: "A",
    locale: "en",
    content: { title, body: `Body of ${title}`, url: "https://example.com/story", data: { story: "42" } },
  };
}

export async function deliveryState(deliveryId: string) {
  return db.delivery.findFirstOrThrow({
    where: { id: BigInt(deliveryId) },
    select: { status: true, deliveredAt: true, sentAt: true },
  });
}

export async function deliveredCount(campaignId: string): Promise<number> {
  return (await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { deliveredCount: true } }))
    .deliveredCount;
}

// Polls `check` every 20 ms until it returns true (or fails after timeoutMs).
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
