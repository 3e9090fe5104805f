// Device receipts over MQTT: devices publish {messageId, status: "received", at} to
// <prefix>/<appId>/devices/<installationId>/receipts and Herald records the Delivery as delivered.
// One subscriber per broker per worker process; on MQTT 5 brokers that offer it the subscription
// is shared ($share/herald/...), so with many workers each receipt is handled by one of them
// (on 3.1.1 every worker gets every receipt; recording is idempotent, so that only costs work).
// Receipts are buffered and written in one statement every 100 ms (mark-delivered.ts). The MQTT
// provider only publishes; this subscriber is the inbound half and lives with the other receipts.
import "server-only";
import type { MqttClient } from "mqtt";
import { z } from "zod";
import type { MqttSecret } from "@/lib/channels/mqtt";
import { log } from "@/server/log";
import { hostOf, openMqttConnection } from "@/server/dispatch/providers/mqtt/connect";
import { parseReceiptTopic, receiptFilter } from "@/server/dispatch/providers/mqtt/topics";
import { ProviderConfigurationError } from "@/server/dispatch/providers/types";
import { type DeliveredClaim, isDeliveryId, markDelivered } from "./mark-delivered";

const flushEveryMs = 100;
const flushAtSize = 1000;
const maxBuffered = 100_000;

const receiptSchema = z.object({
  messageId: z.union([z.string(), z.number().int().positive()]).transform(String).refine(isDeliveryId),
  status: z.literal("received"),
  at: z.string().max(64).optional(),
});

// Counters for tests and logs.
export interface ReceiptStats {
  received: number;
  ignored: number;
  recorded: number;
}

class ReceiptSubscriber {
  readonly stats: ReceiptStats = { received: 0, ignored: 0, recorded: 0 };
  readonly ready: Promise<void>;
  // The topic filter subscribed to, once connected.
  filter: string | null = null;
  private markReady!: () => void;
  private client: MqttClient | null = null;
  private buffer: DeliveredClaim[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly broker: MqttSecret) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.timer = setInterval(() => void this.flush(), flushEveryMs);
    this.timer.unref();
    void this.run();
  }

  // Connects and subscribes; after a lost connection, again, backing off up to 30 s (60 s when the login is refused).
  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        // A large Receive Maximum keeps receipts flowing: with the broker's usual 20 unacknowledged at a
        // time, a burst overflows its per-client queue and the broker drops receipts.
        const open = await openMqttConnection(this.broker, {
          timeoutMs: 10_000,
          clientIdPrefix: "herald-receipts",
          receiveMaximum: 65_535,
        });
        if (this.stopped) {
          open.client.end(true);
          return;
        }
        this.client = open.client;
        const shared = open.protocolVersion === 5 && open.connack.properties?.sharedSubscriptionAvailable !== false;
        const closed = new Promise<void>((resolve) => open.client.once("close", () => resolve()));
        open.client.on("message", (topic, payload) => this.accept(topic, payload));
        this.filter = await this.subscribe(open.client, shared).catch((error: unknown) => {
          open.client.end(true);
          throw error;
        });
        failures = 0;
        this.markReady();
        await closed;
        this.client = null;
      } catch (error) {
        failures++;
        const refused = error instanceof ProviderConfigurationError;
        log.warn(
          { err: error, broker: hostOf(this.broker.brokerUrl) },
          "MQTT receipt subscriber cannot connect; retrying",
        );
        await new Promise((resolve) =>
          setTimeout(resolve, refused ? 60_000 : Math.min(30_000, 500 * 2 ** Math.min(failures, 6))).unref(),
        );
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  // Subscribes shared when offered; a broker that refuses the shared filter gets the plain one.
  private async subscribe(client: MqttClient, shared: boolean): Promise<string> {
    if (shared) {
      const filter = receiptFilter(this.broker.topicPrefix, true);
      const granted = await client.subscribeAsync(filter, { qos: 1 }).catch(() => null);
      if (granted) return filter;
    }
    const filter = receiptFilter(this.broker.topicPrefix, false);
    await client.subscribeAsync(filter, { qos: 1 });
    return filter;
  }

  private accept(topic: string, payload: Buffer): void {
    this.stats.received++;
    const device = parseReceiptTopic(this.broker.topicPrefix, topic);
    let parsed;
    try {
      parsed = device ? receiptSchema.safeParse(JSON.parse(payload.toString("utf8"))) : null;
    } catch {
      parsed = null;
    }
    if (!device || !parsed?.success || this.buffer.length >= maxBuffered) {
      this.stats.ignored++;
      return;
    }
    this.buffer.push({ deliveryId: parsed.data.messageId, ...device });
    if (this.buffer.length >= flushAtSize) void this.flush();
  }

  // Writes what is buffered (one flush at a time); a failed write keeps the receipts for the next tick.
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!this.buffer.length) return Promise.resolve();
    const claims = this.buffer.splice(0, flushAtSize * 5);
    this.flushing = markDelivered(claims)
      .then((changed) => {
        this.stats.recorded += changed;
      })
      .catch((error: unknown) => {
        log.warn({ err: error, receipts: claims.length }, "recording MQTT receipts failed; retrying");
        this.buffer.unshift(...claims);
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.client?.end(true);
    for (let round = 0; round < 5 && (this.buffer.length || this.flushing); round++) await this.flush();
  }
}

const subscribers = new Map<string, ReceiptSubscriber>();

function keyOf(broker: MqttSecret): string {
  return JSON.stringify([broker.brokerUrl, broker.username, broker.topicPrefix]);
}

// Starts recording receipts from this broker under its prefix (once per process; later calls
// share it). Resolves when subscribed; keeps reconnecting in the background if the broker is away.
export function startMqttReceipts(broker: MqttSecret): Promise<void> {
  const key = keyOf(broker);
  let subscriber = subscribers.get(key);
  if (!subscriber) {
    subscriber = new ReceiptSubscriber({
      brokerUrl: broker.brokerUrl,
      username: broker.username,
      password: broker.password,
      topicPrefix: broker.topicPrefix,
    });
    subscribers.set(key, subscriber);
  }
  return subscriber.ready;
}

// Writes buffered receipts now (tests, shutdown).
export async function flushMqttReceipts(): Promise<void> {
  await Promise.all([...subscribers.values()].map((s) => s.flush()));
}

// Counters summed over this process's subscribers.
export function mqttReceiptStats(): ReceiptStats {
  const total: ReceiptStats = { received: 0, ignored: 0, recorded: 0 };
  for (const s of subscribers.values())
    for (const k of Object.keys(total) as (keyof ReceiptStats)[]) total[k] += s.stats[k];
  return total;
}

// The filters this process's subscribers use (shared on MQTT 5 brokers that allow it).
export function mqttReceiptFilters(): string[] {
  return [...subscribers.values()].flatMap((s) => (s.filter ? [s.filter] : []));
}

// Stops every subscriber after writing what they hold (worker shutdown).
export async function stopMqttReceipts(): Promise<void> {
  const all = [...subscribers.values()];
  subscribers.clear();
  await Promise.all(all.map((s) => s.stop()));
}
