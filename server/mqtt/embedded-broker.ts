// The default MQTT broker: HERALD_MQTT_URL when set, else an embedded aedes broker on TCP
// (HERALD_MQTT_PORT, default 1883; a free port when that one is taken), so the Quick start reaches
// MQTT devices with nothing else installed. aedes speaks MQTT 3.1.1 only; Herald falls back to it.
//
// The embedded broker lets anyone connect (devices have no broker login in the Quick start), so it
// guards the topics instead: devices may subscribe only to one concrete device's messages topic
// (no wildcards: reading another device's messages needs its installationId) and publish only
// receipts; Herald's own clients log in with a random per-process password and may do anything.
import { randomBytes } from "node:crypto";
import net from "node:net";
import { Aedes } from "aedes";
import type { MqttSecret } from "@/lib/channels/mqtt";

interface Running {
  broker: Aedes;
  server: net.Server;
  port: number;
  url: string;
}

const internalUser = "herald";
const internalPassword = randomBytes(18).toString("base64url");
let running: Running | null = null;
let starting: Promise<Running> | null = null;

// The topic prefix of the default broker (apps with their own broker set theirs in the credential).
export function defaultTopicPrefix(): string {
  return process.env.HERALD_MQTT_TOPIC_PREFIX?.trim() || "herald";
}

// Clients that logged in as Herald (a broker-internal publish has no client at all).
const heraldClients = new WeakSet<object>();

function isHerald(client: object | null): boolean {
  return client === null || heraldClients.has(client);
}

function listen(server: net.Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off("listening", onListening);
      reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve((server.address() as net.AddressInfo).port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

async function start(options: { port?: number; host?: string }): Promise<Running> {
  const prefix = defaultTopicPrefix();
  const segment = "[^/+#]+";
  const messagesTopic = new RegExp(
    `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/${segment}/devices/${segment}/messages$`,
  );
  const receiptsTopic = new RegExp(
    `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/${segment}/devices/${segment}/receipts$`,
  );
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      if (username === internalUser && password?.toString() === internalPassword) heraldClients.add(client);
      done(null, true);
    },
    authorizeSubscribe(client, subscription, done) {
      if (isHerald(client) || messagesTopic.test(subscription.topic)) done(null, subscription);
      // Refused with SUBACK 0x80 (null subscription); the connection stays up.
      else done(null, null);
    },
    authorizePublish(client, packet, done) {
      if (isHerald(client) || receiptsTopic.test(packet.topic)) done(null);
      // MQTT 3.1.1 cannot refuse one publish: aedes drops it and disconnects the client.
      else done(new Error("devices may publish only receipts"));
    },
  });
  const server = net.createServer(broker.handle);
  const wanted = options.port ?? Number(process.env.HERALD_MQTT_PORT ?? 1883);
  const host = options.host ?? process.env.HERALD_MQTT_HOST ?? undefined;
  let port: number;
  try {
    port = await listen(server, wanted, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    port = await listen(server, 0, host);
    console.warn(
      `[herald] MQTT port ${wanted} is busy; the embedded broker listens on ${port} instead ` +
        "(devices must use that port, or set HERALD_MQTT_PORT).",
    );
  }
  return { broker, server, port, url: `mqtt://127.0.0.1:${port}` };
}

// Starts the embedded broker (once per process) and answers where it listens.
export async function startEmbeddedBroker(
  options: { port?: number; host?: string } = {},
): Promise<{ url: string; port: number }> {
  if (!running) {
    starting ??= start(options).finally(() => (starting = null));
    running = await starting;
  }
  return { url: running.url, port: running.port };
}

// Stops the embedded broker, if this process started one.
export async function stopEmbeddedBroker(): Promise<void> {
  const current = running;
  running = null;
  if (!current) return;
  await new Promise<void>((resolve) => current.broker.close(() => resolve()));
  await new Promise<void>((resolve) => current.server.close(() => resolve()));
}

// The default broker as a credential, without starting anything: HERALD_MQTT_URL (a login in
// the URL is used), else the embedded broker when it runs, else null.
export function defaultBrokerSecret(): MqttSecret | null {
  const configured = process.env.HERALD_MQTT_URL?.trim();
  if (configured) {
    const url = new URL(configured);
    const username = url.username ? decodeURIComponent(url.username) : null;
    const password = url.password ? decodeURIComponent(url.password) : null;
    url.username = "";
    url.password = "";
    return { brokerUrl: url.toString().replace(/\/$/, ""), username, password, topicPrefix: defaultTopicPrefix() };
  }
  if (running)
    return {
      brokerUrl: running.url,
      username: internalUser,
      password: internalPassword,
      topicPrefix: defaultTopicPrefix(),
    };
  return null;
}

// The default broker, starting the embedded one when HERALD_MQTT_URL is not set.
export async function ensureDefaultBroker(): Promise<MqttSecret> {
  const known = defaultBrokerSecret();
  if (known) return known;
  await startEmbeddedBroker();
  return defaultBrokerSecret()!;
}
