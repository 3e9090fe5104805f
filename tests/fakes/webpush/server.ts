// The fake push service as a library (startFakeWebPush) and as its own process:
// `tsx tests/fakes/webpush/server.ts --port N [--no-decrypt] [--no-record] [--bench-subscriptions N]`
// prints one JSON line
// {"ready":true,"port":N,"url":...,"caFile":...} and runs until SIGTERM/SIGINT; spawnFakeWebPush()
// starts it from a test or benchmark and drives it through the control API.
import path from "node:path";
import { argument, runAsProcess, spawnFake } from "../loopback-fake";
import { startFakeWebPush, type FakeWebPushStats, type ScriptedAnswer } from "./fake-server";

export {
  fakeWebPushCaFile,
  maxBodyBytes,
  publicView,
  startFakeWebPush,
  subscriptionTokenOf,
  type FakeWebPush,
  type FakeWebPushOptions,
  type FakeWebPushStats,
  type ScriptedAnswer,
  type WebPushRecord,
} from "./fake-server";
export { decryptPush, checkVapid, newSubscriptionKeys, type BrowserSubscription } from "./crypto";

// A subscription as the control API hands it out (what a browser gives the site).
export interface PublicSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

// A fake push service in a child process, with its control calls.
export async function spawnFakeWebPush(
  options: { decrypt?: boolean; record?: boolean; benchSubscriptions?: number } = {},
) {
  const args = [
    ...(options.decrypt === false ? ["--no-decrypt"] : []),
    ...(options.record === false ? ["--no-record"] : []),
    ...(options.benchSubscriptions ? ["--bench-subscriptions", String(options.benchSubscriptions)] : []),
  ];
  const fake = await spawnFake(path.join(import.meta.dirname, "server.ts"), { args });
  return {
    ...fake,
    subscribe: (count: number, applicationServerKey?: string) =>
      fake.control.call<PublicSubscription[]>("POST /__fake/subscribe", { count, applicationServerKey }),
    script: (subscriptionId: string, answers: ScriptedAnswer[]) =>
      fake.control.call("POST /__fake/script", { subscriptionId, answers }),
    unsubscribe: (subscriptionId: string) => fake.control.call("POST /__fake/unsubscribe", { subscriptionId }),
    received: (subscriptionId: string) => fake.control.call<unknown[]>("POST /__fake/received", { subscriptionId }),
    stats: () => fake.control.call<FakeWebPushStats>("GET /__fake/stats"),
    reset: () => fake.control.call("POST /__fake/reset", {}),
  };
}

runAsProcess(import.meta.url, (options) =>
  startFakeWebPush({
    ...options,
    decrypt: !process.argv.includes("--no-decrypt"),
    record: !process.argv.includes("--no-record"),
    latencyMs: Number(argument("latency") ?? 0),
    benchSubscriptions: Number(argument("bench-subscriptions") ?? 0),
  }),
);
