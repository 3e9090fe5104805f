// The simulated MQTT devices' connections, made with the access each device's registration answered
// (client id, login, topics). On a broker that gives devices their own login (Herald's embedded one)
// every device has a connection of its own, logged in as itself: the broker lets it read only its
// own messages topic and publish only its own receipts. On a broker whose answer carries no login
// (an app's own or an operator's broker that lets the simulator in) devices share connections instead,
// each subscribed to the concrete messages topics of up to `devicesPerConnection` devices, so 10,000
// simulated devices are not 10,000 sockets. Topics, payloads, QoS 1 and receipts are exactly a device's.
import { randomBytes } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import type { Push } from "./behaviour";
import type { SimDevice, SimMqttAccess } from "./population";

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

// Connections opened at once while devices come online.
const connectConcurrency = 32;

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

  private topic(device: SimDevice, kind: "messages" | "receipts") {
    return (
      device.mqtt?.topics[kind] ??
      `${this.settings.topicPrefix}/${this.settings.appId}/devices/${device.installationId}/${kind}`
    );
  }

  // Connects every device: its own login when its access has one, else shared connections.
  async subscribe(devices: SimDevice[]): Promise<void> {
    const own = devices.filter((d) => d.mqtt?.username);
    const shared = devices.filter((d) => !d.mqtt?.username);
    const { devicesPerConnection } = this.settings;
    const groups: SimDevice[][] = [];
    for (let i = 0; i < shared.length; i += devicesPerConnection)
      groups.push(shared.slice(i, i + devicesPerConnection));
    for (const device of own) groups.push([device]);
    let next = 0;
    const worker = async () => {
      while (next < groups.length) {
        const group = groups[next++]!;
        await this.connect(group, group.length === 1 ? (group[0]!.mqtt ?? null) : null).catch((error: Error) =>
          this.onError(`MQTT: ${group.length === 1 ? "a device" : "a shared connection"}: ${error.message}`),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(connectConcurrency, groups.length) }, worker));
  }

  // One connection for a group; `access` logs it in as that one device.
  private async connect(group: SimDevice[], access: SimMqttAccess | null) {
    const login = access?.username ? access : null;
    const run = randomBytes(4).toString("hex");
    // 3.1.1 works with every broker Herald uses (the embedded aedes speaks nothing newer).
    const client = await mqtt.connectAsync(this.settings.brokerUrl, {
      protocolVersion: 4,
      clientId: login ? login.clientId : `herald-simulator-${run}-${this.clients.length}`,
      ...(login ? { username: login.username!, password: login.password ?? undefined } : {}),
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
          this.topic(device, "receipts"),
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
        group.slice(i, i + 100).map((d) => this.topic(d, "messages")),
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
