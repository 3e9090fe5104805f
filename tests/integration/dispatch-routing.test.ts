// Routing per app against the real database and dispatcher: fan-out sends each device on the first
// channel of its (platform, maker) row in the app's policy on which it has an active address, that
// the campaign allows and the app has a credential for; a vendor that calls an address dead moves the
// delivery, in the same run, to the device's next such channel (never a second push), while a
// transient answer only retries. The routing cases use stand-in vendors (they only record what they
// were asked); the fallback cases run the real Huawei Push Kit client against the loopback HMS fake
// and the real inbox channel. A late recording of a batch whose delivery already moved changes nothing.
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DeviceChannel } from "@/lib/channels/devices";
import type { HmsSecret } from "@/lib/channels/hms";
import { defaultRoutingPolicy, type RoutingPolicy } from "@/lib/routing/policy";
import type { StaffUser } from "@/server/auth/session";
import { sealCredential } from "@/server/apps/credential-seal";
import { db } from "@/server/db";
import { registerDevice } from "@/server/devices/register";
import { clearChannels, registerChannel } from "@/server/dispatch/channel-registry";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { createHmsProvider, hmsMaxBatch } from "@/server/dispatch/providers/hms/provider";
import { loopbackEndpoint } from "@/server/dispatch/providers/hms/settings";
import { loadCampaignContext } from "@/server/dispatch/campaign-context";
import { readDispatchConfig } from "@/server/dispatch/config";
import type { OutgoingBatch, OutgoingMessage, SendResult } from "@/server/dispatch/providers/types";
import { recordResults } from "@/server/dispatch/record";
import { createInboxProvider } from "@/server/inbox/provider";
import { startFakeHms, type FakeHms } from "@/tests/fakes/hms/server";
import { campaignInput, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
const hmsSecret: HmsSecret = {
  appId: "104433559",
  appSecret: "fake-hms-secret",
  serviceCategory: null,
  receiptId: null,
};
let editor: StaffUser;
let dispatcher: DispatcherHandle | null = null;
let fake: FakeHms;

// What the stand-ins were asked to send. The dispatcher serves the whole database: each test reads its own app's.
const sent: Array<{ appId: string; channel: string; token: string | null }> = [];
const standIns: DeviceChannel[] = ["honor", "xiaomi", "oppo", "vivo", "jpush", "fcm"];

// A stand-in vendor that needs a credential (as the real ones do) and sends whatever it is given.
function standIn(channel: DeviceChannel) {
  registerChannel({
    channel,
    maxBatch: 100,
    requiresCredential: true,
    async create() {
      return {
        channel,
        limits: { maxBatch: 100, concurrency: 2, maxPayloadBytes: 4096 },
        async send(batch: OutgoingBatch): Promise<SendResult[]> {
          return batch.messages.map((m) => {
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
  fake = await startFakeHms();
  clearChannels();
  for (const channel of standIns) standIn(channel);
  // The real Huawei client against the fake, and the real inbox.
  registerChannel({
    channel: "hms",
    maxBatch: hmsMaxBatch,
    requiresCredential: true,
    async create(appId) {
      return createHmsProvider(
        { appId, channel: "hms", secret: hmsSecret },
        { endpoint: loopbackEndpoint(fake.url, fake.ca, "/oauth2/v3/token") },
      );
    },
  });
  registerChannel({
    channel: "poll",
    maxBatch: 1000,
    create: async (appId) => createInboxProvider({ appId, channel: "poll", secret: null }),
  });
  dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 5000, firstChunk: 200, chunk: 500 });
});

afterEach(async () => {
  sent.length = 0;
  await fake.reset();
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
  await fake?.close();
});

// Gives the app a (sealed) credential for each channel.
async function credentials(appId: string, channels: DeviceChannel[]) {
  for (const channel of channels)
    await db.providerCredential.create({
      data: {
        appId,
        channel,
        summary: {},
        secretSealed: sealCredential(
          appId,
          channel as "hms",
          channel === "hms" ? hmsSecret : ({ stand: "in" } as never),
        ),
      },
    });
}

async function device(appId: string, maker: string | null, addresses: Array<[DeviceChannel, string | null]>) {
  const registered = await registerDevice(appId, {
    installationId: randomUUID(),
    platform: "android",
    ...(maker ? { maker: maker as never } : {}),
    addresses: addresses.map(([channel, token]) => ({ channel, token })),
  });
  return registered.id;
}

async function send(appId: string, channels: DeviceChannel[] = []) {
  const base = campaignInput(appId);
  const id = await sendCampaign(editor, { ...base, delivery: { ...base.delivery, channels: channels as never } });
  await waitForState(id, "completed");
  const rows = await db.delivery.findMany({
    where: { campaignId: id },
    select: { deviceId: true, channel: true, address: true, status: true, reason: true, errorCode: true },
  });
  return { id, rows: new Map(rows.map((row) => [row.deviceId, row])) };
}

// The default policy with the Android rows replaced.
function withAndroidRows(rows: RoutingPolicy["rules"]): RoutingPolicy {
  return { rules: [...rows, ...defaultRoutingPolicy.rules.filter((rule) => rule.platform !== "android")] };
}

describe("routing per app", () => {
  it("sends each maker's phones on the first channel of their row the app can send through", async () => {
    const { app } = await createApp();
    // No OPPO credential: OPPO phones skip their maker's channel.
    await credentials(app.id, ["hms", "honor", "xiaomi", "vivo", "jpush", "fcm"]);
    const policy = withAndroidRows([
      { platform: "android", maker: "huawei", channels: ["jpush", "hms", "poll"] },
      { platform: "android", maker: "xiaomi", channels: ["fcm", "xiaomi"] },
      { platform: "android", maker: "oppo", channels: ["oppo", "jpush"] },
      // vivo's own channel left out of the row: never used for vivo phones.
      { platform: "android", maker: "vivo", channels: ["fcm"] },
      { platform: "android", maker: "any", channels: ["fcm", "hms"] },
    ]);
    await db.app.update({ where: { id: app.id }, data: { routingPolicy: policy as never } });
    const huawei = await device(app.id, "huawei", [
      ["hms", "h-1"],
      ["jpush", "j-1"],
    ]);
    const xiaomi = await device(app.id, "xiaomi", [
      ["xiaomi", "x-1"],
      ["fcm", "f-1"],
    ]);
    const oppo = await device(app.id, "oppo", [
      ["oppo", "o-1"],
      ["jpush", "j-2"],
    ]);
    const vivo = await device(app.id, "vivo", [
      ["vivo", "v-1"],
      ["fcm", "f-2"],
    ]);
    const vivoOnly = await device(app.id, "vivo", [["vivo", "v-2"]]);
    const unknown = await device(app.id, null, [
      ["hms", "h-2"],
      ["fcm", "f-3"],
    ]);
    const { rows } = await send(app.id);
    const routed = (id: string) => {
      const row = rows.get(id)!;
      return [row.channel, row.address, row.status, row.reason];
    };
    expect(routed(huawei)).toEqual(["jpush", "j-1", "sent", null]);
    expect(routed(xiaomi)).toEqual(["fcm", "f-1", "sent", null]);
    expect(routed(oppo)).toEqual(["jpush", "j-2", "sent", null]);
    expect(routed(vivo)).toEqual(["fcm", "f-2", "sent", null]);
    expect(routed(vivoOnly)).toEqual(["vivo", null, "suppressed", "no_channel"]);
    expect(routed(unknown)).toEqual(["fcm", "f-3", "sent", null]);
    // One push per device, each on the chosen address.
    expect(
      sent
        .filter((s) => s.appId === app.id)
        .map((s) => s.token)
        .sort(),
    ).toEqual(["f-1", "f-2", "f-3", "j-1", "j-2"]);
    expect(await fake.stats()).toMatchObject({ requests: 0 });

    // With the default policy (none stored) the makers' channels come first; a campaign limited to
    // FCM keeps only FCM addresses.
    sent.length = 0;
    await db.app.update({ where: { id: app.id }, data: { routingPolicy: null as never } });
    const defaults = await send(app.id, ["fcm", "xiaomi", "vivo"]);
    expect(defaults.rows.get(xiaomi)).toMatchObject({ channel: "xiaomi", address: "x-1", status: "sent" });
    expect(defaults.rows.get(vivo)).toMatchObject({ channel: "vivo", address: "v-1", status: "sent" });
    expect(defaults.rows.get(unknown)).toMatchObject({ channel: "fcm", address: "f-3", status: "sent" });
    expect(defaults.rows.get(huawei)).toMatchObject({ channel: "hms", status: "suppressed", reason: "no_channel" });
  });
});

describe("in-run fallback", () => {
  it("moves a device whose Huawei token is illegal to its inbox in the same run, once", async () => {
    const { app } = await createApp();
    await credentials(app.id, ["hms"]);
    // The fake lists tokens starting "bad-" as illegal (a partial success, code 80100000).
    const dead = await device(app.id, "huawei", [
      ["hms", "bad-hms-1"],
      ["poll", null],
    ]);
    const healthy = await device(app.id, "huawei", [
      ["hms", "good-hms-1"],
      ["poll", null],
    ]);
    const { id, rows } = await send(app.id);
    expect(rows.get(dead)).toMatchObject({ channel: "poll", address: null, status: "sent" });
    expect(rows.get(healthy)).toMatchObject({ channel: "hms", address: "good-hms-1", status: "sent" });
    // Huawei was asked once for each token; the dead device got exactly one message (its inbox),
    // the healthy one only its Huawei push (its inbox copy aside).
    const tokens = await fake.tokens(["bad-hms-1", "good-hms-1"]);
    expect(tokens.map((t) => [t.token, t.received, t.delivered]).sort()).toEqual([
      ["bad-hms-1", 1, 0],
      ["good-hms-1", 1, 1],
    ]);
    const inbox = await db.inboxMessage.groupBy({ by: ["deviceId"], where: { campaignId: id }, _count: true });
    expect(Object.fromEntries(inbox.map((row) => [row.deviceId, row._count]))).toEqual({ [dead]: 1, [healthy]: 1 });
    const batches = await db.dispatchBatch.findMany({
      where: { campaignId: id },
      select: { channel: true, state: true },
    });
    expect(batches.map((b) => `${b.channel}:${b.state}`).sort()).toEqual(["hms:done", "poll:done"]);
    const stored = await db.device.findUniqueOrThrow({ where: { id: dead } });
    expect(stored).toMatchObject({ status: "active" });
    expect(stored.addresses).toEqual([
      { channel: "hms", token: "bad-hms-1", status: "invalid", error: expect.any(String), errorAt: expect.any(String) },
      { channel: "poll", token: null, status: "active" },
    ]);
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id } });
    expect(campaign).toMatchObject({ sentCount: 2, failedCount: 0, queuedCount: 0, targetedCount: 2 });

    // A worker whose lease ran out records the Huawei batch late (the same dead answer, or a "sent"):
    // the moved delivery is no longer in that batch, so nothing changes and no batch is added.
    const hmsBatch = await db.dispatchBatch.findFirstOrThrow({ where: { campaignId: id, channel: "hms" } });
    const moved = await db.delivery.findFirstOrThrow({ where: { campaignId: id, deviceId: dead } });
    const claimed = {
      id: hmsBatch.id.toString(),
      campaignId: id,
      waveId: hmsBatch.waveId.toString(),
      channel: "hms" as const,
      attempts: 2,
    };
    const context = (await loadCampaignContext(id))!;
    const queued = [{ deliveryId: moved.id.toString(), deviceId: dead, attempts: 0 }];
    const messages = [{ deliveryId: moved.id.toString(), token: "bad-hms-1" }] as OutgoingMessage[];
    for (const result of [
      { deliveryId: moved.id.toString(), outcome: "invalid_token" as const, errorCode: "80300007" },
      { deliveryId: moved.id.toString(), outcome: "sent" as const },
    ])
      await recordResults(claimed, queued, [result], readDispatchConfig(), context, messages);
    expect(await db.delivery.findFirstOrThrow({ where: { id: moved.id } })).toMatchObject({
      channel: "poll",
      status: "sent",
      batchId: moved.batchId,
      attempts: moved.attempts,
    });
    expect(await db.dispatchBatch.count({ where: { campaignId: id } })).toBe(2);
    expect(await db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({ sentCount: 2, failedCount: 0 });
  });

  it("fails the delivery when no candidate is left", async () => {
    const { app } = await createApp();
    await credentials(app.id, ["hms"]);
    // The inbox address is there, but the campaign allows Huawei only.
    const only = await device(app.id, "huawei", [
      ["hms", "bad-hms-2"],
      ["poll", null],
    ]);
    const { rows } = await send(app.id, ["hms"]);
    expect(rows.get(only)).toMatchObject({ channel: "hms", address: null, status: "failed" });
    expect(rows.get(only)!.errorCode).toBeTruthy();
  });

  it("retries a transient 5xx on the same channel and never falls back", async () => {
    const { app } = await createApp();
    await credentials(app.id, ["hms"]);
    const target = await device(app.id, "huawei", [
      ["hms", "good-hms-2"],
      ["poll", null],
    ]);
    // Flow control (HTTP 503) for the first request; the retry goes through.
    await fake.configure({ nextAnswers: ["503"] });
    const { id, rows } = await send(app.id);
    expect(rows.get(target)).toMatchObject({ channel: "hms", address: "good-hms-2", status: "sent" });
    expect((await fake.stats()).answers).toMatchObject({ HTTP_503: 1 });
    const [token] = await fake.tokens(["good-hms-2"]);
    expect(token).toMatchObject({ received: 2, delivered: 1 });
    const batches = await db.dispatchBatch.findMany({ where: { campaignId: id }, select: { channel: true } });
    expect(batches.map((b) => b.channel)).toEqual(["hms"]);
    const stored = await db.device.findUniqueOrThrow({ where: { id: target } });
    expect(stored.addresses).toEqual([
      { channel: "hms", token: "good-hms-2", status: "active" },
      { channel: "poll", token: null, status: "active" },
    ]);
  });
});
