// Device receipts over MQTT against Mosquitto (MQTT 5, shared subscription) and the embedded aedes
// broker (3.1.1, plain subscription), recorded in a real PostgreSQL.
import { randomUUID } from "node:crypto";
import mqtt from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MqttSecret } from "@/lib/channels";
import { db } from "@/server/db";
import { devicePassword, deviceUsername } from "@/server/mqtt/device-credentials";
import { defaultBrokerSecret, startEmbeddedBroker, stopEmbeddedBroker } from "@/server/mqtt/embedded-broker";
import {
  flushMqttReceipts,
  mqttReceiptFilters,
  mqttReceiptStats,
  startMqttReceipts,
  stopMqttReceipts,
} from "@/server/receipts/mqtt-receipts";
import { receiptTopic } from "@/server/dispatch/providers/mqtt/topics";
import {
  createCampaignWave,
  createDelivery,
  createDevice,
  deliveredCount,
  deliveryState,
  eventually,
  type TestDevice,
} from "../support/delivery-fixtures";
import { createApp } from "../support/fixtures";

const broker: MqttSecret = {
  brokerUrl: "mqtt://127.0.0.1:1883",
  username: null,
  password: null,
  topicPrefix: `herald-receipts-${randomUUID().slice(0, 8)}`,
};
let device: mqtt.MqttClient;
let appId: string;
let otherAppId: string;

beforeAll(async () => {
  appId = (await createApp()).app.id;
  otherAppId = (await createApp()).app.id;
  await startMqttReceipts(broker);
  device = await mqtt.connectAsync(broker.brokerUrl, { protocolVersion: 5, reconnectPeriod: 0 });
});

afterEach(async () => {
  await flushMqttReceipts();
});

afterAll(async () => {
  await device.endAsync(true);
  await stopMqttReceipts();
  await stopEmbeddedBroker();
});

async function receipt(
  d: TestDevice,
  messageId: unknown,
  prefix = broker.topicPrefix,
  client = device,
  status = "received",
) {
  await client.publishAsync(
    receiptTopic(prefix, d.appId, d.installationId),
    JSON.stringify({ messageId, status, at: new Date().toISOString() }),
    { qos: 1 },
  );
}

// Waits until the subscriber has taken in `count` more receipts and written them.
async function settle(before: number, count: number) {
  await eventually(() => mqttReceiptStats().received >= before + count);
  await flushMqttReceipts();
}

// A receipt marks the delivery, commits, and then adds to the campaign's counter in a statement of
// its own (server/receipts/mark-delivered.ts): wait for both before checking the count.
async function eventuallyCounted(deliveryId: string, campaignId: string) {
  await eventually(
    async () => (await deliveryState(deliveryId)).status === "delivered" && (await deliveredCount(campaignId)) >= 1,
  );
}

