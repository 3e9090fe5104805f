// The MQTT provider against real brokers: Mosquitto on 127.0.0.1:1883 (MQTT 5) and aedes (3.1.1)
// started in the test, with device clients subscribed the way an app would.
import { randomUUID } from "node:crypto";
import net from "node:net";
import { Aedes, type AedesOptions } from "aedes";
import mqtt from "mqtt";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { MqttSecret } from "@/lib/channels";
import { resolveBroker } from "@/server/mqtt/broker";
import { devicePassword, deviceUsername } from "@/server/mqtt/device-credentials";
import { defaultBrokerSecret, startEmbeddedBroker, stopEmbeddedBroker } from "@/server/mqtt/embedded-broker";
import { createMqttProvider } from "@/server/dispatch/providers/mqtt/provider";
import { closeAllPublishers } from "@/server/dispatch/providers/mqtt/publisher";
import { messageTopic, receiptTopic } from "@/server/dispatch/providers/mqtt/topics";
import { ProviderConfigurationError, type OutgoingBatch, type PushProvider } from "@/server/dispatch/providers/types";
import type { TestDevice } from "../support/delivery-fixtures";
import { outgoing } from "../support/delivery-fixtures";

const appId = randomUUID();
const campaignId = randomUUID();
const mosquitto = "mqtt://127.0.0.1:1883";
const providers: PushProvider[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

function secret(overrides: Partial<MqttSecret> = {}): MqttSecret {
  return {
    brokerUrl: mosquitto,
    username: null,
    password: null,
    topicPrefix: `herald-test-${randomUUID().slice(0, 8)}`,
    ...overrides,
  };
}

function provider(s: MqttSecret | null) {
  const created = createMqttProvider({ appId, channel: "mqtt", secret: s });
  providers.push(created);
  return created;
}

function fakeDevice(): TestDevice {
  return { id: randomUUID(), installationId: randomUUID(), appId };
}

let nextId = 1000;
function batchFor(
  devices: TestDevice[],
  options: Partial<OutgoingBatch["options"]> = {},
  signal?: AbortSignal,
): OutgoingBatch {
  return {
    appId,
    campaignId,
    options: { priority: "high", ttlSeconds: 600, collapseKey: "story-1", ...options },
    messages: devices.map((d) => outgoing(String(nextId++), d, campaignId)),
    signal,
  };
}

async function startAedes(options: AedesOptions = {}) {
  const broker = await Aedes.createBroker(options);
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const stop = async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(stop);
  return { broker, url: `mqtt://127.0.0.1:${port}`, stop };
}

// A device's client; with `login` it logs in as that device (the embedded broker's device credentials).
async function deviceClient(url: string, protocolVersion: 4 | 5 = 5, login?: TestDevice) {
  const username = login ? deviceUsername(login.appId, login.installationId) : undefined;
  const client = await mqtt.connectAsync(url, {
    protocolVersion,
    reconnectPeriod: 0,
    clientId: username ?? `device-${randomUUID().slice(0, 8)}`,
    ...(login ? { username, password: devicePassword(login.appId, login.installationId) } : {}),
  });
  cleanups.push(() => client.endAsync(true));
  const received: { topic: string; payload: Record<string, unknown>; expiry?: number }[] = [];
  client.on("message", (topic, payload, packet) =>
    received.push({ topic, payload: JSON.parse(payload.toString()), expiry: packet.properties?.messageExpiryInterval }),
  );
  return { client, received };
}

async function waitFor(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
  await closeAllPublishers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await stopEmbeddedBroker();
});

