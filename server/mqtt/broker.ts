// Which MQTT broker an app's messages go through: its own (the stored mqtt credential, loaded by the
// dispatcher) or the default one (HERALD_MQTT_URL, else the embedded broker, started on first use).
import "server-only";
import type { MqttSecret } from "@/lib/channels/mqtt";
import { ensureDefaultBroker } from "./embedded-broker";

// A broker with Herald's login and topic prefix; pass it to createMqttProvider and startMqttReceipts.
export interface ResolvedBroker extends MqttSecret {
  source: "app" | "default";
}

// The broker for one app's MQTT devices, given the app's own credential (null: it has none).
export async function resolveBroker(own: MqttSecret | null): Promise<ResolvedBroker> {
  if (own) return { ...own, source: "app" };
  return { ...(await ensureDefaultBroker()), source: "default" };
}
