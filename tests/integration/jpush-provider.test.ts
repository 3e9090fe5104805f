// The JPush provider against the loopback fake JPush v3 server over TLS: Basic auth, the push body as
// JPush checks it, one push per shared content with up to 1000 registration ids, no per-token result
// (1011 read per number of targets), rate limiting with X-Rate-Limit-Reset, 5xx, configuration errors,
// per-device caps on ops messages behind JPush, and the /v3/push/validate credential check. No mocks.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { JpushSecret } from "@/lib/channels/jpush";
import {
  createJpushProvider,
  verifyJpushCredential,
  type JpushSettings,
} from "@/server/dispatch/providers/jpush/provider";
import {
  ProviderConfigurationError,
  type DeliveryOptions,
  type OutgoingMessage,
} from "@/server/dispatch/providers/types";
import { vendorEndpointFromEnv } from "@/server/dispatch/providers/vendor-https";
import { spawnFake } from "@/tests/fakes/loopback-fake";
import { fakeJpushApp, startFakeJpush, type JpushStats } from "@/tests/fakes/jpush/server";
import { batchOf, contractSuite, messageBuilder } from "@/tests/support/provider-contract";

const suite = contractSuite(() => startFakeJpush());

const settings = (): Partial<JpushSettings> => ({ endpoint: { baseUrl: suite.fake.url, ca: suite.fake.ca } });
function provider(secret: JpushSecret = fakeJpushApp) {
  return suite.track(createJpushProvider({ appId: "app-1", channel: "jpush", secret }, settings()));
}

const options: DeliveryOptions = { priority: "normal", ttlSeconds: 3600, messageClass: "marketing" };
const shared = { title: "Weekend sale", body: "20% off everything", url: "news://deals/weekend" };
const message = messageBuilder({
  firstDeliveryId: 2000,
  campaignId: "campaign-9",
  variantKey: null,
  locale: "zh-CN",
  content: shared,
});
const lone = (tokens: (string | null)[]) =>
  tokens.map((token, i) => message(token, i, { ...shared, body: `Offer ${i}` }));
const batch = (messages: OutgoingMessage[], extra: Partial<DeliveryOptions> = {}) =>
  batchOf("campaign-9", options, messages, extra);

