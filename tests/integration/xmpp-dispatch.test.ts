// The XMPP channel through the real dispatcher (fan-out, batches, recording on PostgreSQL) and the
// worker's wiring (server/dispatch/channels.ts, server/receipts/xmpp-receipts.ts) against a real
// Prosody with real XMPP clients as devices: receipts make deliveries delivered, also for a device that
// was offline at the send and signs in later; a fresh worker listens for receipts on every app's XMPP
// connection without any campaign sending; an unknown JID becomes an invalid address and the device
// gets its message on its next channel (the inbox); a wrong component secret pauses the campaign.
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { channelMaskOf } from "@/lib/channels/devices";
import type { XmppSecret } from "@/lib/channels/xmpp";
import { sealCredential } from "@/server/apps/credential-seal";
import type { StaffUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { clearChannels } from "@/server/dispatch/channel-registry";
import { closeDefaultChannels, registerDefaultChannels } from "@/server/dispatch/channels";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { verifyStoredCredential } from "@/server/dispatch/verify-credential";
import { startXmppReceipts, stopXmppReceipts, xmppReceiptStats } from "@/server/receipts/xmpp-receipts";
import { campaignInput, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";
import { prosodyMissing, startProsody, type Prosody } from "../support/prosody";
import { connectDevice, type XmppDevice } from "../support/xmpp-device";

const missing = prosodyMissing();
const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
let prosody: Prosody;
let editor: StaffUser;
let dispatcher: DispatcherHandle | null = null;
const devices: XmppDevice[] = [];

beforeAll(async () => {
  if (missing) return;
  prosody = await startProsody();
  for (const user of ["ann", "cat", "dan", "eve", "fay"]) await prosody.register(user, `pw-${user}`);
  editor = await createUser("editor");
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false });
  dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 10_000, concurrency: 1 });
});

afterEach(async () => {
  await Promise.all(devices.splice(0).map((device) => device.stop()));
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  await closeDefaultChannels();
  clearChannels();
  await prosody?.close();
});

function componentSecret(overrides: Partial<XmppSecret> = {}): XmppSecret {
  return {
    host: "127.0.0.1",
    port: prosody.componentPort,
    mode: "component",
    tls: "none",
    domain: prosody.componentDomain,
    componentSecret: prosody.componentSecret,
    jid: null,
    password: null,
    ...overrides,
  };
}

// An app with an XMPP credential and one device per JID (each also reachable through the inbox).
async function seed(jids: string[], secret = componentSecret()) {
  const { app } = await createApp();
  await db.app.update({ where: { id: app.id }, data: { approvalThreshold: 1000 } });
  await db.providerCredential.create({
    data: { appId: app.id, channel: "xmpp", summary: {}, secretSealed: sealCredential(app.id, "xmpp", secret) },
  });
  const byJid: Record<string, string> = {};
  for (const jid of jids) {
    const device = await db.device.create({
      data: {
        appId: app.id,
        installationId: randomUUID(),
        platform: "android",
        addresses: [
          { channel: "xmpp", token: jid, status: "active" },
          { channel: "poll", token: null, status: "active" },
        ],
        channelMask: channelMaskOf(["xmpp", "poll"]),
        locale: "en-US",
        timezone: "Europe/Berlin",
      },
    });
    byJid[jid] = device.id;
  }
  return { app, byJid };
}

async function deliveryOf(campaignId: string, deviceId: string) {
  return db.delivery.findFirstOrThrow({
    where: { campaignId, deviceId },
    select: { status: true, channel: true, deliveredAt: true, sentAt: true },
    orderBy: { id: "desc" },
  });
}