describe("MQTT receipts", () => {
  it("subscribes through a shared subscription on Mosquitto (MQTT 5)", () => {
    expect(mqttReceiptFilters()).toEqual([`$share/herald/${broker.topicPrefix}/+/devices/+/receipts`]);
  });

  it("marks a sent delivery delivered once and counts it once on the campaign", async () => {
    const campaign = await createCampaignWave(appId);
    const d = await createDevice(appId);
    const id = await createDelivery(campaign, d, "mqtt", "sent");
    const before = mqttReceiptStats().received;
    await receipt(d, id);
    await eventuallyCounted(id, campaign.campaignId);
    expect((await deliveryState(id)).deliveredAt).toBeInstanceOf(Date);
    expect(await deliveredCount(campaign.campaignId)).toBe(1);
    // The same receipt again (QoS 1 may repeat it), as a number this time: nothing more changes.
    await receipt(d, Number(id));
    await settle(before, 2);
    expect(await deliveredCount(campaign.campaignId)).toBe(1);
  });

  it(
    "accepts a receipt that beats the dispatcher's `sent` record (queued -> delivered, " +
      "sentAt left for the dispatcher)",
    async () => {
      const campaign = await createCampaignWave(appId);
      const d = await createDevice(appId);
      const id = await createDelivery(campaign, d, "mqtt", "queued");
      await receipt(d, id);
      await eventuallyCounted(id, campaign.campaignId);
      expect((await deliveryState(id)).sentAt).toBeNull();
      expect(await deliveredCount(campaign.campaignId)).toBe(1);
    },
  );

  it("ignores forged and foreign ids, failed or suppressed deliveries, and malformed receipts", async () => {
    const campaign = await createCampaignWave(appId);
    const [mine, neighbour] = [await createDevice(appId), await createDevice(appId)];
    const neighbours = await createDelivery(campaign, neighbour, "mqtt", "sent");
    const failed = await createDelivery(campaign, mine, "mqtt", "failed");
    const otherCampaign = await createCampaignWave(otherAppId);
    const foreignDevice = await createDevice(otherAppId);
    const foreign = await createDelivery(otherCampaign, foreignDevice, "mqtt", "sent");
    const suppressedDevice = await createDevice(appId);
    const suppressed = await createDelivery(campaign, suppressedDevice, "mqtt", "suppressed");
    const before = mqttReceiptStats();
    await receipt(mine, neighbours); // another device's delivery
    await receipt(mine, failed); // failed stays failed
    await receipt(suppressedDevice, suppressed);
    await receipt({ ...mine, appId: otherAppId }, foreign); // claims to be in the other app: no such device there
    await receipt(foreignDevice, foreign, broker.topicPrefix, device, "opened"); // not a receipt status
    await device.publishAsync(receiptTopic(broker.topicPrefix, appId, mine.installationId), "not json", { qos: 1 });
    await receipt(mine, "99999999999999999999"); // beyond bigint
    await device.publishAsync(
      `${broker.topicPrefix}/${appId}/devices/not-a-uuid/receipts`,
      JSON.stringify({ messageId: neighbours, status: "received" }),
      { qos: 1 },
    );
    await settle(before.received, 8);
    expect((await deliveryState(neighbours)).status).toBe("sent");
    expect((await deliveryState(failed)).status).toBe("failed");
    expect((await deliveryState(suppressed)).status).toBe("suppressed");
    expect((await deliveryState(foreign)).status).toBe("sent");
    expect(await deliveredCount(campaign.campaignId)).toBe(0);
    expect(await deliveredCount(otherCampaign.campaignId)).toBe(0);
    const after = mqttReceiptStats();
    expect(after.ignored - before.ignored).toBe(4);
    expect(after.recorded - before.recorded).toBe(0);
  });

  it("records 2000 receipts in batched statements", async () => {
    const campaign = await createCampaignWave(appId);
    const d = await createDevice(appId);
    // One device, many deliveries: run numbers keep them unique per (campaign, run, device).
    const { rows } = await (await import("@/server/sql")).sqlPool().query<{ id: string }>(
      `insert into "Delivery" ("campaignId", run, "waveId", "deviceId", channel, status, "sentAt")
       select $1, n, $2, $3, 'mqtt', 'sent', now() from generate_series(1, 2000) n returning id::text`,
      [campaign.campaignId, campaign.waveId.toString(), d.id],
    );
    const started = performance.now();
    await Promise.all(rows.map((r) => receipt(d, r.id)));
    await eventually(async () => (await deliveredCount(campaign.campaignId)) === 2000, 20_000);
    const elapsed = performance.now() - started;
    expect(await db.delivery.count({ where: { campaignId: campaign.campaignId, status: "delivered" } })).toBe(2000);
    console.info(`[mqtt-receipts] 2000 receipts published and recorded in ${elapsed.toFixed(0)} ms`);
  });
});

describe("MQTT receipts on the embedded broker (3.1.1, plain subscription)", () => {
  it("records a receipt a device publishes to the embedded broker", async () => {
    const saved = process.env.HERALD_MQTT_URL;
    delete process.env.HERALD_MQTT_URL;
    try {
      const { url } = await startEmbeddedBroker({ port: 0, host: "127.0.0.1" });
      const defaults = defaultBrokerSecret()!;
      await startMqttReceipts(defaults);
      expect(mqttReceiptFilters()).toContain("herald/+/devices/+/receipts");
      const campaign = await createCampaignWave(appId);
      const d = await createDevice(appId);
      const id = await createDelivery(campaign, d, "mqtt", "sent");
      // The device logs in with its own login (device-credentials.ts), as its registration answer gives it.
      const login = deviceUsername(appId, d.installationId);
      const client = await mqtt.connectAsync(url, {
        protocolVersion: 4,
        reconnectPeriod: 0,
        clientId: login,
        username: login,
        password: devicePassword(appId, d.installationId),
      });
      await receipt(d, id, defaults.topicPrefix, client);
      await eventuallyCounted(id, campaign.campaignId);
      expect(await deliveredCount(campaign.campaignId)).toBe(1);
      await client.endAsync(true);
    } finally {
      if (saved !== undefined) process.env.HERALD_MQTT_URL = saved;
    }
  });
});
