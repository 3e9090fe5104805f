// Which MQTT broker an app's messages go through: its own (the stored mqtt credential) or the
// default one (HERALD_MQTT_URL, else the embedded broker, started on first use).
import "server-only";
import type { MqttSecret } from "@/lib/channels";
import { loadCredential } from "@/server/apps/credentials";
import { ensureDefaultBroker } from "./embedded-broker";

// A broker with Herald's login and topic prefix; pass it to createMqttProvider and startMqttReceipts.
export interface ResolvedBroker extends MqttSecret {
  source: "app" | "default";
}

// The broker for one app's MQTT devices.
export async function resolveBroker(appId: string): Promise<ResolvedBroker> {
  const own = await loadCredential(appId, "mqtt");
  if (own) return { ...own, source: "app" };
  return { ...(await ensureDefaultBroker()), source: "default" };
}
