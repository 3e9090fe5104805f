// What a device needs to receive its pushes over MQTT, as the device API answers it (registration and
// GET /devices/{id}) and the app page shows it: the broker's address as devices reach it, the client
// id and login, and its two topics. Herald issues logins only for its embedded broker, which checks
// them (device-credentials.ts); an app's own broker, or the HERALD_MQTT_URL one, authenticates its
// devices itself (README "MQTT and inbox for app developers" shows the ACL it must enforce), so the
// login is null there.
import { redactUrl } from "@/lib/channels/mqtt";
import { devicePassword, deviceUsername } from "./device-credentials";
import { defaultTopicPrefix, embeddedBrokerPort } from "./embedded-address";

// The settings read here (process.env by default; tests pass their own).
type Env = Readonly<Record<string, string | undefined>>;

// The app's own broker as its stored summary shows it (no login), or null when it has none.
export interface OwnBroker {
  brokerUrl: string;
  topicPrefix: string;
}

// A broker as devices see it.
export interface DeviceBroker {
  // Where devices connect (no login in it).
  brokerUrl: string;
  topicPrefix: string;
  // Who issues device logins: Herald (embedded broker), or the broker's operator.
  logins: "herald" | "broker";
  source: "app" | "default" | "embedded";
}

// One device's MQTT access.
export interface MqttAccess {
  brokerUrl: string;
  clientId: string;
  username: string | null;
  password: string | null;
  topics: { messages: string; receipts: string };
}

function withoutLogin(value: string): string {
  try {
    const url = new URL(redactUrl(value));
    url.username = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return value;
  }
}

// The host devices use for the embedded broker: HERALD_PUBLIC_URL's, else NEXTAUTH_URL's, else loopback.
function publicHost(env: Env): string {
  for (const value of [env.HERALD_PUBLIC_URL, env.NEXTAUTH_URL]) {
    if (!value?.trim()) continue;
    try {
      return new URL(value).hostname;
    } catch {
      // An unreadable URL is ignored here; the setting's own user reports it.
    }
  }
  return "127.0.0.1";
}

// The broker an app's devices use. HERALD_MQTT_PUBLIC_URL names the default broker's address as devices
// reach it when that differs from Herald's (a proxy, a public host name). The embedded broker's port is
// the one it listens on when it runs in this process, else HERALD_MQTT_PORT (default 1883): a worker in
// another process that had to take a free port logs it, and then HERALD_MQTT_PUBLIC_URL must say it.
export function deviceBroker(own: OwnBroker | null, env: Env = process.env): DeviceBroker {
  if (own)
    return { brokerUrl: withoutLogin(own.brokerUrl), topicPrefix: own.topicPrefix, logins: "broker", source: "app" };
  const topicPrefix = defaultTopicPrefix();
  const announced = env.HERALD_MQTT_PUBLIC_URL?.trim();
  const configured = env.HERALD_MQTT_URL?.trim();
  if (configured)
    return { brokerUrl: withoutLogin(announced || configured), topicPrefix, logins: "broker", source: "default" };
  const port = embeddedBrokerPort() ?? Number(env.HERALD_MQTT_PORT ?? 1883);
  const brokerUrl = announced ? withoutLogin(announced) : `mqtt://${publicHost(env)}:${port}`;
  return { brokerUrl, topicPrefix, logins: "herald", source: "embedded" };
}

// One installation's MQTT access on its app's broker.
export function mqttAccess(broker: DeviceBroker, appId: string, installationId: string): MqttAccess {
  const base = `${broker.topicPrefix}/${appId}/devices/${installationId}`;
  const username = deviceUsername(appId, installationId);
  const issued = broker.logins === "herald";
  return {
    brokerUrl: broker.brokerUrl,
    clientId: username,
    username: issued ? username : null,
    password: issued ? devicePassword(appId, installationId) : null,
    topics: { messages: `${base}/messages`, receipts: `${base}/receipts` },
  };
}
