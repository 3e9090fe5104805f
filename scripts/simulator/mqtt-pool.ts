// MQTT devices without one connection each: 10,000 simulated devices on their own connections would
// be 10,000 sockets and keep-alives in one process. A pool of connections instead, each subscribed
// to the concrete messages topics of up to `devicesPerConnection` devices (concrete topics only: the
// embedded broker allows no wildcards to devices), publishing each device's receipts on the same
// connection. The broker sees fewer clients than real devices; topics, payloads, QoS 1 and receipts
// are exactly a device's.
import { randomBytes } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import type { Push } from "./behaviour";
import type { SimDevice } from "./population";

export interface MqttPoolSettings {
  brokerUrl: string;
  topicPrefix: string;
  appId: string;
  devicesPerConnection: number;
}

// The device payload fields the simulator reads (README "MQTT and inbox for app developers").
interface Payload {
  messageId?: unknown;
  campaignId?: unknown;
  sentAt?: unknown;
  expiresAt?: unknown;
}

const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : null);

// The push a messages-topic payload carries, or null when it is not one.
export function pushFromPayload(payload: Buffer): Push | null {
  let parsed: Payload;
  try {
    parsed = JSON.parse(payload.toString("utf8")) as Payload;
  } catch {
    return null;
  }
  const messageId = text(parsed.messageId);
  return messageId
    ? { messageId, campaignId: text(parsed.campaignId), sentAt: text(parsed.sentAt), expiresAt: text(parsed.expiresAt) }
    : null;
}

export class MqttPool {
  private clients: MqttClient[] = [];
  private byInstallation = new Map<string, SimDevice>();

  constructor(
    private readonly settings: MqttPoolSettings,
    // A push for a device; `receipt` publishes its receipt.
    private readonly onPush: (device: SimDevice, push: Push, receipt: () => void) => void,
    private readonly onError: (message: string) => void,
  ) {}

  private topic(installationId: string, kind: "messages" | "receipts") {
    return `${this.settings.topicPrefix}/${this.settings.appId}/devices/${installationId}/${kind}`;
  }

  // Connects as many clients as the devices need and subscribes every device's topic (QoS 1).
  async subscribe(devices: SimDevice[]): Promise<void> {
    const { devicesPerConnection } = this.settings;
    const groups: SimDevice[][] = [];
    for (let i = 0; i < devices.length; i += devicesPerConnection)
      groups.push(devices.slice(i, i + devicesPerConnection));
    await Promise.all(groups.map((group) => this.connect(group)));
  }

  private async connect(group: SimDevice[]) {
    const run = randomBytes(4).toString("hex");
    // 3.1.1 works with every broker Herald uses (the embedded aedes speaks nothing newer).
    const client = await mqtt.connectAsync(this.settings.brokerUrl, {
      protocolVersion: 4,
      clientId: `herald-simulator-${run}-${this.clients.length}`,
      clean: true,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
    });
    this.clients.push(client);
    client.on("error", (error) => this.onError(`MQTT: ${error.message}`));
    client.on("message", (topic, payload) => {
      const parts = topic.split("/");
      const device = this.byInstallation.get(parts[parts.length - 2] ?? "");
      const push = device ? pushFromPayload(payload) : null;
      if (!device || !push) return;
      this.onPush(device, push, () => {
        const receipt = JSON.stringify({ messageId: push.messageId, status: "received", at: new Date().toISOString() });
        client.publish(
          this.topic(device.installationId, "receipts"),
          receipt,
          { qos: 1 },
          (error) => error && this.onError(`MQTT receipt: ${error.message}`),
        );
      });
    });
    for (const device of group) this.byInstallation.set(device.installationId, device);
    // Many topics per SUBSCRIBE packet; a broker that refuses one grants the others.
    for (let i = 0; i < group.length; i += 100) {
      const granted = await client.subscribeAsync(
        group.slice(i, i + 100).map((d) => this.topic(d.installationId, "messages")),
        { qos: 1 },
      );
      const refused = granted.filter((g) => g.qos === 128).length;
      if (refused) this.onError(`MQTT: the broker refused ${refused} subscriptions`);
    }
  }

  get connections() {
    return this.clients.length;
  }

  async close() {
    await Promise.all(this.clients.splice(0).map((client) => client.endAsync(true).catch(() => undefined)));
  }
}
