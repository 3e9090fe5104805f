// MQTT device identity on the embedded broker, with real MQTT clients (the `mqtt` package) and the
// device API's real answers: a stranger without a login, with a wrong one or with another device's
// client id is refused (CONNACK 5); a device with its own login may subscribe only to its own
// messages topic and publish only its own receipts, a receipt forged for another device is neither
// delivered nor counted, and its own push and receipt work end to end.
import { randomUUID } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serveApiRequest } from "@/server/device-api/http-adapter";
import { handleApiRequest } from "@/server/device-api/routes";
import { runSimulation } from "@/scripts/simulator/run";
import { createMqttProvider } from "@/server/dispatch/providers/mqtt/provider";
import { closeAllPublishers } from "@/server/dispatch/providers/mqtt/publisher";
import { resolveBroker } from "@/server/mqtt/broker";
import { heraldBrokerUser } from "@/server/mqtt/device-credentials";
import { defaultBrokerSecret, startEmbeddedBroker, stopEmbeddedBroker } from "@/server/mqtt/embedded-broker";
import {
  flushMqttReceipts,
  mqttReceiptStats,
  startMqttReceipts,
  stopMqttReceipts,
} from "@/server/receipts/mqtt-receipts";
import { db } from "@/server/db";
import { jsonPost } from "../support/api-request";
import {
  createCampaignWave,
  createDelivery,
  deliveredCount,
  deliveryState,
  eventually,
  outgoing,
  type TestDevice,
} from "../support/delivery-fixtures";
import { createApp } from "../support/fixtures";

interface Access {
  brokerUrl: string;
  clientId: string;
  username: string | null;
  password: string | null;
  topics: { messages: string; receipts: string };
}

const base = "http://herald.test/api/v1";
const savedUrl = process.env.HERALD_MQTT_URL;
let brokerUrl: string;
let appId: string;
let apiKey: string;
const clients: MqttClient[] = [];

beforeAll(async () => {
  delete process.env.HERALD_MQTT_URL;
  brokerUrl = (await startEmbeddedBroker({ port: 0, host: "127.0.0.1" })).url;
  const created = await createApp();
  appId = created.app.id;
  apiKey = created.apiKey;
  await startMqttReceipts(defaultBrokerSecret()!);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true).catch(() => undefined)));
});

afterAll(async () => {
  await stopMqttReceipts();
  await closeAllPublishers();
  await stopEmbeddedBroker();
  if (savedUrl !== undefined) process.env.HERALD_MQTT_URL = savedUrl;
});

// Registers an MQTT device through the device API; answers the device and its `mqtt` block.
async function register(): Promise<{ device: TestDevice; access: Access }> {
  const installationId = randomUUID();
  const response = await handleApiRequest(
    jsonPost(`${base}/devices`, { installationId, platform: "android", channel: "mqtt" }, apiKey),
  );
  expect(response.status).toBe(201);
  const body = (await response.json()) as { id: string; mqtt: Access };
  return { device: { id: body.id, installationId, appId }, access: body.mqtt };
}

// Connects (3.1.1, as aedes speaks); answers the client, or the CONNACK code it was refused with.
async function connect(options: mqtt.IClientOptions): Promise<MqttClient | { refused: unknown }> {
  try {
    const client = await mqtt.connectAsync(brokerUrl, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...options,
    });
    clients.push(client);
    return client;
  } catch (error) {
    return { refused: (error as { code?: unknown }).code };
  }
}

async function connectAs(access: Access): Promise<MqttClient> {
  const client = await connect({
    clientId: access.clientId,
    username: access.username!,
    password: access.password!,
  });
  if ("refused" in client) throw new Error(`refused with ${String(client.refused)}`);
  return client;
}

function receipt(messageId: string) {
  return JSON.stringify({ messageId, status: "received", at: new Date().toISOString() });
}

