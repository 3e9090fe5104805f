// "Send test" (server/dispatch/test-send.ts) end to end through the real providers: an MQTT test device
// on Mosquitto receives the rendered payload; an FCM token the loopback fake calls dead comes back as an
// invalid token with FCM's code; the campaign's counters, state and deliveries stay as they were; the
// device trace's query lists the test; an analyst is refused; the per-user rate limit holds.
import { randomUUID } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceTestSends } from "@/server/analytics/test-sends";
import { db } from "@/server/db";
import { handleApiRequest } from "@/server/device-api/routes";
import { setFcmEndpoint } from "@/server/dispatch/providers/fcm/endpoint";
import { sendTestAction, testTargetsAction } from "@/server/dispatch/test-send-actions";
import { TEST_SEND_PER_MINUTE } from "@/server/dispatch/test-send";
import { startFakeFcm, type FakeFcm } from "../fakes/fcm/server";
import { createCampaignRow } from "../support/action-catalog";
import { seedFcmApp } from "../support/dispatch-fcm";
import { oneAddress } from "../support/device-address";
import { createApp, createUser } from "../support/fixtures";

const prefix = `herald-testsend-${randomUUID().slice(0, 8)}`;
const saved = { url: process.env.HERALD_MQTT_URL, prefix: process.env.HERALD_MQTT_TOPIC_PREFIX };
let fcm: FakeFcm;
let listener: MqttClient;

beforeAll(async () => {
  process.env.HERALD_MQTT_URL = "mqtt://127.0.0.1:1883";
  process.env.HERALD_MQTT_TOPIC_PREFIX = prefix;
  fcm = await startFakeFcm();
  setFcmEndpoint({ url: fcm.url, ca: fcm.ca });
  listener = await mqtt.connectAsync("mqtt://127.0.0.1:1883", { protocolVersion: 5, reconnectPeriod: 0 });
});