describe("MQTT provider on Mosquitto (MQTT 5)", () => {
  it("publishes QoS 1 to each device's topic with the documented payload and the TTL as message expiry", async () => {
    const s = secret();
    const [a, b, offline] = [fakeDevice(), fakeDevice(), fakeDevice()];
    const { client, received } = await deviceClient(mosquitto);
    await client.subscribeAsync(
      [messageTopic(s.topicPrefix, appId, a.installationId), messageTopic(s.topicPrefix, appId, b.installationId)],
      { qos: 1 },
    );
    const batch = batchFor([a, b, offline]);
    const results = await provider(s).send(batch);
    expect(results).toEqual(batch.messages.map((m) => ({ deliveryId: m.deliveryId, outcome: "sent" })));
    await waitFor(() => received.length === 2);
    const forA = received.find((r) => r.topic === `${s.topicPrefix}/${appId}/devices/${a.installationId}/messages`)!;
    expect(forA.expiry).toBe(600);
    const sentAt = new Date(forA.payload.sentAt as string);
    expect(forA.payload).toEqual({
      v: 1,
      messageId: batch.messages[0].deliveryId,
      campaignId,
      variant: "A",
      locale: "en",
      title: "Hello",
      body: "Body of Hello",
      imageUrl: null,
      url: "https://example.com/story",
      data: { story: "42" },
      sentAt: sentAt.toISOString(),
      expiresAt: new Date(sentAt.getTime() + 600_000).toISOString(),
      collapseKey: "story-1",
      priority: "high",
    });
    expect(received.map((r) => r.payload.messageId).sort()).toEqual(
      [batch.messages[0].deliveryId, batch.messages[1].deliveryId].sort(),
    );
  });

  it("pipelines a 1000-message batch over one connection and every message arrives once", async () => {
    const s = secret();
    const devices = Array.from({ length: 1000 }, fakeDevice);
    const { client, received } = await deviceClient(mosquitto);
    await client.subscribeAsync(`${s.topicPrefix}/+/devices/+/messages`, { qos: 1 });
    const started = performance.now();
    const results = await provider(s).send(batchFor(devices, { ttlSeconds: undefined }));
    const elapsed = performance.now() - started;
    expect(results.filter((r) => r.outcome === "sent")).toHaveLength(1000);
    await waitFor(() => received.length === 1000, 10_000);
    expect(new Set(received.map((r) => r.payload.messageId)).size).toBe(1000);
    expect(received.every((r) => r.expiry === undefined && r.payload.expiresAt === null)).toBe(true);
    console.info(`[mqtt-provider] 1000 QoS 1 publishes acknowledged by Mosquitto in ${elapsed.toFixed(0)} ms`);
  });

  it("reuses one connection for providers of the same broker and login", async () => {
    const { broker, url } = await startAedes();
    let connections = 0;
    broker.on("client", () => connections++);
    const s = secret({ brokerUrl: url });
    await provider(s).send(batchFor([fakeDevice()]));
    await provider(s).send(batchFor([fakeDevice()]));
    expect(connections).toBe(1);
  });

  it("fails a message over the payload cap and stops with `aborted` retries when the signal fires", async () => {
    const s = secret();
    const batch = batchFor([fakeDevice(), fakeDevice()]);
    batch.messages[0].content.body = "x".repeat(70_000);
    const results = await provider(s).send(batch);
    expect(results).toEqual([
      { deliveryId: batch.messages[0].deliveryId, outcome: "failed", errorCode: "payload_too_large" },
      { deliveryId: batch.messages[1].deliveryId, outcome: "sent" },
    ]);
    const controller = new AbortController();
    controller.abort();
    const aborted = await provider(s).send(batchFor([fakeDevice(), fakeDevice()], {}, controller.signal));
    expect(aborted.map((r) => r.outcome === "retry" && r.errorCode)).toEqual(["aborted", "aborted"]);
  });
});