async function waitForDelivery(campaignId: string, deviceId: string, status: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await deliveryOf(campaignId, deviceId);
    if (row.status === status) return row;
    if (Date.now() > deadline) throw new Error(`delivery is ${row.status} on ${row.channel}, not ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(missing)("XMPP through the dispatcher and the worker's receipts", () => {
  it("online and offline devices: each receipt delivers its delivery, the offline one's when it signs in", async () => {
    const ann = await connectDevice(prosody, "ann", "pw-ann");
    devices.push(ann);
    const { app, byJid } = await seed(["ann@localhost", "cat@localhost"]);
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(campaignId, "completed", 30_000);

    const annRow = await waitForDelivery(campaignId, byJid["ann@localhost"], "delivered");
    expect(annRow.channel).toBe("xmpp");
    const [got] = await ann.waitFor(1);
    expect(got.getChildText("body")).toBe("Hello: World");
    // Cat is offline: the server keeps the message, the delivery stays sent.
    expect(await deliveryOf(campaignId, byJid["cat@localhost"])).toMatchObject({ status: "sent", channel: "xmpp" });

    const cat = await connectDevice(prosody, "cat", "pw-cat");
    devices.push(cat);
    await cat.waitFor(1);
    const catRow = await waitForDelivery(campaignId, byJid["cat@localhost"], "delivered");
    expect(catRow.deliveredAt!.getTime()).toBeGreaterThan(catRow.sentAt!.getTime());
    await expect
      .poll(async () => (await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).deliveredCount)
      .toBe(2);
  });

  it("a fresh worker listens on every app's XMPP connection: a receipt with no send running counts", async () => {
    const { app, byJid } = await seed(["dan@localhost"]);
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(campaignId, "completed", 30_000);
    expect(await deliveryOf(campaignId, byJid["dan@localhost"])).toMatchObject({ status: "sent" });

    // The worker restarts: its connections close, and start-up opens one per stored XMPP credential.
    await stopXmppReceipts();
    await startXmppReceipts();
    const before = xmppReceiptStats().recorded;
    const dan = await connectDevice(prosody, "dan", "pw-dan");
    devices.push(dan);
    await dan.waitFor(1);
    await waitForDelivery(campaignId, byJid["dan@localhost"], "delivered");
    // The counter grows right after the write commits.
    await expect.poll(() => xmppReceiptStats().recorded).toBeGreaterThan(before);
  });

  it("an unknown JID becomes an invalid address and the device gets the message in its inbox", async () => {
    const eve = await connectDevice(prosody, "eve", "pw-eve");
    devices.push(eve);
    const { app, byJid } = await seed(["eve@localhost", "nobody@localhost"]);
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(campaignId, "completed", 30_000);
    await waitForDelivery(campaignId, byJid["eve@localhost"], "delivered");

    const fallback = await deliveryOf(campaignId, byJid["nobody@localhost"]);
    expect(fallback).toMatchObject({ channel: "poll", status: "sent" });
    const device = await db.device.findUniqueOrThrow({ where: { id: byJid["nobody@localhost"] } });
    expect(device.addresses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: "xmpp", token: "nobody@localhost", status: "invalid" }),
      ]),
    );
    expect(device.channelMask).toBe(channelMaskOf(["poll"]));
  });

  it("a wrong component secret pauses the campaign with the configuration error", async () => {
    const { app } = await seed(["fay@localhost"], componentSecret({ componentSecret: "not-the-secret" }));
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    const paused = await waitForState(campaignId, "paused", 30_000);
    expect(paused.pausedReason).toMatch(/xmpp_not_authorized|refused Herald/);
    const credential = await db.providerCredential.findUniqueOrThrow({
      where: { appId_channel: { appId: app.id, channel: "xmpp" } },
    });
    expect(credential.lastError).toMatch(/refused Herald/);
    // "Test credentials" says the same, and passes (clearing the error) once the secret is right.
    expect(await verifyStoredCredential(app.id, "xmpp")).toMatchObject({ ok: false, code: "xmpp_not_authorized" });
    await db.providerCredential.update({
      where: { appId_channel: { appId: app.id, channel: "xmpp" } },
      data: { secretSealed: sealCredential(app.id, "xmpp", componentSecret()) },
    });
    expect(await verifyStoredCredential(app.id, "xmpp")).toEqual({ ok: true });
    const cleared = await db.providerCredential.findUniqueOrThrow({
      where: { appId_channel: { appId: app.id, channel: "xmpp" } },
    });
    expect(cleared.lastError).toBeNull();
  });
});
