// One sentAt per message: a campaign sent through the real dispatcher to MQTT devices (on Mosquitto)
// publishes a payload whose sentAt and expiresAt are exactly those of the copy the device's inbox
// serves (GET /devices/{id}/inbox), so a device that reads both sees one message, not two.
import { randomUUID } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDefaultChannels, registerDefaultChannels } from "@/server/dispatch/channels";
import { clearChannels } from "@/server/dispatch/channel-registry";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { handleApiRequest } from "@/server/device-api/routes";
import { stopInboxListener } from "@/server/inbox/waiters";
import { sqlPool } from "@/server/sql";
import { campaignInput, insertDevices, sendCampaign, waitForState } from "../support/dispatch";
import { eventually } from "../support/delivery-fixtures";
import { createApp, createUser } from "../support/fixtures";

const prefix = `herald-sentat-${randomUUID().slice(0, 8)}`;
const saved = { url: process.env.HERALD_MQTT_URL, prefix: process.env.HERALD_MQTT_TOPIC_PREFIX };
let dispatcher: DispatcherHandle;
let device: MqttClient;

beforeAll(async () => {
  process.env.HERALD_MQTT_URL = "mqtt://127.0.0.1:1883";
  process.env.HERALD_MQTT_TOPIC_PREFIX = prefix;
  clearChannels();
  await registerDefaultChannels({ mqttReceipts: false, xmppReceipts: false });
  dispatcher = await startDispatcher(pino({ level: "silent" }), { pollMs: 100, leaseMs: 5000 });
  device = await mqtt.connectAsync("mqtt://127.0.0.1:1883", { protocolVersion: 5, reconnectPeriod: 0 });
});

afterAll(async () => {
  await device?.endAsync(true);
  await dispatcher?.stop(2000);
  await closeDefaultChannels();
  clearChannels();
  await stopInboxListener();
  for (const [name, value] of [
    ["HERALD_MQTT_URL", saved.url],
    ["HERALD_MQTT_TOPIC_PREFIX", saved.prefix],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("the MQTT message and its inbox copy", () => {
  it("carry the same sentAt and expiresAt", async () => {
    const { app, apiKey } = await createApp();
    await insertDevices(app.id, 3, { channel: "mqtt" });
    const pushed = new Map<string, Record<string, unknown>>();
    device.on("message", (topic, payload) => {
      const body = JSON.parse(payload.toString("utf8")) as Record<string, unknown>;
      pushed.set(String(body.messageId), body);
    });
    await device.subscribeAsync(`${prefix}/${app.id}/devices/+/messages`, { qos: 1 });
    const editor = await createUser("editor");
    const campaignId = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(campaignId, "completed", 30_000);
    await eventually(() => pushed.size === 3);
    const { rows } = await sqlPool().query<{ installationId: string }>(
      `select "installationId" from "Device" where "appId" = $1`,
      [app.id],
    );
    for (const { installationId } of rows) {
      const answer = await handleApiRequest(
        new Request(`http://localhost/api/v1/devices/${installationId}/inbox`, {
          headers: { authorization: `Bearer ${apiKey}` },
        }),
      );
      const { messages } = (await answer.json()) as { messages: Record<string, unknown>[] };
      expect(messages).toHaveLength(1);
      const copy = messages[0]!;
      const mqttPayload = pushed.get(String(copy.messageId))!;
      expect(mqttPayload).toBeDefined();
      expect(copy.sentAt).toBe(mqttPayload.sentAt);
      expect(copy.expiresAt).toBe(mqttPayload.expiresAt);
      // Everything else of the payload is the same too; the copy adds its cursor.
      const { cursor, ...rest } = copy;
      expect(cursor).toEqual(expect.any(String));
      expect(rest).toEqual(mqttPayload);
    }
  });
});
