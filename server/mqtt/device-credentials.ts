// Per-device MQTT logins for the embedded broker, derived and verifiable, so nothing is stored:
//   user name  <appId>:<installationId>   (also the client id the device must connect with)
//   password   base64url(HMAC-SHA256(secret, "herald-mqtt-device\n<appId>\n<installationId>"))
// The secret is HERALD_MQTT_DEVICE_SECRET, else one derived from HERALD_ENCRYPTION_KEY. Rotating it
// changes every password; devices get the new one from their next registration, and while
// HERALD_MQTT_DEVICE_SECRET_PREVIOUS holds the old secret the broker accepts both. Herald's own
// clients (publisher, receipt subscriber) log in as `herald` with a password derived the same way.
// Never the app's API key: a device's login opens only that device's two topics.
// No library fits (an HMAC over two ids is a few lines of node:crypto).
import { createHmac } from "node:crypto";
import { derivedSecret, sameText } from "@/server/crypto";

// The embedded broker's login for Herald's own clients.
export const heraldBrokerUser = "herald";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A device the broker has authenticated.
export interface DeviceIdentity {
  appId: string;
  installationId: string;
}

function secretFrom(value: string | undefined): Buffer | null {
  const text = value?.trim();
  return text ? Buffer.from(text, "utf8") : null;
}

// The current secret first, then the previous one (rotation), when set.
function secrets(): Buffer[] {
  const current = secretFrom(process.env.HERALD_MQTT_DEVICE_SECRET) ?? derivedSecret("mqtt-devices");
  const previous = secretFrom(process.env.HERALD_MQTT_DEVICE_SECRET_PREVIOUS);
  return previous ? [current, previous] : [current];
}

function sign(secret: Buffer, text: string): string {
  return createHmac("sha256", secret).update(text).digest("base64url");
}

// The user name (and client id) of one installation of one app.
export function deviceUsername(appId: string, installationId: string): string {
  return `${appId.toLowerCase()}:${installationId.toLowerCase()}`;
}

// The device's password under the current secret.
export function devicePassword(appId: string, installationId: string): string {
  const [current] = secrets();
  return sign(current!, `herald-mqtt-device\n${appId.toLowerCase()}\n${installationId.toLowerCase()}`);
}

// The device a login names, when the password is that device's (current or previous secret); else null.
export function verifyDeviceLogin(username: string | undefined, password: string | undefined): DeviceIdentity | null {
  if (!username || !password) return null;
  const [appId, installationId, extra] = username.split(":");
  if (extra !== undefined || !appId || !installationId || !uuid.test(appId) || !uuid.test(installationId)) return null;
  const text = `herald-mqtt-device\n${appId}\n${installationId}`;
  // Every secret is tried (no early exit), so timing says nothing about which one matched.
  const matched = secrets().map((secret) => sameText(sign(secret, text), password));
  return matched.some(Boolean) ? { appId, installationId } : null;
}

// Herald's own password on the embedded broker (the same in every process sharing the secret).
export function heraldBrokerPassword(): string {
  const [current] = secrets();
  return sign(current!, "herald-mqtt-internal");
}

// Whether a login is Herald's own (current secret only).
export function isHeraldLogin(username: string | undefined, password: string | undefined): boolean {
  return username === heraldBrokerUser && password !== undefined && sameText(heraldBrokerPassword(), password);
}
