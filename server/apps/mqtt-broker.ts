// The app's own MQTT broker as devices are told about it: its URL and topic prefix from the stored
// credential's summary (no login and no unsealing, so the device API's registrations stay cheap),
// cached per app for 30 seconds in each process.
import "server-only";
import { db } from "@/server/db";

const cacheMs = 30_000;
const cache = new Map<string, { at: number; value: { brokerUrl: string; topicPrefix: string } | null }>();

// The app's own broker (null: it uses Herald's default broker).
export async function appMqttBroker(appId: string): Promise<{ brokerUrl: string; topicPrefix: string } | null> {
  const hit = cache.get(appId);
  if (hit && Date.now() - hit.at < cacheMs) return hit.value;
  const row = await db.providerCredential.findUnique({
    where: { appId_channel: { appId, channel: "mqtt" } },
    select: { summary: true },
  });
  const summary = (row?.summary ?? null) as { brokerUrl?: unknown; topicPrefix?: unknown } | null;
  const value =
    summary && typeof summary.brokerUrl === "string"
      ? {
          brokerUrl: summary.brokerUrl,
          topicPrefix: typeof summary.topicPrefix === "string" ? summary.topicPrefix : "herald",
        }
      : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(appId, { at: Date.now(), value });
  return value;
}
