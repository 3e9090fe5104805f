// The channels this build sends through: one line each in `sendingChannels` below, pairing a
// channel's description (lib/channels/<channel>.ts) with its adapter (providers/<channel>/) and
// batch size. Adding a channel means a line here. The dispatcher, not the adapter, loads and unseals
// the app's credential (server/apps/credentials.ts) and hands it over. Channels without a line are
// suppressed at fan-out as "no_channel".
import "server-only";
import {
  apnsChannel,
  type ChannelDescription,
  type ChannelId,
  fcmChannel,
  hmsChannel,
  honorChannel,
  isCredentialChannel,
  jpushChannel,
  mqttChannel,
  type MqttSecret,
  oppoChannel,
  pollChannel,
  type ProviderSecret,
  vivoChannel,
  webpushChannel,
  xiaomiChannel,
  xmppChannel,
} from "@/lib/channels";
import { loadCredential } from "@/server/apps/credentials";
import { log } from "@/server/log";
import { resolveBroker } from "@/server/mqtt/broker";
import { defaultBrokerSecret, ensureDefaultBroker, stopEmbeddedBroker } from "@/server/mqtt/embedded-broker";
import { heraldBrokerPassword, heraldBrokerUser } from "@/server/mqtt/device-credentials";
import { defaultTopicPrefix } from "@/server/mqtt/embedded-address";
import { startMqttReceipts, stopMqttReceipts } from "@/server/receipts/mqtt-receipts";
import { startXmppReceipts, stopXmppReceipts } from "@/server/receipts/xmpp-receipts";
import { receiptUrl } from "@/server/receipts/receipt-urls";
import { type ChannelEntry, registerChannel } from "./channel-registry";
import { apnsMaxBatch, createApnsProvider } from "./providers/apns/provider";
import { apnsSettingsFromEnv } from "./providers/apns/settings";
import { createFcmProvider, fcmMaxBatch } from "./providers/fcm/provider";
import { createInboxProvider } from "@/server/inbox/provider";
import { createHmsProvider, hmsMaxBatch } from "./providers/hms/provider";
import { hmsSettingsFromEnv } from "./providers/hms/settings";
import { createHonorProvider, honorMaxBatch } from "./providers/honor/provider";
import { honorSettingsFromEnv } from "./providers/honor/settings";
import { createJpushProvider, jpushDefaultBaseUrl, jpushMaxBatch } from "./providers/jpush/provider";
import { createMqttProvider, mqttMaxBatch } from "./providers/mqtt/provider";
import { createOppoProvider, oppoMaxBatch, oppoSettingsFromEnv } from "./providers/oppo/provider";
import { vendorEndpointFromEnv } from "./providers/vendor-https";
import { createVivoProvider, vivoMaxBatch } from "./providers/vivo/provider";
import { vivoDefaultBaseUrl } from "./providers/vivo/settings";
import { createWebPushProvider, webpushMaxBatch, webpushSettingsFromEnv } from "./providers/webpush/provider";
import { ensureVapidKeys } from "@/server/apps/vapid-keys";
import { createXiaomiProvider, xiaomiMaxBatch, xiaomiSettingsFromEnv } from "./providers/xiaomi/provider";
import { closeAllPublishers } from "./providers/mqtt/publisher";
import { createXmppProvider, xmppMaxBatch } from "./providers/xmpp/provider";
import { ProviderConfigurationError, type PushProvider } from "./providers/types";

type Build<D extends ChannelDescription<ChannelId>> = (
  appId: string,
  secret: ProviderSecret<D>,
) => PushProvider | Promise<PushProvider>;

// A registry entry for a described channel: loads the app's credential (when the channel has one),
// refuses to build without a required one, and hands the secret to the adapter.
function sendThrough<D extends ChannelDescription<ChannelId>>(
  description: D,
  maxBatch: number,
  build: Build<D>,
): ChannelEntry {
  const credential = description.credential;
  return {
    channel: description.id,
    maxBatch,
    requiresCredential: credential?.required ?? false,
    async create(appId) {
      const secret = isCredentialChannel(description.id) ? await loadCredential(appId, description.id) : null;
      if (credential?.required && !secret) throw new ProviderConfigurationError("NO_CREDENTIAL", credential.missing);
      return build(appId, secret as ProviderSecret<D>);
    },
  };
}

// MQTT goes through the app's own broker or the default one, and listens for that broker's receipts.
const mqttProviderFor: Build<typeof mqttChannel> = async (appId, own) => {
  const broker = await resolveBroker(own);
  // Receipts from this broker's devices; resolves once subscribed, retries in the background.
  void startMqttReceipts(broker).catch((error) => log.warn({ err: error }, "MQTT receipts unavailable"));
  return createMqttProvider({ appId, channel: "mqtt", secret: broker });
};

// The phone makers' and JPush's endpoints: the vendor's host, or HERALD_<ID>_ENDPOINT (+ _CA_FILE) for a fake.
const env = process.env;

