// The vivo provider against the loopback fake vivo Push server over TLS: auth and token reuse, request
// shapes as vivo checks them, list push with invalidUsers, single sends, token expiry mid-send, flow
// control and 5xx, daily quotas (10070, 10252), per-device caps on ops messages, configuration errors
// and the "test credentials" check. No mocks.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { VivoSecret } from "@/lib/channels/vivo";
import { clearVivoTokens } from "@/server/dispatch/providers/vivo/auth";
import { clearVivoQuotas } from "@/server/dispatch/providers/vivo/quota";
import { createVivoProvider } from "@/server/dispatch/providers/vivo/provider";
import type { VivoSettings } from "@/server/dispatch/providers/vivo/settings";
import { verifyVivoCredential } from "@/server/dispatch/providers/vivo/verify";
import {
  ProviderConfigurationError,
  type DeliveryOptions,
  type OutgoingMessage,
} from "@/server/dispatch/providers/types";
import { vendorEndpointFromEnv } from "@/server/dispatch/providers/vendor-https";
import { spawnFake } from "@/tests/fakes/loopback-fake";
import { fakeVivoApp, startFakeVivo, type VivoStats } from "@/tests/fakes/vivo/server";
import { batchOf, byDelivery, contractSuite, messageBuilder } from "@/tests/support/provider-contract";

const suite = contractSuite(() => startFakeVivo(), [clearVivoTokens, clearVivoQuotas]);

const settings = (): Partial<VivoSettings> => ({ endpoint: { baseUrl: suite.fake.url, ca: suite.fake.ca } });
function provider(secret: VivoSecret = fakeVivoApp, extra: Partial<VivoSettings> = {}) {
  // "vivo" joins the Channel enum with the addresses work; until then any device channel stands in here.
  return suite.track(createVivoProvider({ appId: "app-1", channel: "hms", secret }, { ...settings(), ...extra }));
}

const options: DeliveryOptions = { priority: "high", ttlSeconds: 7200, messageClass: "service" };
const shared = { title: "Storm warning", body: "Heavy rain tonight", url: "https://news.example/storm" };
const message = messageBuilder({
  firstDeliveryId: 1000,
  campaignId: "campaign-1",
  variantKey: "A",
  locale: "zh-CN",
  content: shared,
});
// Every message its own content: single sends.
const lone = (tokens: (string | null)[]) =>
  tokens.map((token, i) => message(token, i, { ...shared, body: `Message ${i}` }));
const batch = (messages: OutgoingMessage[], extra: Partial<DeliveryOptions> = {}) =>
  batchOf("campaign-1", options, messages, extra);