describe("MQTT device identity on the embedded broker", () => {
  it("answers each MQTT device its own login and topics, never the API key", async () => {
    const { device, access } = await register();
    expect(access).toMatchObject({
      brokerUrl: expect.stringMatching(/^mqtt:\/\/[^@]+:\d+$/),
      clientId: `${appId}:${device.installationId}`,
      username: `${appId}:${device.installationId}`,
      password: expect.stringMatching(/^[\w-]{43}$/),
      topics: {
        messages: `herald/${appId}/devices/${device.installationId}/messages`,
        receipts: `herald/${appId}/devices/${device.installationId}/receipts`,
      },
    });
    expect(JSON.stringify(access)).not.toContain(apiKey);
    // The same access when the device is read back, and none for a device without an mqtt address.
    const read = await handleApiRequest(
      new Request(`${base}/devices/${device.installationId}`, { headers: { authorization: `Bearer ${apiKey}` } }),
    );
    expect(((await read.json()) as { mqtt: Access }).mqtt).toEqual(access);
    const poll = await handleApiRequest(
      jsonPost(`${base}/devices`, { installationId: randomUUID(), platform: "android", channel: "poll" }, apiKey),
    );
    expect(await poll.json()).not.toHaveProperty("mqtt");
  });

  it("refuses a stranger with no login, a wrong password, another device's client id or Herald's name", async () => {
    const [{ access: mine }, { access: theirs }] = await Promise.all([register(), register()]);
    // CONNACK return code 5: not authorised.
    expect(await connect({ clientId: `stranger-${randomUUID()}` })).toEqual({ refused: 5 });
    expect(await connect({ clientId: mine.clientId, username: mine.username!, password: "guessed" })).toEqual({
      refused: 5,
    });
    expect(await connect({ clientId: mine.clientId, username: mine.username!, password: theirs.password! })).toEqual({
      refused: 5,
    });
    // The right login with another device's client id would take over that device's session.
    expect(await connect({ clientId: theirs.clientId, username: mine.username!, password: mine.password! })).toEqual({
      refused: 5,
    });
    expect(await connect({ username: heraldBrokerUser, password: mine.password! })).toEqual({ refused: 5 });
  });

  it("lets a device subscribe only to its own messages topic and receive its own push", async () => {
    const [me, other] = await Promise.all([register(), register()]);
    const client = await connectAs(me.access);
    const received: string[] = [];
    client.on("message", (topic) => received.push(topic));
    // Another device's messages, everyone's messages, another app's: SUBACK 0x80.
    for (const filter of [other.access.topics.messages, "herald/#", `herald/${appId}/devices/+/messages`])
      await expect(client.subscribeAsync(filter, { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await client.subscribeAsync(me.access.topics.messages, { qos: 1 });
    const campaign = await createCampaignWave(appId);
    const [mine, theirs] = await Promise.all([
      createDelivery(campaign, me.device, "mqtt", "queued"),
      createDelivery(campaign, other.device, "mqtt", "queued"),
    ]);
    const provider = createMqttProvider({ appId, channel: "mqtt", secret: await resolveBroker(null) });
    const results = await provider.send({
      appId,
      campaignId: campaign.campaignId,
      options: { priority: "high" },
      messages: [outgoing(mine, me.device, campaign.campaignId), outgoing(theirs, other.device, campaign.campaignId)],
    });
    await provider.close();
    expect(results.map((r) => r.outcome)).toEqual(["sent", "sent"]);
    await eventually(() => received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toEqual([me.access.topics.messages]);
  });

  it("refuses a receipt published for another device and does not count it; the device's own counts", async () => {
    const [me, other] = await Promise.all([register(), register()]);
    const campaign = await createCampaignWave(appId);
    const theirs = await createDelivery(campaign, other.device, "mqtt", "sent");
    const mine = await createDelivery(campaign, me.device, "mqtt", "sent");
    const before = mqttReceiptStats().received;

    // As a last will on the other device's receipts topic, sent by the broker when the connection drops: refused too.
    const willing = await connect({
      clientId: me.access.clientId,
      username: me.access.username!,
      password: me.access.password!,
      will: { topic: other.access.topics.receipts, payload: Buffer.from(receipt(theirs)), qos: 1, retain: false },
    });
    if ("refused" in willing) throw new Error("the device's own login was refused");
    const dropped = new Promise<void>((resolve) => willing.once("close", () => resolve()));
    willing.stream.destroy();
    await dropped;
    // On the other device's receipts topic: aedes drops the publish and disconnects the forger.
    const forger = await connectAs(me.access);
    const closed = new Promise<void>((resolve) => forger.once("close", () => resolve()));
    forger.publish(other.access.topics.receipts, receipt(theirs), { qos: 1 });
    await closed;
    // On its own topic but naming the other device's message: it reaches Herald and changes nothing.
    const device = await connectAs(me.access);
    await device.publishAsync(me.access.topics.receipts, receipt(theirs), { qos: 1 });
    await eventually(() => mqttReceiptStats().received >= before + 1);
    await flushMqttReceipts();
    expect((await deliveryState(theirs)).status).toBe("sent");
    expect(await deliveredCount(campaign.campaignId)).toBe(0);

    // Its own receipt for its own message is recorded and counted once.
    await device.publishAsync(me.access.topics.receipts, receipt(mine), { qos: 1 });
    await eventually(async () => (await deliveryState(mine)).status === "delivered");
    await eventually(async () => (await deliveredCount(campaign.campaignId)) === 1);
    await flushMqttReceipts();
    expect(mqttReceiptStats().received).toBe(before + 2);
    expect((await deliveryState(theirs)).status).toBe("sent");
  });

  it("keeps the simulator's MQTT phones working: each connects with its own login and confirms its push", async () => {
    const server: Server = createServer((req, res) => void serveApiRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const simulation = runSimulation({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      apiKey,
      appId,
      devices: 6,
      openRate: 0,
      channels: ["mqtt"],
      mqtt: { brokerUrl, topicPrefix: "herald" },
      fakes: null,
      activity: false,
    });
    try {
      await simulation.ready;
      const phones = simulation.devices.filter((d) => d.registration.addresses.some((a) => a.channel === "mqtt"));
      expect(phones.length).toBeGreaterThan(0);
      expect(simulation.stats.warnings).toEqual([]);
      // Each logged in as itself: the answer's login, one connection per phone.
      for (const phone of phones) expect(phone.mqtt?.username).toBe(`${appId}:${phone.installationId}`);
      const campaign = await createCampaignWave(appId);
      const rows = await db.device.findMany({
        where: { appId, installationId: { in: phones.map((p) => p.installationId) } },
        select: { id: true, installationId: true, appId: true },
      });
      const ids = await Promise.all(rows.map((row) => createDelivery(campaign, row, "mqtt", "queued")));
      const provider = createMqttProvider({ appId, channel: "mqtt", secret: await resolveBroker(null) });
      const results = await provider.send({
        appId,
        campaignId: campaign.campaignId,
        options: { priority: "high" },
        messages: rows.map((row, i) => outgoing(ids[i]!, row, campaign.campaignId)),
      });
      await provider.close();
      expect(results.every((r) => r.outcome === "sent")).toBe(true);
      // Every phone got its push on its own connection and sent the receipt Herald recorded.
      await eventually(async () => (await deliveredCount(campaign.campaignId)) === phones.length, 10_000);
      expect(simulation.stats.mqttReceipts).toBe(phones.length);
    } finally {
      await simulation.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