// Every channel Herald sends through: description, batch size, adapter.
const sendingChannels: ChannelEntry[] = [
  sendThrough(fcmChannel, fcmMaxBatch, (appId, secret) => createFcmProvider({ appId, channel: "fcm", secret })),
  // APNs: Apple's hosts, or HERALD_APNS_ENDPOINT (+ _CA_FILE) for a fake.
  sendThrough(apnsChannel, apnsMaxBatch, (appId, secret) =>
    createApnsProvider({ appId, channel: "apns", secret }, apnsSettingsFromEnv(env)),
  ),
  sendThrough(hmsChannel, hmsMaxBatch, (appId, secret) =>
    createHmsProvider({ appId, channel: "hms", secret }, hmsSettingsFromEnv(env)),
  ),
  sendThrough(honorChannel, honorMaxBatch, (appId, secret) =>
    createHonorProvider({ appId, channel: "honor", secret }, honorSettingsFromEnv(env)),
  ),
  // Xiaomi, OPPO, vivo and JPush are told the app's receipt URL with each push (none without
  // HERALD_PUBLIC_URL); Huawei and Honor take theirs in their consoles (server/receipts/receipt-urls.ts).
  sendThrough(xiaomiChannel, xiaomiMaxBatch, (appId, secret) => {
    const url = receiptUrl(appId, "xiaomi", env);
    return createXiaomiProvider(
      { appId, channel: "xiaomi", secret },
      { ...xiaomiSettingsFromEnv(env), ...(url ? { receipts: { url } } : {}) },
    );
  }),
  sendThrough(oppoChannel, oppoMaxBatch, (appId, secret) =>
    createOppoProvider(
      { appId, channel: "oppo", secret },
      { ...oppoSettingsFromEnv(env), callbackUrl: receiptUrl(appId, "oppo", env) },
    ),
  ),
  sendThrough(vivoChannel, vivoMaxBatch, (appId, secret) =>
    createVivoProvider(
      { appId, channel: "vivo", secret },
      { endpoint: vendorEndpointFromEnv("vivo", vivoDefaultBaseUrl, env), callbackUrl: receiptUrl(appId, "vivo", env) },
    ),
  ),
  sendThrough(jpushChannel, jpushMaxBatch, (appId, secret) =>
    createJpushProvider(
      { appId, channel: "jpush", secret },
      {
        endpoint: vendorEndpointFromEnv("jpush", jpushDefaultBaseUrl, env),
        callbackUrl: receiptUrl(appId, "jpush", env),
      },
    ),
  ),
  // XMPP goes through the app's own server; its connection also carries the receipts (xmpp-receipts.ts).
  sendThrough(xmppChannel, xmppMaxBatch, (appId, secret) => createXmppProvider({ appId, channel: "xmpp", secret })),
  // Web Push signs with the app's VAPID pair, generated now if no site has asked for it yet.
  sendThrough(webpushChannel, webpushMaxBatch, async (appId, own) => {
    const secret = own ?? (await ensureVapidKeys(appId));
    if (!secret) throw new ProviderConfigurationError("NO_CREDENTIAL", webpushChannel.credential.missing);
    return createWebPushProvider({ appId, channel: "webpush", secret }, webpushSettingsFromEnv(env));
  }),
  sendThrough(mqttChannel, mqttMaxBatch, mqttProviderFor),
  sendThrough(pollChannel, 1000, (appId) => createInboxProvider({ appId, channel: "poll", secret: null })),
];

let wired = false;

// Registers every sending channel (once per worker), and starts listening for MQTT receipts on the
// default broker and for XMPP receipts on the connection of every app with an XMPP credential.
export async function registerDefaultChannels(
  options: { mqttReceipts?: boolean; xmppReceipts?: boolean } = {},
): Promise<void> {
  if (wired) return;
  wired = true;
  for (const entry of sendingChannels) registerChannel(entry);
  if (options.mqttReceipts !== false) {
    void ensureDefaultBroker()
      .then((broker) => startMqttReceipts(broker))
      .catch((error) => log.warn({ err: error }, "default MQTT broker unavailable; MQTT campaigns will retry"));
  }
  if (options.xmppReceipts !== false)
    void startXmppReceipts().catch((error) => log.warn({ err: error }, "XMPP receipts unavailable"));
}

// Closes what the channels hold open (receipt subscribers, MQTT and XMPP connections, the embedded broker).
export async function closeDefaultChannels(): Promise<void> {
  await stopMqttReceipts().catch(() => undefined);
  await stopXmppReceipts().catch(() => undefined);
  await closeAllPublishers().catch(() => undefined);
  await stopEmbeddedBroker().catch(() => undefined);
}

// The default broker as a test send in the web process reaches it, starting nothing here: HERALD_MQTT_URL,
// else this process's embedded broker, else the worker's embedded one on HERALD_MQTT_PORT (1883) of this host.
function testSendBroker(): MqttSecret {
  return (
    defaultBrokerSecret() ?? {
      brokerUrl: `mqtt://127.0.0.1:${Number(process.env.HERALD_MQTT_PORT ?? 1883)}`,
      username: heraldBrokerUser,
      password: heraldBrokerPassword(),
      topicPrefix: defaultTopicPrefix(),
    }
  );
}

// A channel's entry for a test send from the console (test-send.ts): the same adapters and credentials as
// the workers', without registering anything; MQTT starts neither a broker nor a receipt listener here.
export function testSendEntry(channel: string): ChannelEntry | undefined {
  if (channel === "mqtt")
    return sendThrough(mqttChannel, mqttMaxBatch, (appId, own) =>
      createMqttProvider({ appId, channel: "mqtt", secret: own ?? testSendBroker() }),
    );
  return sendingChannels.find((entry) => entry.channel === channel);
}
