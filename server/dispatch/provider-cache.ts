// One provider instance per app and channel per worker process, reused across batches (an FCM
// provider keeps its authorised client; an MQTT one its connection) and rebuilt every few minutes so a
// replaced credential takes effect. Old instances are closed once their in-flight sends are done.
import "server-only";
import type { Channel } from "@/server/generated/prisma/enums";
import type { ChannelEntry } from "./channel-registry";
import { measuredProvider } from "./measured-provider";
import type { PushProvider } from "./providers/types";

const maxAgeMs = Number(process.env.HERALD_PROVIDER_MAX_AGE_SECONDS ?? 120) * 1000;

interface Held {
  provider: Promise<PushProvider>;
  createdAt: number;
}

const held = new Map<string, Held>();

// The provider to use now for an app's channel (built on first use).
export async function providerFor(appId: string, channel: Channel, entry: ChannelEntry): Promise<PushProvider> {
  const key = `${appId}:${channel}`;
  const current = held.get(key);
  if (current && Date.now() - current.createdAt < maxAgeMs) return current.provider;
  if (current) retire(current);
  const provider = entry.create(appId).then(measuredProvider);
  const next = { provider, createdAt: Date.now() };
  held.set(key, next);
  // A failed build (missing credential) is not cached: the next batch tries again.
  provider.catch(() => {
    if (held.get(key) === next) held.delete(key);
  });
  return provider;
}

function retire(old: Held) {
  // Sends already started with it finish first; the longest provider call is well under a minute.
  setTimeout(() => void old.provider.then((p) => p.close()).catch(() => undefined), 60_000).unref();
}

// Closes every provider (worker shutdown).
export async function closeProviders(): Promise<void> {
  const all = [...held.values()];
  held.clear();
  await Promise.all(all.map((h) => h.provider.then((p) => p.close()).catch(() => undefined)));
}