describe("vivo provider against the fake vivo Push server", () => {
  it("fetches one signed authToken, reuses it across batches and providers, and sends vivo's fields", async () => {
    const first = await provider().send(batch(lone(["reg-1"])));
    const second = await provider().send(batch(lone(["reg-2", "reg-3"])));
    expect(first[0]).toMatchObject({ deliveryId: "1000", outcome: "sent", providerMessageId: expect.any(String) });
    expect(second.map((result) => result.outcome)).toEqual(["sent", "sent"]);
    const stats = suite.fake.stats();
    expect(stats).toMatchObject({ authCalls: 1, tokensIssued: 1, singleSends: 3, delivered: 3 });
    const [auth] = suite.fake.bodies("/message/auth");
    expect(auth!.body).toMatchObject({ appId: fakeVivoApp.appId, appKey: fakeVivoApp.appKey, sign: /^[0-9a-f]{32}$/ });
    const sends = suite.fake.bodies("/message/send");
    expect(sends[0]!.authToken).toEqual(expect.any(String));
    expect(sends[0]!.body).toEqual({
      appId: Number(fakeVivoApp.appId),
      regId: "reg-1",
      notifyType: 3,
      title: "Storm warning",
      content: "Message 0",
      timeToLive: 7200,
      skipType: 2,
      skipContent: "https://news.example/storm",
      networkType: -1,
      classification: 1,
      category: "SUBSCRIPTION",
      clientCustomMap: { url: "https://news.example/storm", herald_c: "campaign-1", herald_d: "1000" },
      pushMode: 0,
      requestId: expect.stringMatching(/^h1000-/),
    });
    const requestIds = sends.map((entry) => (entry.body as { requestId: string }).requestId);
    expect(new Set(requestIds).size).toBe(3);
  });

  it("sends shared content as one list push and marks only the regIds vivo lists as invalid", async () => {
    const tokens = ["reg-1", "bad-2", "reg-3", "gone-4", "off-5", "reg-6"];
    const results = byDelivery(await provider().send(batch(tokens.map((token, i) => message(token, i)))));
    expect(results["1000"]).toMatchObject({ outcome: "sent", providerMessageId: expect.any(String) });
    expect(results["1001"]).toEqual({ deliveryId: "1001", outcome: "invalid_token", errorCode: "VIVO_USER_1" });
    expect(results["1003"]).toEqual({ deliveryId: "1003", outcome: "invalid_token", errorCode: "VIVO_USER_2" });
    expect(results["1004"]).toEqual({ deliveryId: "1004", outcome: "failed", errorCode: "VIVO_USER_3" });
    expect(results["1005"]!.outcome).toBe("sent");
    expect(suite.fake.stats()).toMatchObject({ listPayloads: 1, listPushes: 1, singleSends: 0, delivered: 3 });
    const [saved] = suite.fake.bodies("/message/saveListPayload");
    // A list payload is shared: it carries the campaign, not one device's delivery id.
    expect((saved!.body as { clientCustomMap: Record<string, string> }).clientCustomMap).toEqual({
      url: "https://news.example/storm",
      herald_c: "campaign-1",
    });
    const [pushed] = suite.fake.bodies("/message/pushToList");
    expect(pushed!.body).toMatchObject({
      appId: Number(fakeVivoApp.appId),
      regIds: tokens,
      taskId: expect.any(String),
    });
  });

  it("answers a bad regId of a single send as invalid, a missing token and a too large map unasked", async () => {
    const big = message("reg-3", 3, { ...shared, data: { blob: "x".repeat(1100) } });
    const results = byDelivery(await provider().send(batch([...lone(["bad-1", null]), big])));
    expect(results["1000"]).toEqual({ deliveryId: "1000", outcome: "invalid_token", errorCode: "VIVO_10302" });
    expect(results["1001"]).toEqual({ deliveryId: "1001", outcome: "invalid_token", errorCode: "MISSING_TOKEN" });
    expect(results["1003"]).toEqual({ deliveryId: "1003", outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" });
    expect(suite.fake.stats().singleSends).toBe(1);
  });

  it("takes up to 1000 regIds in one pushToList and refuses a larger batch", async () => {
    const vivo = provider();
    const tokens = Array.from({ length: 1000 }, (_, i) => `reg-${i}`);
    const results = await vivo.send(batch(tokens.map((token, i) => message(token, i))));
    expect(results.every((result) => result.outcome === "sent")).toBe(true);
    expect(suite.fake.stats()).toMatchObject({ listPushes: 1, delivered: 1000 });
    expect(vivo.limits.maxBatch).toBe(1000);
    await expect(vivo.send(batch([...tokens, "reg-x"].map((token, i) => message(token, i))))).rejects.toThrow(/1000/);
  });

  it("fetches a new token once when vivo refuses an expired one, and loses no message", async () => {
    const vivo = provider();
    await vivo.send(batch(lone(["reg-1"])));
    suite.fake.expireTokens();
    const results = await vivo.send(
      batch([message("reg-2", 0), message("reg-3", 1), ...lone(["reg-4"]).map((m) => ({ ...m, deliveryId: "1002" }))]),
    );
    expect(results.map((result) => result.outcome)).toEqual(["sent", "sent", "sent"]);
    expect(suite.fake.stats()).toMatchObject({ tokensIssued: 2, delivered: 4, errors: { "10000": 1 } });
  });

  it("retries when a fresh token is refused too, on HTTP 500, and under flow control", async () => {
    suite.fake.configure({
      next: [
        { path: "/message/send", result: 10000 },
        { path: "/message/send", result: 10000 },
      ],
    });
    expect(await provider().send(batch(lone(["reg-1"])))).toEqual([
      { deliveryId: "1000", outcome: "retry", errorCode: "VIVO_10000" },
    ]);
    suite.fake.configure({ next: [{ path: "/message/pushToList", status: 500 }] });
    const listed = await provider().send(batch([message("reg-1", 0), message("reg-2", 1)]));
    expect(listed.map((result) => result.outcome === "retry" && result.errorCode)).toEqual(["HTTP_500", "HTTP_500"]);
    suite.fake.configure({ messagesPerSecond: 2 });
    const flow = await provider({ ...fakeVivoApp }, { singleConcurrency: 1 }).send(batch(lone(["r-1", "r-2", "r-3"])));
    expect(flow.map((result) => result.outcome)).toEqual(["sent", "sent", "retry"]);
  });

  it("stops for the day on 10070 and sends one by one after 10252", async () => {
    suite.fake.configure({ dailyTotal: 2 });
    const vivo = provider({ ...fakeVivoApp }, { singleConcurrency: 1 });
    const results = await vivo.send(batch(lone(["reg-1", "reg-2", "reg-3", "reg-4"])));
    expect(results.slice(0, 2).map((result) => result.outcome)).toEqual(["sent", "sent"]);
    expect(results[2]).toMatchObject({
      outcome: "retry",
      errorCode: "VIVO_10070",
      retryAfterMs: expect.any(Number),
      quota: true,
    });
    expect(results[3]).toMatchObject({ outcome: "retry", errorCode: "VIVO_10070" });
    const calls = suite.fake.stats().singleSends;
    expect(calls).toBe(3);
    // Another provider of the same app (they are rebuilt often) calls vivo no more today either.
    expect(await provider().send(batch(lone(["reg-5"])))).toEqual([
      { deliveryId: "1000", outcome: "retry", errorCode: "VIVO_10070", retryAfterMs: expect.any(Number), quota: true },
    ]);
    expect(suite.fake.stats().singleSends).toBe(calls);

    suite.fake.reset();
    clearVivoQuotas();
    suite.fake.configure({ listPayloadsPerDay: 1 });
    const lists = provider();
    await lists.send(batch([message("reg-1", 0), message("reg-2", 1)]));
    const fallback = await lists.send(batch([message("reg-3", 0), message("reg-4", 1)]));
    expect(fallback.map((result) => result.outcome)).toEqual(["sent", "sent"]);
    await provider().send(batch([message("reg-5", 0), message("reg-6", 1)]));
    expect(suite.fake.stats()).toMatchObject({ listPayloads: 1, singleSends: 4, delivered: 6, errors: { "10252": 1 } });
  });

  it("always sends the class: marketing (also when unset) is capped per device and day, service is not", async () => {
    suite.fake.configure({ marketingCapPerDevice: 2 });
    const vivo = provider();
    for (const messageClass of ["marketing", undefined, "marketing", "service", "service"] as const)
      await vivo.send(batch(lone(["reg-1"]), { messageClass }));
    const [record] = suite.fake.tokens(["reg-1"]);
    expect(record).toMatchObject({ accepted: 5, delivered: 4, capped: 1, classifications: [0, 0, 0, 1, 1] });
    expect(record!.categories).toEqual(["MARKETING", "MARKETING", "MARKETING", "SUBSCRIPTION", "SUBSCRIPTION"]);
  });

  it("throws a configuration error for a wrong secret and for an appId vivo does not match", async () => {
    const wrong = provider({ ...fakeVivoApp, appSecret: "not-the-secret" });
    await expect(wrong.send(batch(lone(["reg-1"])))).rejects.toMatchObject({ code: "VIVO_10206" });
    suite.fake.configure({ next: [{ path: "/message/send", result: 10094 }] });
    const error = await provider()
      .send(batch(lone(["reg-1"])))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect(error).toMatchObject({ code: "VIVO_10094" });
  });

  it("checks a credential by fetching a token, and reports vivo's refusals and the auth rate limit", async () => {
    expect(await verifyVivoCredential(fakeVivoApp, settings())).toEqual({ ok: true });
    expect(await verifyVivoCredential({ ...fakeVivoApp, appKey: "other" }, settings())).toMatchObject({
      ok: false,
      code: "VIVO_10202",
    });
    expect(await verifyVivoCredential({ ...fakeVivoApp, appId: "1" }, settings())).toMatchObject({
      ok: false,
      code: "VIVO_10205",
    });
    suite.fake.reset();
    // At most one call a second: of three at once (perhaps across a second's edge) at least one is refused.
    suite.fake.configure({ authPerSecond: 1 });
    const checks = await Promise.all([1, 2, 3].map(() => verifyVivoCredential(fakeVivoApp, settings())));
    const refused = checks.filter((check) => !check.ok);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((check) => !check.ok && check.code === "VIVO_10250")).toBe(true);
  });

  it("renews a token past refreshAfterMs and reports an aborted batch as retry without sending", async () => {
    const vivo = provider(fakeVivoApp, { refreshAfterMs: 20 });
    await vivo.send(batch(lone(["reg-1"])));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await vivo.send(batch(lone(["reg-2"])));
    expect(suite.fake.stats().tokensIssued).toBe(2);
    const controller = new AbortController();
    controller.abort();
    const aborted = await vivo.send({ ...batch(lone(["reg-3"])), signal: controller.signal });
    expect(aborted).toEqual([{ deliveryId: "1000", outcome: "retry", errorCode: "aborted" }]);
    expect(suite.fake.stats().singleSends).toBe(2);
  });

  it("runs as its own process, reached through HERALD_VIVO_ENDPOINT and HERALD_VIVO_CA_FILE", async () => {
    const spawned = await spawnFake(path.join(import.meta.dirname, "../fakes/vivo/server.ts"));
    try {
      const env = { HERALD_VIVO_ENDPOINT: spawned.url, HERALD_VIVO_CA_FILE: spawned.caFile };
      const endpoint = vendorEndpointFromEnv("vivo", "https://api-push.vivo.com.cn", env);
      expect(endpoint.baseUrl).toBe(spawned.url);
      await spawned.control.call("POST /__fake/configure", { marketingCapPerDevice: 1 });
      const vivo = provider(fakeVivoApp, { endpoint });
      await vivo.send(batch([message("reg-1", 0), message("reg-2", 1)], { messageClass: "marketing" }));
      await vivo.send(batch([message("reg-1", 0), message("reg-2", 1)], { messageClass: "marketing" }));
      const stats = await spawned.control.call<VivoStats>("GET /__fake/stats");
      expect(stats).toMatchObject({ listPushes: 2, accepted: 4, delivered: 2, capped: 2 });
    } finally {
      await spawned.stop();
    }
    expect(vendorEndpointFromEnv("vivo", "https://api-push.vivo.com.cn", {})).toEqual({
      baseUrl: "https://api-push.vivo.com.cn",
    });
  });
});
