// Wires the channels this build can send through into the registry (called once per worker):
// FCM (firebase-admin, the app's service-account key), MQTT (the app's broker or the default one)
// and the inbox for devices that poll. Other channels are suppressed at fan-out as "no_channel".
import "server-only";
import { loadCredential } from "@/server/apps/credentials";
import { log } from "@/server/log";
import { createFcmProvider, fcmMaxBatch } from "./fcm/provider";
import { createInboxProvider } from "@/server/inbox/provider";
import { resolveBroker } from "./mqtt/broker";
import { ensureDefaultBroker, stopEmbeddedBroker } from "./mqtt/embedded-broker";
import { createMqttProvider } from "./mqtt/provider";
import { closeAllPublishers } from "./mqtt/publisher";
import { startMqttReceipts, stopMqttReceipts } from "./mqtt/receipts";
import { registerChannel } from "./registry";
import { ProviderConfigurationError } from "./types";

let wired = false;

// Registers FCM, MQTT and the inbox channel, and starts listening for MQTT receipts on the default broker.
export async function registerDefaultChannels(options: { mqttReceipts?: boolean } = {}): Promise<void> {
  if (wired) return;
  wired = true;
  registerChannel({
    channel: "fcm",
    maxBatch: fcmMaxBatch,
    requiresCredential: true,
    async create(appId) {
      const secret = await loadCredential(appId, "fcm");
      if (!secret) throw new ProviderConfigurationError("NO_CREDENTIAL", "No FCM service-account key is configured for this app (Apps → Provider credentials).");
      return createFcmProvider({ appId, channel: "fcm", secret });
    },
  });
  registerChannel({
    channel: "mqtt",
    maxBatch: 1000,
    async create(appId) {
      const broker = await resolveBroker(appId);
      // Receipts from this broker's devices; resolves once subscribed, retries in the background.
      void startMqttReceipts(broker).catch((error) => log.warn({ err: error }, "MQTT receipts unavailable"));
      return createMqttProvider({ appId, channel: "mqtt", secret: broker });
    },
  });
  registerChannel({
    channel: "poll",
    maxBatch: 1000,
    async create(appId) {
      return createInboxProvider({ appId, channel: "poll", secret: null });
    },
  });
  if (options.mqttReceipts !== false) {
    void ensureDefaultBroker()
      .then((broker) => startMqttReceipts(broker))
      .catch((error) => log.warn({ err: error }, "default MQTT broker unavailable; MQTT campaigns will retry"));
  }
}

// Closes what the channels hold open (receipt subscriber, MQTT connections, the embedded broker).
export async function closeDefaultChannels(): Promise<void> {
  await stopMqttReceipts().catch(() => undefined);
  await closeAllPublishers().catch(() => undefined);
  await stopEmbeddedBroker().catch(() => undefined);
}
