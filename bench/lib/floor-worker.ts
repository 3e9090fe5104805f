// The worker bench:dispatch-mixed measures Herald's floor with: `npm run worker`'s entry
// (scripts/worker.ts) after every sending channel's provider was swapped for one that answers "sent"
// at once without any network. Fan-out, rendering, claiming and recording run as in production;
// only the vendor call is gone. The swap happens here, in the benchmark's own entry, and only with
// HERALD_BENCH_NO_NETWORK=1 (the benchmark sets it): no production module knows about it.
import { register } from "node:module";

register("../../scripts/lib/hooks.mjs", import.meta.url);

if (process.env.HERALD_BENCH_NO_NETWORK !== "1") {
  console.error("bench/lib/floor-worker.ts sends nothing anywhere: run it with HERALD_BENCH_NO_NETWORK=1 only.");
  process.exit(2);
}

const { registerDefaultChannels } = await import("../../server/dispatch/channels");
const { channelEntry, registerChannel, registeredChannels } = await import("../../server/dispatch/channel-registry");
const { assertSendable } = await import("../../server/dispatch/providers/types");

// The real registrations first (the worker's own call below is then a no-op), each then wrapped:
// the real provider is still built from the app's stored credential, so batch sizes, concurrency
// and credential checks stay the real ones, but send() never reaches it.
await registerDefaultChannels();
for (const channel of registeredChannels()) {
  const real = channelEntry(channel)!;
  registerChannel({
    ...real,
    async create(appId) {
      const provider = await real.create(appId);
      let closed = false;
      return {
        channel: provider.channel,
        limits: provider.limits,
        async send(batch) {
          assertSendable(`no-network ${channel}`, closed, batch, provider.limits.maxBatch);
          return batch.messages.map((message) => ({
            deliveryId: message.deliveryId,
            outcome: "sent" as const,
            providerMessageId: `floor-${message.deliveryId}`,
          }));
        },
        async close() {
          closed = true;
          await provider.close();
        },
      };
    },
  });
}

await import("../../scripts/worker");
