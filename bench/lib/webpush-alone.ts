// One process of bench:webpush's "web-push alone" figure: sends its share of the benchmark's
// messages with the web-push library straight to the fake push service (no Herald, no database),
// the same plaintext Herald's provider builds, with BENCH_INFLIGHT requests in flight over a
// keep-alive agent. BENCH_VAPID_MODE "per-request" hands web-push the VAPID details (it signs a JWT
// for every request, as its README shows); "cached" signs one header up front and reuses it, as
// Herald's provider does. Prints "ready", waits for "go" on stdin, then one JSON line of figures.
import { readFileSync } from "node:fs";
import https from "node:https";
import { createInterface } from "node:readline";
import webpush from "web-push";
import { webPushPayload } from "../../lib/campaigns/provider-payloads";

const env = process.env;
const from = Number(env.BENCH_ALONE_FROM);
const count = Number(env.BENCH_ALONE_COUNT);
const inflight = Number(env.BENCH_INFLIGHT ?? 256);
const endpointBase = env.BENCH_ENDPOINT_BASE!;
const keys = JSON.parse(readFileSync(env.BENCH_KEYS_FILE!, "utf8")) as Array<{ p256dh: string; auth: string }>;
const vapid = JSON.parse(env.BENCH_VAPID!) as { subject: string; publicKey: string; privateKey: string };
const campaignId = env.BENCH_CAMPAIGN_ID ?? "00000000-0000-4000-8000-000000000000";
const body = env.BENCH_BODY ?? "Breaking";
const agent = new https.Agent({ keepAlive: true, maxSockets: inflight, ca: readFileSync(env.BENCH_CA_FILE!) });
const perRequest = env.BENCH_VAPID_MODE !== "cached";
const audience = new URL(endpointBase).origin;
const cachedHeader = perRequest
  ? null
  : webpush.getVapidHeaders(
      audience,
      vapid.subject,
      vapid.publicKey,
      vapid.privateKey,
      "aes128gcm",
      Math.floor(Date.now() / 1000) + 12 * 3600,
    ).Authorization;

async function run() {
  let next = 0;
  let sent = 0;
  let failed = 0;
  const errors: Record<string, number> = {};
  const lane = async () => {
    while (next < count) {
      const n = from + next++;
      const subscription = { endpoint: `${endpointBase}/push/b${n}`, keys: keys[n % keys.length]! };
      const payload = JSON.stringify(
        webPushPayload(
          { title: "Breaking: benchmark", body },
          { priority: "high", ttlSeconds: 3600, collapseKey: "bench" },
          { campaignId, deliveryId: String(n) },
        ),
      );
      try {
        await webpush.sendNotification(subscription, payload, {
          TTL: 3600,
          urgency: "high",
          topic: "bench",
          contentEncoding: "aes128gcm",
          agent,
          ...(perRequest
            ? { vapidDetails: vapid }
            : { vapidDetails: null as never, headers: { Authorization: cachedHeader! } }),
        });
        sent++;
      } catch (error) {
        failed++;
        const code = String((error as { statusCode?: number; code?: string }).statusCode ?? (error as Error).message);
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  };
  const started = Date.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: inflight }, lane));
  const used = process.cpuUsage(cpu);
  return { sent, failed, errors, ms: Date.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

process.stdout.write("ready\n");
createInterface({ input: process.stdin }).once("line", () => {
  void run().then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    agent.destroy();
    process.exit(0);
  });
});
