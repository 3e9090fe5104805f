// Quota exhaustion against a real vendor fake: the OPPO provider's real code sends through the
// dispatcher to the loopback fake OPPO Push (TLS), which holds back marketing arrivals past its
// per-device daily cap without telling the sender, and answers 33 per item once the app's daily
// marketing quota is spent. Herald's own count keeps every device under the maker's cap (the rest
// go on the app's own channel), and a spent app quota ends those deliveries as vendor_quota at
// once, with OPPO's code, instead of retrying them at midnight. MQTT is a stand-in that answers "sent".
import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DeviceChannel } from "@/lib/channels/devices";
import type { StaffUser } from "@/server/auth/session";
import { approveCampaign } from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { clearChannels, registerChannel } from "@/server/dispatch/channel-registry";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { clearOppoTokens } from "@/server/dispatch/providers/oppo/auth";
import { createOppoProvider, oppoMaxBatch } from "@/server/dispatch/providers/oppo/provider";
import { registerDevice } from "@/server/devices/register";
import { fakeOppoApp, startFakeOppo, type FakeOppo } from "@/tests/fakes/oppo/server";
import { campaignInput, sendCampaign, sendingStandIn, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

let fake: FakeOppo;
let marketer: StaffUser;
let editor: StaffUser;
let admin: StaffUser;
let dispatcher: DispatcherHandle | null = null;
const secret = {
  appKey: fakeOppoApp.appKey,
  masterSecret: fakeOppoApp.masterSecret,
  serviceChannelId: "herald_service",
};

beforeAll(async () => {
  fake = await startFakeOppo();
  [marketer, editor, admin] = await Promise.all([createUser("marketer"), createUser("editor"), createUser("admin")]);
  clearChannels();
  registerChannel({
    channel: "oppo",
    maxBatch: oppoMaxBatch,
    requiresCredential: true,
    create: async (appId) =>
      createOppoProvider({ appId, channel: "oppo", secret }, { endpoint: { baseUrl: fake.url, ca: fake.ca } }),
  });
  registerChannel(sendingStandIn("mqtt"));
  dispatcher = await startDispatcher(pino({ level: process.env.TEST_LOG ?? "silent" }), {
    pollMs: 100,
    leaseMs: 2000,
    firstChunk: 200,
    chunk: 500,
  });
});

beforeEach(() => {
  fake.reset();
  clearOppoTokens();
});

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
  await fake.close();
});

async function oppoApp() {
  const { app } = await createApp();
  await db.providerCredential.create({ data: { appId: app.id, channel: "oppo", summary: {}, secretSealed: "unused" } });
  return app.id;
}

async function oppoDevices(appId: string, count: number, channels: DeviceChannel[]) {
  const regIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const regId = `CN_${randomUUID()}`;
    regIds.push(regId);
    await registerDevice(appId, {
      installationId: randomUUID(),
      platform: "android",
      brand: "OPPO",
      addresses: channels.map((channel) => ({ channel, token: channel === "oppo" ? regId : null })),
    });
  }
  return regIds;
}

async function send(appId: string, type: "promotion" | "news") {
  const id = await sendCampaign(type === "promotion" ? marketer : editor, campaignInput(appId, { type }));
  if (type === "promotion") expect(await approveCampaign.runAs(admin, { campaignId: id })).toMatchObject({ ok: true });
  await waitForState(id, "completed");
  return id;
}

async function outcomes(campaignId: string) {
  const rows = await db.delivery.findMany({
    where: { campaignId },
    select: { channel: true, status: true, reason: true, errorCode: true },
  });
  return rows.map((row) => [row.channel, row.status, row.reason, row.errorCode].join(" ")).sort();
}

describe("quota exhaustion against the fake OPPO Push", () => {
  it("keeps each device under OPPO's per-device marketing cap, which the fake enforces silently", async () => {
    const appId = await oppoApp();
    const regIds = await oppoDevices(appId, 3, ["oppo", "mqtt"]);
    // OPPO's cap for an ordinary app is 2 a day: the first two promotions go on OPPO, the third on MQTT.
    for (let i = 0; i < 2; i++)
      expect(await outcomes(await send(appId, "promotion"))).toEqual(Array(3).fill("oppo sent  "));
    expect(await outcomes(await send(appId, "promotion"))).toEqual(Array(3).fill("mqtt sent  "));
    // News is a service message: uncapped, on OPPO.
    expect(await outcomes(await send(appId, "news"))).toEqual(Array(3).fill("oppo sent  "));
    for (const regId of regIds) expect(fake.arrivals(regId).map((a) => a.messageClass)).toHaveLength(3);
    expect(fake.stats()).toMatchObject({ arrivals: 9, dropped: 0 });
    // What the cap saved: a third marketing push straight to the fake is answered "sent" and dropped.
    const direct = createOppoProvider(
      { appId, channel: "oppo", secret },
      { endpoint: { baseUrl: fake.url, ca: fake.ca } },
    );
    const [answer] = await direct.send({
      appId,
      campaignId: randomUUID(),
      options: { priority: "normal", messageClass: "marketing" },
      messages: [
        {
          deliveryId: "1",
          deviceId: randomUUID(),
          installationId: randomUUID(),
          platform: "android",
          token: regIds[0]!,
          campaignId: randomUUID(),
          variantKey: null,
          locale: null,
          content: { title: "Sale", body: "Again" },
        },
      ],
    });
    await direct.close();
    expect(answer).toMatchObject({ outcome: "sent" });
    expect(fake.stats().dropped).toBe(1);
  });

  it("ends a spent app quota's deliveries as vendor_quota with OPPO's code, without retrying them", async () => {
    const appId = await oppoApp();
    await oppoDevices(appId, 5, ["oppo"]);
    fake.configure({ dailyMarketingQuota: 2 });
    const id = await send(appId, "promotion");
    expect(await outcomes(id)).toEqual([
      "oppo sent  ",
      "oppo sent  ",
      "oppo suppressed vendor_quota 33",
      "oppo suppressed vendor_quota 33",
      "oppo suppressed vendor_quota 33",
    ]);
    // One batch request, answered code 0 with 33 on three items; nothing sent again.
    expect(fake.stats()).toMatchObject({ requests: 1, itemErrors: { 33: 3 }, arrivals: 2 });
    expect(await db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      targetedCount: 5,
      sentCount: 2,
      suppressedCount: 3,
      failedCount: 0,
      queuedCount: 0,
    });
    const batches = await db.dispatchBatch.findMany({ where: { campaignId: id }, select: { state: true } });
    expect(batches).toEqual([{ state: "done" }]);
  });
});