describe("JPush provider against the fake JPush v3 server", () => {
  it("sends one push per shared content with Basic auth and JPush's fields, all targets sent", async () => {
    const tokens = ["rid-1", "rid-2", "rid-3"];
    const results = await provider().send(batch(tokens.map((token, i) => message(token, i))));
    expect(results.map((result) => result.outcome)).toEqual(["sent", "sent", "sent"]);
    const ids = new Set(results.map((result) => result.outcome === "sent" && result.providerMessageId));
    expect(ids.size).toBe(1);
    const [received] = suite.fake.bodies("/v3/push");
    const basic = Buffer.from(`${fakeJpushApp.appKey}:${fakeJpushApp.masterSecret}`).toString("base64");
    expect(received!.authorization).toBe(`Basic ${basic}`);
    expect(received!.body).toEqual({
      platform: "android",
      audience: { registration_id: tokens },
      notification: {
        android: {
          alert: "20% off everything",
          title: "Weekend sale",
          // Shared push: the campaign only; a deep link is the notification's intent.
          extras: { url: "news://deals/weekend", herald_c: "campaign-9" },
          intent: { url: "news://deals/weekend" },
        },
      },
      options: {
        time_to_live: 3600,
        classification: 0,
        third_party_channel: {
          huawei: { importance: "LOW", category: "MARKETING" },
          honor: { importance: "LOW" },
          vivo: { classification: 0 },
        },
      },
    });
  });

  it("carries the delivery id in a single-target push and sends service class fields", async () => {
    const web = { ...shared, url: "https://news.example/a" };
    await provider().send(batch([message("rid-1", 0, web)], { messageClass: "service", ttlSeconds: undefined }));
    const [received] = suite.fake.bodies("/v3/push");
    expect(received!.body).toMatchObject({
      notification: {
        android: { extras: { url: "https://news.example/a", herald_c: "campaign-9", herald_d: "2000" } },
      },
      options: { time_to_live: 86_400, classification: 1, third_party_channel: { huawei: { importance: "NORMAL" } } },
    });
    expect((received!.body as { notification: { android: object } }).notification.android).not.toHaveProperty("intent");
  });

  it("takes up to 1000 registration ids in one push and refuses a larger batch", async () => {
    const jpush = provider();
    const tokens = Array.from({ length: 1000 }, (_, i) => `rid-${i}`);
    const results = await jpush.send(batch(tokens.map((token, i) => message(token, i))));
    expect(results.every((result) => result.outcome === "sent")).toBe(true);
    expect(suite.fake.stats()).toMatchObject({ pushes: 1, delivered: 1000 });
    expect(jpush.limits).toEqual({ maxBatch: 1000, concurrency: 4, maxPayloadBytes: 4000 });
    await expect(jpush.send(batch([...tokens, "rid-x"].map((token, i) => message(token, i))))).rejects.toThrow(/1000/);
  });

  it("gives no per-token result: unknown ids of a shared push count as sent; 1011 read by target count", async () => {
    const mixed = await provider().send(batch(["rid-1", "bad-2"].map((token, i) => message(token, i))));
    expect(mixed.map((result) => result.outcome)).toEqual(["sent", "sent"]);
    expect(suite.fake.stats().delivered).toBe(1);
    const alone = await provider().send(batch(lone(["bad-1", null])));
    expect(alone).toEqual([
      { deliveryId: "2000", outcome: "invalid_token", errorCode: "JPUSH_1011" },
      { deliveryId: "2001", outcome: "invalid_token", errorCode: "MISSING_TOKEN" },
    ]);
    const none = await provider().send(batch(["bad-1", "bad-2"].map((token, i) => message(token, i))));
    expect(none.map((result) => result.outcome === "failed" && result.errorCode)).toEqual(["JPUSH_1011", "JPUSH_1011"]);
  });

  it("reads 1003 on a lone malformed id as invalid, a too large push as failed without asking", async () => {
    expect(await provider().send(batch(lone(["malformed-1"])))).toEqual([
      { deliveryId: "2000", outcome: "invalid_token", errorCode: "JPUSH_1003" },
    ]);
    const big = message("rid-1", 0, { ...shared, body: "x".repeat(4100) });
    expect(await provider().send(batch([big]))).toEqual([
      { deliveryId: "2000", outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" },
    ]);
    expect(suite.fake.stats().pushes).toBe(0);
  });

  it("retries on 429/2002 after X-Rate-Limit-Reset and on 5xx", async () => {
    suite.fake.configure({ callsPerWindow: 1, windowSeconds: 30 });
    const jpush = provider();
    await jpush.send(batch(lone(["rid-1"])));
    const [limited] = await jpush.send(batch(lone(["rid-2"])));
    expect(limited).toMatchObject({ outcome: "retry", errorCode: "JPUSH_2002" });
    expect(limited!.outcome === "retry" && limited!.retryAfterMs).toBeGreaterThanOrEqual(29_000);
    suite.fake.reset();
    suite.fake.configure({ next: [{ status: 503, code: 1030, message: "internal timeout" }, { status: 502 }] });
    expect(await provider().send(batch(lone(["rid-1", "rid-2"])))).toEqual([
      { deliveryId: "2000", outcome: "retry", errorCode: "JPUSH_1030" },
      { deliveryId: "2001", outcome: "retry", errorCode: "JPUSH_1000" },
    ]);
  });

  it("throws a configuration error for a wrong master secret or a blocked AppKey", async () => {
    const wrong = provider({ ...fakeJpushApp, masterSecret: "000000000000000000000000" });
    const error = await wrong.send(batch(lone(["rid-1"]))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect(error).toMatchObject({ code: "JPUSH_1004" });
    suite.fake.configure({ next: [{ status: 403, code: 2003, message: "appkey blocked" }] });
    await expect(provider().send(batch(lone(["rid-1"])))).rejects.toMatchObject({ code: "JPUSH_2003" });
  });

  it("always sends the class: ops pushes are capped per device and day behind JPush, system ones are not", async () => {
    suite.fake.configure({ marketingCapPerDevice: 2 });
    const jpush = provider();
    for (const messageClass of ["marketing", undefined, "marketing", "service"] as const)
      await jpush.send(batch(lone(["rid-1"]), { messageClass }));
    expect(suite.fake.tokens(["rid-1"])[0]).toMatchObject({
      accepted: 4,
      delivered: 3,
      capped: 1,
      classifications: [0, 0, 0, 1],
    });
  });

  it("checks a credential with the /v3/push/validate dry run", async () => {
    expect(await verifyJpushCredential(fakeJpushApp, settings())).toEqual({ ok: true });
    expect(
      await verifyJpushCredential({ ...fakeJpushApp, appKey: "ffffffffffffffffffffffff" }, settings()),
    ).toMatchObject({
      ok: false,
      code: "JPUSH_1004",
    });
    expect(suite.fake.stats()).toMatchObject({ validations: 1, pushes: 0, delivered: 0 });
  });

  it("runs as its own process, reached through HERALD_JPUSH_ENDPOINT and HERALD_JPUSH_CA_FILE", async () => {
    const spawned = await spawnFake(path.join(import.meta.dirname, "../fakes/jpush/server.ts"));
    try {
      const env = { HERALD_JPUSH_ENDPOINT: spawned.url, HERALD_JPUSH_CA_FILE: spawned.caFile };
      const endpoint = vendorEndpointFromEnv("jpush", "https://api.jpush.cn", env);
      const jpush = createJpushProvider({ appId: "app-1", channel: "jpush", secret: fakeJpushApp }, { endpoint });
      suite.track(jpush);
      const results = await jpush.send(batch(["rid-1", "rid-2"].map((token, i) => message(token, i))));
      expect(results.map((result) => result.outcome)).toEqual(["sent", "sent"]);
      expect(await spawned.control.call<JpushStats>("GET /__fake/stats")).toMatchObject({ pushes: 1, delivered: 2 });
    } finally {
      await spawned.stop();
    }
  });
});