describe("MQTT provider on aedes (MQTT 3.1.1 fallback)", () => {
  it("falls back to 3.1.1 and delivers the payload (expiry only in the payload)", async () => {
    const { url } = await startAedes();
    const s = secret({ brokerUrl: url });
    const device = fakeDevice();
    const { client, received } = await deviceClient(url, 4);
    await client.subscribeAsync(messageTopic(s.topicPrefix, appId, device.installationId), { qos: 1 });
    const results = await provider(s).send(batchFor([device], { ttlSeconds: 60 }));
    expect(results[0].outcome).toBe("sent");
    await waitFor(() => received.length === 1);
    expect(received[0].expiry).toBeUndefined();
    expect(Date.parse(received[0].payload.expiresAt as string) - Date.parse(received[0].payload.sentAt as string)).toBe(
      60_000,
    );
  });

  it("turns a refused login into ProviderConfigurationError (bad username or password, not authorised)", async () => {
    const { url } = await startAedes({
      authenticate(_client, username, password, done) {
        if (username === "herald" && password?.toString() === "right") return done(null, true);
        done(Object.assign(new Error("refused"), { returnCode: username === "banned" ? 5 : 4 }), null);
      },
    });
    const bad = provider(secret({ brokerUrl: url, username: "herald", password: "wrong" }));
    const error = await bad.send(batchFor([fakeDevice()])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect((error as ProviderConfigurationError).code).toBe("mqtt_bad_credentials");
    expect((error as Error).message).not.toContain("wrong");
    const banned = await provider(secret({ brokerUrl: url, username: "banned", password: "x" }))
      .send(batchFor([fakeDevice()]))
      .catch((e: unknown) => e);
    expect((banned as ProviderConfigurationError).code).toBe("mqtt_not_authorized");
    const good = await provider(secret({ brokerUrl: url, username: "herald", password: "right" })).send(
      batchFor([fakeDevice()]),
    );
    expect(good[0].outcome).toBe("sent");
  });

  it("answers retry for every message when the broker is down", async () => {
    const { url, stop } = await startAedes();
    await stop();
    const batch = batchFor([fakeDevice(), fakeDevice()]);
    const results = await provider(secret({ brokerUrl: url })).send(batch);
    expect(results).toEqual(
      batch.messages.map((m) => ({ deliveryId: m.deliveryId, outcome: "retry", errorCode: "mqtt_econnrefused" })),
    );
  });

  it(
    "answers retry for unacknowledged messages when the " + "broker drops the connection mid-batch, then reconnects",
    async () => {
      let authorised = 0;
      let dropping = true;
      const { url } = await startAedes({
        authorizePublish(client, _packet, done) {
          // The sixth publish is never acknowledged; a moment later (the first five PUBACKs are out)
          // the broker hangs up.
          if (!dropping || authorised < 5) {
            authorised++;
            return done(null);
          }
          if (authorised++ === 5) setTimeout(() => client?.close(), 50);
        },
      });
      const s = secret({ brokerUrl: url });
      const p = provider(s);
      const results = await p.send(batchFor(Array.from({ length: 50 }, fakeDevice)));
      const sent = results.filter((r) => r.outcome === "sent").length;
      const retried = results.filter((r) => r.outcome === "retry" && r.errorCode === "mqtt_connection_lost").length;
      expect(sent).toBe(5);
      expect(sent + retried).toBe(50);
      dropping = false;
      const again = await p.send(batchFor([fakeDevice()]));
      expect(again[0].outcome).toBe("sent");
    },
  );

  it("answers retry with mqtt_ack_timeout when the broker stops acknowledging", async () => {
    process.env.HERALD_MQTT_ACK_TIMEOUT_MS = "300";
    try {
      const { url } = await startAedes({ authorizePublish: () => undefined });
      const results = await provider(secret({ brokerUrl: url })).send(batchFor([fakeDevice(), fakeDevice()]));
      expect(results.map((r) => r.outcome === "retry" && r.errorCode)).toEqual([
        "mqtt_ack_timeout",
        "mqtt_ack_timeout",
      ]);
    } finally {
      delete process.env.HERALD_MQTT_ACK_TIMEOUT_MS;
    }
  });
});

describe("embedded broker", () => {
  it(
    "takes a free port when HERALD_MQTT_PORT is busy, serves the default-broker provider, and confines devices to " +
      "their own topics",
    async () => {
      const savedUrl = process.env.HERALD_MQTT_URL;
      delete process.env.HERALD_MQTT_URL;
      try {
        const { url, port } = await startEmbeddedBroker({ port: 1883, host: "127.0.0.1" });
        expect(port).not.toBe(1883);
        const defaults = defaultBrokerSecret()!;
        expect(defaults).toMatchObject({ brokerUrl: url, topicPrefix: "herald" });
        const device = fakeDevice();
        const { client, received } = await deviceClient(url, 4, device);
        // A device may not listen to everyone's messages, only its own topic.
        await expect(client.subscribeAsync("herald/#", { qos: 1 })).rejects.toThrow(/Subscribe error/);
        await client.subscribeAsync(messageTopic("herald", appId, device.installationId), { qos: 1 });
        // As the dispatcher builds it for an app without a broker of its own.
        const results = await provider(await resolveBroker(null)).send(batchFor([device]));
        expect(results[0].outcome).toBe("sent");
        await waitFor(() => received.length === 1);
        expect(received[0].topic).toBe(messageTopic("herald", appId, device.installationId));
        // Devices publish receipts, never messages: aedes drops the forged publish and disconnects the forger.
        const herald = await mqtt.connectAsync(url, {
          protocolVersion: 4,
          reconnectPeriod: 0,
          username: defaults.username!,
          password: defaults.password!,
        });
        cleanups.push(() => herald.endAsync(true));
        const seen: string[] = [];
        herald.on("message", (topic) => seen.push(topic));
        await herald.subscribeAsync(`herald/${appId}/devices/+/+`, { qos: 1 });
        const forger = await deviceClient(url, 4, fakeDevice());
        const forgerClosed = new Promise<void>((resolve) => forger.client.once("close", () => resolve()));
        await forger.client.publishAsync(
          messageTopic("herald", appId, device.installationId),
          JSON.stringify({ forged: true }),
          { qos: 0 },
        );
        await forgerClosed;
        await client.publishAsync(
          receiptTopic("herald", appId, device.installationId),
          JSON.stringify({ messageId: "1", status: "received" }),
          { qos: 1 },
        );
        await waitFor(() => seen.length === 1);
        expect(seen).toEqual([receiptTopic("herald", appId, device.installationId)]);
        expect(received).toHaveLength(1);
      } finally {
        if (savedUrl !== undefined) process.env.HERALD_MQTT_URL = savedUrl;
        await stopEmbeddedBroker();
      }
    },
  );

  it("uses HERALD_MQTT_URL (with its login) as the default broker when set", () => {
    const saved = process.env.HERALD_MQTT_URL;
    process.env.HERALD_MQTT_URL = "mqtt://push%40herald:s3cret@broker.example:1884";
    try {
      expect(defaultBrokerSecret()).toEqual({
        brokerUrl: "mqtt://broker.example:1884",
        username: "push@herald",
        password: "s3cret",
        topicPrefix: "herald",
      });
    } finally {
      if (saved === undefined) delete process.env.HERALD_MQTT_URL;
      else process.env.HERALD_MQTT_URL = saved;
    }
  });

  it("refuses to send with no broker at all as a configuration error", async () => {
    const saved = process.env.HERALD_MQTT_URL;
    delete process.env.HERALD_MQTT_URL;
    try {
      const error = await provider(null)
        .send(batchFor([fakeDevice()]))
        .catch((e: unknown) => e);
      expect((error as ProviderConfigurationError).code).toBe("mqtt_no_broker");
    } finally {
      if (saved !== undefined) process.env.HERALD_MQTT_URL = saved;
    }
  });
});
