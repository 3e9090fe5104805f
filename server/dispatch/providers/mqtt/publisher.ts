// One publishing connection per (broker, login) in a worker process, shared by every MQTT provider
// that uses it and closed a little after the last one lets go. Publishes are pipelined: up to
// `window` QoS 1 messages wait for their PUBACK at once (never more than the broker's Receive Maximum).
import { createHash } from "node:crypto";
import type { IClientPublishOptions, MqttClient } from "mqtt";
import { ProviderConfigurationError } from "../types";
import { type BrokerLogin, hostOf, MqttTransientError, openMqttConnection } from "./connect";

// Tunables, read once per connection so tests and operators can change them through the environment.
function settings() {
  return {
    connectTimeoutMs: Number(process.env.HERALD_MQTT_CONNECT_TIMEOUT_MS ?? 10_000),
    ackTimeoutMs: Number(process.env.HERALD_MQTT_ACK_TIMEOUT_MS ?? 15_000),
    window: Number(process.env.HERALD_MQTT_INFLIGHT ?? 200),
    idleCloseMs: Number(process.env.HERALD_MQTT_IDLE_CLOSE_MS ?? 10_000),
  };
}

// PUBACK reason codes (MQTT 5) that no retry will fix for this message.
const rejectedCodes: Record<number, string> = {
  144: "mqtt_topic_invalid",
  149: "mqtt_packet_too_large",
  153: "mqtt_payload_format_invalid",
};

// What became of one publish.
export type PublishOutcome = { ok: true } | { ok: false; kind: "retry" | "failed"; code: string };

// A connected client with its in-flight window.
export class Publisher {
  closed = false;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly pending = new Set<(outcome: PublishOutcome) => void>();
  // A refusal that needs staff (ACL denies Herald's topics); every later publish fails fast with it.
  configurationError: ProviderConfigurationError | null = null;

  constructor(
    readonly client: MqttClient,
    readonly protocolVersion: 4 | 5,
    readonly window: number,
    private readonly ackTimeoutMs: number,
    private readonly brokerHost: string,
  ) {
    client.on("close", () => this.shutDown("mqtt_connection_lost"));
  }

  // Ends the connection; every unacknowledged publish becomes a retry.
  shutDown(code: string): void {
    const wasOpen = !this.closed;
    this.closed = true;
    // Settled before end(): mqtt.js fails the outstanding callbacks itself while closing.
    for (const settle of [...this.pending]) settle({ ok: false, kind: "retry", code });
    for (const wake of this.waiting.splice(0)) wake();
    if (wasOpen) this.client.end(true);
  }

  // Waits for a free slot in the window and takes it; false when the connection is gone.
  async acquire(): Promise<boolean> {
    while (!this.closed && this.inFlight >= this.window)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.closed) return false;
    this.inFlight++;
    return true;
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  // Publishes one message at QoS 1 in a slot taken with acquire(); resolves when the broker
  // acknowledges it or it cannot be (connection lost, refused, no PUBACK in time).
  publish(topic: string, payload: Buffer, options: IClientPublishOptions): Promise<PublishOutcome> {
    if (this.closed) {
      this.release();
      return Promise.resolve({ ok: false, kind: "retry", code: "mqtt_connection_lost" });
    }
    return new Promise<PublishOutcome>((resolve) => {
      const settle = (outcome: PublishOutcome) => {
        if (!this.pending.delete(settle)) return;
        clearTimeout(timer);
        this.release();
        resolve(outcome);
      };
      // A broker that stops acknowledging is treated as gone: drop the connection, retry the rest.
      const timer = setTimeout(() => this.shutDown("mqtt_ack_timeout"), this.ackTimeoutMs);
      this.pending.add(settle);
      this.client.publish(topic, payload, { ...options, qos: 1 }, (error) => {
        if (!error) return settle({ ok: true });
        const reason = (error as { code?: unknown }).code;
        if (reason === 135) {
          this.configurationError ??= new ProviderConfigurationError(
            "mqtt_publish_not_authorized",
            `The MQTT broker ${this.brokerHost} does not let Herald publish to ${topic}.`,
          );
          // Retry, not failed: once staff fix the broker's ACL the same message goes through.
          return settle({ ok: false, kind: "retry", code: "mqtt_publish_not_authorized" });
        }
        if (typeof reason === "number" && rejectedCodes[reason])
          return settle({ ok: false, kind: "failed", code: rejectedCodes[reason] });
        // An error without a reason code is mqtt.js giving up on the message because the connection closed.
        settle({
          ok: false,
          kind: "retry",
          code: typeof reason === "number" ? `mqtt_puback_${reason}` : "mqtt_connection_lost",
        });
      });
    });
  }
}

