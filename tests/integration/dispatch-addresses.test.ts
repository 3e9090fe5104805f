// Dispatch with several addresses per device against the real database: fan-out picks one active
// address per device among the channels the campaign allows and this process can send through,
// the Delivery row records that channel, and a vendor's invalid_token marks that address alone
// invalid (the device only once no active address is left) and moves the delivery to the next one.
// Stand-in providers answer for hms and fcm; the real providers are tested against their vendors'
// fakes elsewhere.
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { clearChannels, registerChannel } from "@/server/dispatch/channel-registry";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import type { OutgoingBatch, SendResult } from "@/server/dispatch/providers/types";
import { registerDevice } from "@/server/devices/register";
import { campaignInput, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

// What the stand-ins sent. The dispatcher serves the whole database, so batches other suites left
// behind may pass through too: each test reads only its own app's sends.
const sent: Array<{ appId: string; channel: string; token: string | null }> = [];
const sentFor = (appId: string) => sent.filter((s) => s.appId === appId).map((s) => s.token);
const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
let editor: StaffUser;
let dispatcher: DispatcherHandle | null = null;

// A stand-in vendor: tokens starting "dead" are unregistered, the rest are sent.
function standIn(channel: "hms" | "fcm") {
  registerChannel({
    channel,
    maxBatch: 100,
    async create() {
      return {
        channel,
        limits: { maxBatch: 100, concurrency: 2, maxPayloadBytes: 4096 },
        async send(batch: OutgoingBatch): Promise<SendResult[]> {
          return batch.messages.map((m) => {
            if (m.token?.startsWith("dead"))
              return { deliveryId: m.deliveryId, outcome: "invalid_token", errorCode: `${channel.toUpperCase()}_DEAD` };
            sent.push({ appId: batch.appId, channel, token: m.token });
            return { deliveryId: m.deliveryId, outcome: "sent", providerMessageId: `${channel}-${m.deliveryId}` };
          });
        },
        async close() {},
      };
    },
  });
}

beforeAll(async () => {
  editor = await createUser("editor");
  clearChannels();
  standIn("hms");
  standIn("fcm");
  dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 2000, firstChunk: 200, chunk: 500 });
});

afterEach(() => {
  sent.length = 0;
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
});

async function deliveries(campaignId: string) {
  return db.delivery.findMany({
    where: { campaignId },
    select: { deviceId: true, channel: true, status: true, reason: true, errorCode: true },
  });
}

async function send(appId: string, channels: Array<"hms" | "fcm"> = []) {
  const base = campaignInput(appId);
  const id = await sendCampaign(editor, { ...base, delivery: { ...base.delivery, channels } });
  await waitForState(id, "completed");
  return deliveries(id);
}

describe("dispatch to devices with several addresses", () => {
  it("sends once per device on one address, as the campaign's channels allow", async () => {
    const { app } = await createApp();
    const both = await registerDevice(app.id, {
      installationId: randomUUID(),
      platform: "android",
      addresses: [
        { channel: "fcm", token: "fcm-a" },
        { channel: "hms", token: "hms-a" },
      ],
    });
    const fcmOnly = await registerDevice(app.id, {
      installationId: randomUUID(),
      platform: "android",
      addresses: [{ channel: "fcm", token: "fcm-b" }],
    });
    // The maker's channel goes first; one push per device.
    const first = await send(app.id);
    expect(first.map((d) => [d.deviceId, d.channel, d.status]).sort()).toEqual(
      [
        [both.id, "hms", "sent"],
        [fcmOnly.id, "fcm", "sent"],
      ].sort(),
    );
    expect(sentFor(app.id).sort()).toEqual(["fcm-b", "hms-a"]);
    // A campaign limited to FCM reaches the same device on its FCM address.
    sent.length = 0;
    const fcm = await send(app.id, ["fcm"]);
    expect(fcm.every((d) => d.channel === "fcm" && d.status === "sent")).toBe(true);
    expect(sentFor(app.id).sort()).toEqual(["fcm-a", "fcm-b"]);
  });

  it("marks the dead address invalid, sends on the next in the same run, the device once none is left", async () => {
    const { app } = await createApp();
    const device = await registerDevice(app.id, {
      installationId: randomUUID(),
      platform: "android",
      addresses: [
        { channel: "hms", token: "dead-hms" },
        { channel: "fcm", token: "fcm-ok" },
      ],
    });
    // The dead HMS address moves the delivery to FCM in the same run: one push, on the FCM address.
    const first = await send(app.id);
    expect(first).toEqual([{ deviceId: device.id, channel: "fcm", status: "sent", reason: null, errorCode: null }]);
    expect(sentFor(app.id)).toEqual(["fcm-ok"]);
    let stored = await db.device.findUniqueOrThrow({ where: { id: device.id } });
    expect(stored.status).toBe("active");
    expect(stored.addresses).toEqual([
      { channel: "hms", token: "dead-hms", status: "invalid", error: "HMS_DEAD", errorAt: expect.any(String) },
      { channel: "fcm", token: "fcm-ok", status: "active" },
    ]);
    // The next campaign goes out on the address still active.
    const second = await send(app.id);
    expect(second).toMatchObject([{ channel: "fcm", status: "sent" }]);
    // Once that one dies too, the device is invalid (no longer in any sendable audience).
    await registerDevice(app.id, {
      installationId: stored.installationId,
      platform: "android",
      addresses: [{ channel: "fcm", token: "dead-fcm" }],
    });
    expect(await send(app.id)).toMatchObject([{ channel: "fcm", status: "failed", errorCode: "FCM_DEAD" }]);
    stored = await db.device.findUniqueOrThrow({ where: { id: device.id } });
    expect(stored).toMatchObject({ status: "invalid", channelMask: 0 });
  });
});
