// The simulator's FCM stand-in is scoped to the reserved "herald-simulator" project: that key's
// messages reach the stand-in (and nothing else, not even when it is down), while every other key
// keeps going to Google's host (or to the process-wide endpoint tests and benchmarks set).
import type http2 from "node:http2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setFcmEndpoint } from "@/server/dispatch/providers/fcm/endpoint";
import { createFcmProvider } from "@/server/dispatch/providers/fcm/provider";
import {
  fcmEndpointFor,
  setSimulatorFcmEndpoint,
  simulatorProjectId,
} from "@/server/dispatch/providers/fcm/simulator-endpoint";
import { installFcmTransport } from "@/server/dispatch/providers/fcm/transport";
import { ProviderConfigurationError, type OutgoingBatch, type PushProvider } from "@/server/dispatch/providers/types";
import { startFakeFcm, type FakeFcm } from "@/tests/fakes/fcm/server";
import { fakeServiceAccount } from "@/tests/fakes/fcm/service-account";
import { testBatch, testMessage } from "@/tests/support/provider-batch";

let simulator: FakeFcm;
let googleStandIn: FakeFcm;
const providers: PushProvider[] = [];
const simulatorKey = fakeServiceAccount(simulatorProjectId);
const realKey = fakeServiceAccount("acme-news-prod");

beforeAll(async () => {
  [simulator, googleStandIn] = await Promise.all([startFakeFcm(), startFakeFcm()]);
});
afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.close()));
  await Promise.all([simulator.reset(), googleStandIn.reset()]);
  setSimulatorFcmEndpoint(undefined);
  setFcmEndpoint(undefined);
});
afterAll(async () => {
  await Promise.all([simulator.close(), googleStandIn.close()]);
});

function provider(secret: typeof realKey, sessions = 2) {
  const created = createFcmProvider({ appId: "app-1", channel: "fcm", secret }, { sessions, requestTimeoutMs: 2000 });
  providers.push(created);
  return created;
}

function batch(tokens: string[]): OutgoingBatch {
  const messages = tokens.map((token, i) => testMessage(token, i, { title: "t", body: "b" }, 500));
  return testBatch({ priority: "high", ttlSeconds: 600 }, messages);
}

// Records where firebase-admin's HTTP/2 connections would go, without letting any leave the machine.
function spyOnConnect() {
  const holder = globalThis as { heraldHttp2Connect?: typeof http2.connect };
  installFcmTransport();
  const original = holder.heraldHttp2Connect!;
  const seen: { authority: string; rerouted: boolean }[] = [];
  holder.heraldHttp2Connect = ((authority: string | URL, options?: http2.SecureClientSessionOptions) => {
    seen.push({ authority: String(authority), rerouted: typeof options?.createConnection === "function" });
    throw Object.assign(new Error("blocked by the test: no traffic leaves this machine"), { code: "ECONNREFUSED" });
  }) as unknown as typeof http2.connect;
  return { seen, restore: () => void (holder.heraldHttp2Connect = original) };
}

describe("the simulator's FCM endpoint", () => {
  it.each([0, 2])(
    "sends the herald-simulator key's messages to the simulator (pooled sessions: %i)",
    async (sessions) => {
      setSimulatorFcmEndpoint({ url: simulator.url, ca: simulator.ca });
      const results = await provider(simulatorKey, sessions).send(batch(["sim-a", "sim-b", "sim-c"]));
      expect(results.map((r) => r.outcome)).toEqual(["sent", "sent", "sent"]);
      expect((await simulator.stats()).accepted).toBe(3);
      // The tracking ids the simulator reads back from the fake's record.
      const bodies = await simulator.bodies("sim-b");
      expect(bodies[0]?.body).toMatchObject({
        message: { token: "sim-b", data: { herald_c: "campaign-1", herald_d: "501" } },
      });
    },
  );

  it("keeps every other key on Google's host while the simulator runs", async () => {
    setSimulatorFcmEndpoint({ url: simulator.url, ca: simulator.ca });
    expect(fcmEndpointFor("acme-news-prod")).toBeNull();
    const spy = spyOnConnect();
    try {
      const results = await provider(realKey, 0).send(batch(["real-a"]));
      expect(results[0]?.outcome).toBe("retry");
    } finally {
      spy.restore();
    }
    // firebase-admin's own connect to fcm.googleapis.com, not a socket to the simulator.
    expect(spy.seen).toEqual([{ authority: "https://fcm.googleapis.com", rerouted: false }]);
    expect((await simulator.stats()).requests).toBe(0);
  });

  it("splits traffic by key when a process-wide endpoint is also set (each fake sees only its own)", async () => {
    setSimulatorFcmEndpoint({ url: simulator.url, ca: simulator.ca });
    setFcmEndpoint({ url: googleStandIn.url, ca: googleStandIn.ca });
    const [real, sim] = await Promise.all([
      provider(realKey).send(batch(["real-a", "real-b"])),
      provider(simulatorKey).send(batch(["sim-a"])),
    ]);
    expect([...real, ...sim].every((r) => r.outcome === "sent")).toBe(true);
    expect((await googleStandIn.tokens()).map((t) => t.token).sort()).toEqual(["real-a", "real-b"]);
    expect((await simulator.tokens()).map((t) => t.token)).toEqual(["sim-a"]);
    expect((await simulator.bodies()).map((b) => b.project)).toEqual([simulatorProjectId]);
  });

  it("never sends the simulator key anywhere when no simulator runs: a configuration error instead", async () => {
    setSimulatorFcmEndpoint(null);
    setFcmEndpoint({ url: googleStandIn.url, ca: googleStandIn.ca });
    expect(() => createFcmProvider({ appId: "app-1", channel: "fcm", secret: simulatorKey })).toThrow(
      ProviderConfigurationError,
    );
    // A provider built while the simulator ran, after it stopped.
    setSimulatorFcmEndpoint({ url: simulator.url, ca: simulator.ca });
    const fcm = provider(simulatorKey);
    setSimulatorFcmEndpoint(null);
    const error = await fcm.send(batch(["sim-a"])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect((error as ProviderConfigurationError).code).toBe("SIMULATOR_OFFLINE");
    expect((await googleStandIn.stats()).requests).toBe(0);
    expect((await simulator.stats()).requests).toBe(0);
  });

  it("accepts only an https endpoint on this machine", () => {
    expect(() => setSimulatorFcmEndpoint({ url: "https://fcm.example.com" })).toThrow(/on this machine/);
    expect(() => setSimulatorFcmEndpoint({ url: "http://127.0.0.1:9443" })).toThrow(/https/);
    expect(() => setSimulatorFcmEndpoint({ url: "https://127.0.0.1:9443" })).not.toThrow();
  });
});