interface PoolEntry {
  connection: Promise<Publisher>;
  users: number;
  idleTimer: NodeJS.Timeout | null;
}

const pool = new Map<string, PoolEntry>();

function poolKey(login: BrokerLogin): string {
  // The password is part of the identity (a rotated credential gets a new connection) but never kept in clear.
  return createHash("sha256")
    .update(JSON.stringify([login.brokerUrl, login.username, login.password]))
    .digest("base64url");
}

async function connectPublisher(login: BrokerLogin): Promise<Publisher> {
  const tunables = settings();
  const open = await openMqttConnection(login, { timeoutMs: tunables.connectTimeoutMs, clientIdPrefix: "herald-pub" });
  const receiveMaximum = open.connack.properties?.receiveMaximum;
  const window = Math.max(1, Math.min(tunables.window, receiveMaximum ?? Number.POSITIVE_INFINITY));
  return new Publisher(open.client, open.protocolVersion, window, tunables.ackTimeoutMs, hostOf(login.brokerUrl));
}

// A use of a pooled publisher; release() when done (the connection outlives it briefly for reuse).
export interface PublisherLease {
  publisher: Publisher;
  release(): void;
}

// Borrows the process's connection to this broker with this login, connecting when there is none
// (or the last one was lost). Throws ProviderConfigurationError or MqttTransientError.
export async function acquirePublisher(login: BrokerLogin): Promise<PublisherLease> {
  const key = poolKey(login);
  let entry = pool.get(key);
  if (entry) {
    const current = entry;
    const alive = await current.connection.then(
      (p) => !p.closed && !p.configurationError,
      () => false,
    );
    if (!alive && pool.get(key) === current) pool.delete(key);
    entry = pool.get(key);
  }
  if (!entry) {
    const created: PoolEntry = { connection: connectPublisher(login), users: 0, idleTimer: null };
    pool.set(key, created);
    created.connection.catch(() => {
      if (pool.get(key) === created) pool.delete(key);
    });
    entry = created;
  }
  const held = entry;
  held.users++;
  if (held.idleTimer) clearTimeout(held.idleTimer);
  held.idleTimer = null;
  let publisher: Publisher;
  try {
    publisher = await held.connection;
  } catch (error) {
    held.users--;
    throw error instanceof ProviderConfigurationError || error instanceof MqttTransientError
      ? error
      : new MqttTransientError("mqtt_connect_failed", String(error));
  }
  let released = false;
  return {
    publisher,
    release() {
      if (released) return;
      released = true;
      held.users--;
      if (held.users > 0) return;
      held.idleTimer = setTimeout(() => {
        if (held.users > 0 || pool.get(key) !== held) return;
        pool.delete(key);
        publisher.shutDown("mqtt_idle_close");
      }, settings().idleCloseMs);
      held.idleTimer.unref();
    },
  };
}

// Closes every pooled connection now (worker shutdown, tests).
export async function closeAllPublishers(): Promise<void> {
  const entries = [...pool.values()];
  pool.clear();
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      const publisher = await entry.connection.catch(() => null);
      publisher?.shutDown("mqtt_closed");
    }),
  );
}
