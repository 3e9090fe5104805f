// The "fakes and clients alone" figure of bench:dispatch-mixed: one channel's real provider (built
// once through the dispatcher's own wiring from the app's stored credential, so the endpoint, batch
// size and concurrency are what a worker uses) sends `messages` made-up messages to its fake, in
// batches of its maxBatch with its concurrency in flight, with no database in the loop.
import type { DeviceChannel } from "../../lib/channels";
import type { OutgoingBatch, PushProvider } from "../../server/dispatch/providers/types";

export interface AloneResult {
  channel: DeviceChannel;
  messages: number;
  sent: number;
  batch: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
}

// The provider a worker would build for `appId`'s `channel` (channels.ts, HERALD_<ID>_ENDPOINT).
export async function workerProvider(appId: string, channel: DeviceChannel): Promise<PushProvider> {
  const { registerDefaultChannels } = await import("../../server/dispatch/channels");
  const { channelEntry } = await import("../../server/dispatch/channel-registry");
  await registerDefaultChannels({ mqttReceipts: false });
  const entry = channelEntry(channel);
  if (!entry) throw new Error(`no provider for ${channel}`);
  return entry.create(appId);
}

// Sends `messages` messages (tokens `alone-<channel>-<i>`) through `provider` and times it.
export async function measureProviderAlone(
  provider: PushProvider,
  campaignId: string,
  messages: number,
): Promise<AloneResult> {
  const { maxBatch, concurrency } = provider.limits;
  // One object, as the dispatcher renders each variant and locale once: the vendors whose request
  // carries one message to many tokens group a batch by this object.
  const content = { title: "Breaking: benchmark", body: "One million devices, one campaign." };
  const batchOf = (start: number, size: number): OutgoingBatch => ({
    appId: "bench",
    campaignId,
    options: { priority: "high", ttlSeconds: 3600, collapseKey: "bench", messageClass: "service" },
    messages: Array.from({ length: size }, (_, i) => ({
      deliveryId: String(start + i + 1),
      deviceId: `device-${start + i}`,
      installationId: `install-${start + i}`,
      platform: "android" as const,
      token: `alone-${provider.channel}-${start + i}`,
      campaignId,
      variantKey: "A",
      locale: "en",
      content,
    })),
  });
  let next = 0;
  let sent = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < messages) {
      const start = next;
      const size = Math.min(maxBatch, messages - start);
      next += size;
      const results = await provider.send(batchOf(start, size));
      sent += results.filter((result) => result.outcome === "sent").length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  return {
    channel: provider.channel,
    messages,
    sent,
    batch: maxBatch,
    concurrency,
    seconds,
    perSecond: Math.round(messages / seconds),
  };
}