afterAll(async () => {
  await listener?.endAsync(true);
  setFcmEndpoint(undefined);
  await fcm?.close();
  for (const [name, value] of [
    ["HERALD_MQTT_URL", saved.url],
    ["HERALD_MQTT_TOPIC_PREFIX", saved.prefix],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const variant = {
  key: "B",
  splitPercent: 50,
  fallbackLocale: "en",
  content: {
    en: { title: "Storm ahead", body: "Stay indoors tonight", url: "news://story/7", data: { story: "7" } },
    "zh-CN": { title: "风暴将至", body: "今晚请留在室内" },
  },
};

async function testDevice(appId: string, channel: "mqtt" | "fcm" | "poll", token: string | null = null) {
  return db.device.create({
    data: {
      appId,
      installationId: randomUUID(),
      platform: "android",
      isTest: true,
      ...oneAddress(channel, token),
    },
    select: { id: true, installationId: true },
  });
}

async function counters(campaignId: string) {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const deliveries = await db.delivery.count({ where: { campaignId } });
  const { state, targetedCount, sentCount, failedCount, deliveredCount, openedCount } = campaign as unknown as Record<
    string,
    unknown
  >;
  return { state, targetedCount, sentCount, failedCount, deliveredCount, openedCount, deliveries };
}

describe("send test", () => {
  it("pushes the real payload to an MQTT test device and reports FCM's refusal of a dead token", async () => {
    const admin = await createUser("admin");
    const editor = await createUser("editor");
    const { app } = await seedFcmApp(admin, 0, randomUUID().slice(0, 6));
    const campaign = await createCampaignRow(app.id, "news");
    const before = await counters(campaign.id);
    const mqttDevice = await testDevice(app.id, "mqtt");
    const fcmDevice = await testDevice(app.id, "fcm", `bad-${randomUUID()}`);

    const received: Array<{ topic: string; body: Record<string, unknown> }> = [];
    listener.on("message", (topic, payload) => received.push({ topic, body: JSON.parse(payload.toString("utf8")) }));
    await listener.subscribeAsync(`${prefix}/${app.id}/devices/+/messages`, { qos: 1 });

    const targets = await testTargetsAction.runAs(editor, { appId: app.id });
    expect(targets.ok && targets.data.devices.map((d) => d.id).sort()).toEqual([mqttDevice.id, fcmDevice.id].sort());

    const result = await sendTestAction.runAs(editor, {
      appId: app.id,
      campaignId: campaign.id,
      type: "news",
      delivery: { priority: "high", ttlSeconds: 600 },
      variant,
      locale: "zh-CN",
      deviceIds: [mqttDevice.id, fcmDevice.id],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const byDevice = new Map(result.data.results.map((r) => [r.deviceId, r]));
    expect(byDevice.get(mqttDevice.id)).toMatchObject({ channel: "mqtt", outcome: "sent", errorCode: null });
    expect(byDevice.get(fcmDevice.id)).toMatchObject({
      channel: "fcm",
      outcome: "invalid_token",
      errorCode: "UNREGISTERED",
    });

    // The device got the dispatcher's payload: the chosen variant and locale, the campaign, a test message id.
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
    expect(received[0]!.topic).toBe(`${prefix}/${app.id}/devices/${mqttDevice.installationId}/messages`);
    expect(received[0]!.body).toMatchObject({
      v: 1,
      campaignId: campaign.id,
      variant: "B",
      locale: "zh-CN",
      title: "风暴将至",
      body: "今晚请留在室内",
      priority: "high",
    });
    expect(String(received[0]!.body.messageId)).toMatch(/^test-/);

    // The campaign is untouched: state, counters, no Delivery rows.
    expect(await counters(campaign.id)).toEqual(before);
    // The trace lists the test with who sent it, the channel and the provider's answer.
    const mqttTrace = await deviceTestSends(mqttDevice.id);
    expect(mqttTrace).toHaveLength(1);
    expect(mqttTrace[0]).toMatchObject({
      userName: editor.name,
      channel: "mqtt",
      outcome: "sent",
      campaignId: campaign.id,
      campaignName: campaign.name,
      variantKey: "B",
      locale: "zh-CN",
    });
    expect((await deviceTestSends(fcmDevice.id))[0]).toMatchObject({
      channel: "fcm",
      outcome: "invalid_token",
      errorCode: "UNREGISTERED",
    });
    // And it is audited.
    expect(await db.auditLog.count({ where: { action: "campaigns.testSend", actorId: editor.id } })).toBe(1);
  });

  it("sends to a pasted token through the chosen channel and to a pasted installation id as that device", async () => {
    const admin = await createUser("admin");
    const marketer = await createUser("marketer");
    const { app } = await seedFcmApp(admin, 0, randomUUID().slice(0, 6));
    const device = await testDevice(app.id, "fcm", `ok-${randomUUID()}`);
    const base = {
      appId: app.id,
      type: "promotion",
      delivery: { priority: "normal" },
      variant,
      locale: "en",
    };
    const pastedToken = await sendTestAction.runAs(marketer, { ...base, pasted: "bad-pasted-token", channel: "fcm" });
    expect(pastedToken.ok && pastedToken.data.results).toEqual([
      expect.objectContaining({ deviceId: null, channel: "fcm", outcome: "invalid_token", errorCode: "UNREGISTERED" }),
    ]);
    for (const pasted of [device.installationId, device.id]) {
      const asDevice = await sendTestAction.runAs(marketer, { ...base, pasted });
      expect(asDevice.ok && asDevice.data.results).toEqual([
        expect.objectContaining({ deviceId: device.id, channel: "fcm", outcome: "sent", errorCode: null }),
      ]);
    }
    expect(await db.delivery.count({ where: { deviceId: device.id } })).toBe(0);
  });

  it("writes to an inbox test device's inbox without a Delivery id, and refuses a pasted token on MQTT", async () => {
    const { app, apiKey } = await createApp();
    const editor = await createUser("editor");
    const device = await testDevice(app.id, "poll");
    const result = await sendTestAction.runAs(editor, {
      appId: app.id,
      type: "announcement",
      delivery: { priority: "normal", ttlSeconds: 3600 },
      variant,
      locale: "en",
      deviceIds: [device.id],
    });
    expect(result.ok && result.data.results).toEqual([
      expect.objectContaining({ deviceId: device.id, channel: "poll", outcome: "sent" }),
    ]);
    const answer = await handleApiRequest(
      new Request(`http://localhost/api/v1/devices/${device.installationId}/inbox`, {
        headers: { authorization: `Bearer ${apiKey}` },
      }),
    );
    const { messages } = (await answer.json()) as { messages: Array<Record<string, unknown>> };
    expect(messages).toEqual([
      expect.objectContaining({
        title: "Storm ahead",
        variant: "B",
        locale: "en",
        messageId: expect.stringMatching(/^test-/),
      }),
    ]);
    expect(await db.delivery.count({ where: { deviceId: device.id } })).toBe(0);
    const onMqtt = await sendTestAction.runAs(editor, {
      appId: app.id,
      type: "announcement",
      delivery: {},
      variant,
      locale: "en",
      pasted: "some-token",
      channel: "mqtt",
    });
    expect(onMqtt).toMatchObject({ ok: false, status: 400, fieldErrors: { channel: ["testSendChannel"] } });
  });

  it("refuses an analyst, a role that may not write the type, and a device that is not a test device", async () => {
    const admin = await createUser("admin");
    const { app } = await seedFcmApp(admin, 0, randomUUID().slice(0, 6));
    const device = await testDevice(app.id, "fcm", `ok-${randomUUID()}`);
    const input = { appId: app.id, type: "news", delivery: {}, variant, locale: "en", deviceIds: [device.id] };
    const analyst = await createUser("analyst");
    expect(await sendTestAction.runAs(analyst, input)).toMatchObject({ ok: false, status: 403 });
    expect(await testTargetsAction.runAs(analyst, { appId: app.id })).toMatchObject({ ok: false, status: 403 });
    const marketer = await createUser("marketer");
    expect(await sendTestAction.runAs(marketer, input)).toMatchObject({ ok: false, status: 403 });
    // A promotion's content tested against a stored news campaign the marketer may not write.
    const news = await createCampaignRow(app.id, "news");
    const asPromotion = { ...input, type: "promotion", campaignId: news.id };
    expect(await sendTestAction.runAs(marketer, asPromotion)).toMatchObject({ ok: false, status: 403 });
    await db.device.update({ where: { id: device.id }, data: { isTest: false } });
    const editor = await createUser("editor");
    const refused = await sendTestAction.runAs(editor, input);
    expect(refused).toMatchObject({ ok: false, status: 400, fieldErrors: { deviceIds: ["testSendNotTestDevice"] } });
    expect(await db.testSend.count({ where: { appId: app.id } })).toBe(0);
  });

  it(`allows ${TEST_SEND_PER_MINUTE} test sends per user and minute, then answers 429`, async () => {
    const admin = await createUser("admin");
    const { app } = await seedFcmApp(admin, 0, randomUUID().slice(0, 6));
    const editor = await createUser("editor");
    const input = {
      appId: app.id,
      type: "news",
      delivery: {},
      variant,
      locale: "en",
      pasted: "ok-rate",
      channel: "fcm",
    };
    for (let i = 0; i < TEST_SEND_PER_MINUTE; i++) expect((await sendTestAction.runAs(editor, input)).ok).toBe(true);
    expect(await sendTestAction.runAs(editor, input)).toMatchObject({
      ok: false,
      status: 429,
      code: "testSendTooOften",
    });
    // Another user is not held up by it.
    expect((await sendTestAction.runAs(await createUser("editor"), input)).ok).toBe(true);
  });
});
