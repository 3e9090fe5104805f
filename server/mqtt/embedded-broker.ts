// The default MQTT broker: HERALD_MQTT_URL when set, else an embedded aedes broker on TCP
// (HERALD_MQTT_PORT, default 1883; a free port when that one is taken), so the Quick start reaches
// MQTT devices with nothing else installed. aedes speaks MQTT 3.1.1 only; Herald falls back to it.
//
// The embedded broker authenticates every client (device-credentials.ts): a device logs in with the
// login its registration answer gave it (user name and client id <appId>:<installationId>, HMAC
// password), may subscribe only to its own messages topic and publish only to its own receipts
// topic, so the device a receipt's topic names is the client that published it. Herald's own
// clients log in as `herald` and may do anything. Everyone else is refused with CONNACK 5 (not
// authorised); a refused subscription gets SUBACK 0x80, a refused publish ends the connection.
import net from "node:net";
import { Aedes } from "aedes";
import type { MqttSecret } from "@/lib/channels/mqtt";
import {
  deviceUsername,
  heraldBrokerPassword,
  heraldBrokerUser,
  isHeraldLogin,
  verifyDeviceLogin,
  type DeviceIdentity,
} from "./device-credentials";
import { defaultTopicPrefix, embeddedBrokerPort, setEmbeddedBrokerPort } from "./embedded-address";

interface Running {
  broker: Aedes;
  server: net.Server;
  port: number;
  url: string;
}

let running: Running | null = null;
let starting: Promise<Running> | null = null;

export { defaultTopicPrefix, embeddedBrokerPort };

// Clients that logged in as Herald (a broker-internal publish has no client at all), and devices by client.
const heraldClients = new WeakSet<object>();
const devices = new WeakMap<object, DeviceIdentity>();

function isHerald(client: object | null): boolean {
  return client === null || heraldClients.has(client);
}

// A device's own topic of a kind under the prefix (topics.ts has the same layout).
function ownTopic(prefix: string, device: DeviceIdentity, kind: "messages" | "receipts"): string {
  return `${prefix}/${device.appId}/devices/${device.installationId}/${kind}`;
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
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const secret = password?.toString("utf8");
      if (isHeraldLogin(username, secret)) {
        heraldClients.add(client);
        return done(null, true);
      }
      const device = verifyDeviceLogin(username, secret);
      // The client id must be the device's user name too: another client id would let one device
      // take over (disconnect) a session that is not its own.
      if (device && client.id === deviceUsername(device.appId, device.installationId)) {
        devices.set(client, device);
        return done(null, true);
      }
      // No login, a wrong one or a borrowed client id: CONNACK 5 (not authorised), nothing more said.
      done(null, false);
    },
    authorizeSubscribe(client, subscription, done) {
      const device = client && devices.get(client);
      if (isHerald(client) || (device && subscription.topic === ownTopic(prefix, device, "messages")))
        done(null, subscription);
      // Refused with SUBACK 0x80 (null subscription); the connection stays up.
      else done(null, null);
    },
    authorizePublish(client, packet, done) {
      const device = client && devices.get(client);
      if (isHerald(client) || (device && packet.topic === ownTopic(prefix, device, "receipts"))) done(null);
      // MQTT 3.1.1 cannot refuse one publish: aedes drops it and disconnects the client.
      else done(new Error("a device may publish only its own receipts"));
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
    setEmbeddedBrokerPort(running.port);
  }
  return { url: running.url, port: running.port };
}

// Stops the embedded broker, if this process started one.
export async function stopEmbeddedBroker(): Promise<void> {
  const current = running;
  running = null;
  if (!current) return;
  setEmbeddedBrokerPort(null);
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
      username: heraldBrokerUser,
      password: heraldBrokerPassword(),
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
