// The OPPO Push provider against the loopback fake OPPO Push over TLS: the signed auth call and token
// reuse, request shape as OPPO validates it (JSON inside form fields, seconds TTL, class fields), single
// and batch unicast with the batch limit, per-item errorCodes under a code-0 answer, token expiry
// mid-send (one refresh, nothing lost), flow control / quota / 5xx as retries, configuration errors,
// the fake's per-device marketing cap, and the credential check. No mocks.
import { describe, expect, it } from "vitest";
import type { DeviceChannel } from "@/lib/channels";
import { oppoChannel, type OppoSecret } from "@/lib/channels/oppo";
import { clearOppoTokens } from "@/server/dispatch/providers/oppo/auth";
import {
  createOppoProvider,
  oppoBatchPath,
  oppoMaxBatch,
  oppoUnicastPath,
  verifyOppoCredential,
} from "@/server/dispatch/providers/oppo/provider";
import {
  ProviderConfigurationError,
  type DeliveryOptions,
  type OutgoingBatch,
  type OutgoingMessage,
  type RenderedContent,
} from "@/server/dispatch/providers/types";
import { fakeOppoApp, spawnFakeOppo, startFakeOppo } from "@/tests/fakes/oppo/server";
import { batchOf, contractSuite, messageBuilder } from "@/tests/support/provider-contract";

const suite = contractSuite(() => startFakeOppo(), [clearOppoTokens]);

// "oppo" joins the device channels with the addresses work; until then the id is cast here only.
const channel = oppoChannel.id as DeviceChannel;
const secret: OppoSecret = {
  appKey: fakeOppoApp.appKey,
  masterSecret: fakeOppoApp.masterSecret,
  serviceChannelId: "herald_service",
};
const settings = () => ({ endpoint: { baseUrl: suite.fake.url, ca: suite.fake.ca } });
const provider = (own: OppoSecret = secret) =>
  suite.track(createOppoProvider({ appId: "app-1", channel, secret: own }, settings()));

const content: RenderedContent = { title: "Sale", body: "Everything half price" };
const build = messageBuilder({
  firstDeliveryId: 7000,
  campaignId: "campaign-1",
  variantKey: null,
  locale: null,
  content,
});
const message = (token: string | null, index: number, url?: string): OutgoingMessage =>
  build(token, index, url ? { ...content, url } : content);
const batch = (messages: OutgoingMessage[], options: Partial<DeliveryOptions> = {}): OutgoingBatch =>
  batchOf("campaign-1", { priority: "normal", ttlSeconds: 7200 }, messages, options);
type Sent = { notification: Record<string, unknown>; target_value: string };

describe("OPPO provider against the fake OPPO Push", () => {
  it("authenticates once and reuses the token across sends and provider instances", async () => {
    await provider().send(batch([message("reg-a", 1)]));
    await provider().send(batch([message("reg-b", 2), message("reg-c", 3)]));
    await Promise.all([provider().send(batch([message("reg-d", 4)])), provider().send(batch([message("reg-e", 5)]))]);
    expect(suite.fake.stats()).toMatchObject({ auths: 1, requests: 4, arrivals: 5 });
  });

  it("fetches the token once for concurrent first sends", async () => {
    await Promise.all([1, 2, 3].map((i) => provider().send(batch([message(`reg-${i}`, i)]))));
    expect(suite.fake.stats().auths).toBe(1);
  });

  it("sends one device by unicast and several by unicast_batch, JSON inside the form, TTL in seconds", async () => {
    const one = await provider().send(
      batch([message("reg-a", 1, "https://example.com/x")], { messageClass: "service" }),
    );
    expect(one[0]).toMatchObject({ outcome: "sent", providerMessageId: expect.stringMatching(/fake$/) });
    await provider().send(batch([message("reg-b", 2, "myapp://news/1"), message("reg-c", 3)]));
    const [single, many] = suite.fake.requests();
    expect(single!.path).toBe(oppoUnicastPath);
    expect(many!.path).toBe(oppoBatchPath);
    const first = single!.messages[0] as Sent;
    expect(first).toMatchObject({ target_type: 2, target_value: "reg-a" });
    expect(first.notification).toMatchObject({
      app_message_id: "7001",
      title: "Sale",
      content: "Everything half price",
      click_action_type: 2,
      click_action_url: "https://example.com/x",
      off_line: true,
      off_line_ttl: 7200,
      category: "SUBSCRIPTION",
      notify_level: 2,
      channel_id: "herald_service",
    });
    expect(JSON.parse(first.notification.action_parameters as string)).toEqual({
      url: "https://example.com/x",
      herald_c: "campaign-1",
      herald_d: "7001",
    });
    const [deepLink, plain] = many!.messages as Sent[];
    expect(deepLink!.notification).toMatchObject({ click_action_type: 5, category: "MARKETING", notify_level: 1 });
    expect(deepLink!.notification).not.toHaveProperty("channel_id");
    expect(plain!.notification).toMatchObject({ click_action_type: 0 });
  });

  it("sends 1,000 messages in one batch and refuses more", async () => {
    const many = Array.from({ length: oppoMaxBatch }, (_, i) => message(`reg-${i}`, i));
    const results = await provider().send(batch(many));
    expect(results.every((r) => r.outcome === "sent")).toBe(true);
    expect(suite.fake.requests()).toHaveLength(1);
    await expect(provider().send(batch([...many, message("reg-x", 5000)]))).rejects.toThrow(/at most 1000/);
  });

  it("marks only the bad addresses of a code-0 batch answer invalid", async () => {
    const results = await provider().send(
      batch([message("reg-a", 1), message("bad-1", 2), message("reg-b", 3), message(null, 4)]),
    );
    expect(results).toEqual([
      expect.objectContaining({ deliveryId: "7001", outcome: "sent" }),
      { deliveryId: "7002", outcome: "invalid_token", errorCode: "10000" },
      expect.objectContaining({ deliveryId: "7003", outcome: "sent" }),
      { deliveryId: "7004", outcome: "invalid_token", errorCode: "MISSING_TOKEN" },
    ]);
    expect(suite.fake.stats().itemErrors).toEqual({ "10000": 1 });
    suite.fake.configure({ batchDataAsString: true });
    const again = await provider().send(batch([message("bad-3", 8), message("reg-c", 9)]));
    expect(again.map((r) => r.outcome)).toEqual(["invalid_token", "sent"]);
    expect((await provider().send(batch([message("bad-2", 5)])))[0]).toMatchObject({ errorCode: "10000" });
  });

  it("refreshes an expired token once mid-send and loses no message", async () => {
    await provider().send(batch([message("reg-a", 1)]));
    suite.fake.expireTokens();
    const results = await provider().send(batch([message("reg-b", 2), message("reg-c", 3)]));
    expect(results.map((r) => r.outcome)).toEqual(["sent", "sent"]);
    expect(suite.fake.requests().map((r) => r.code)).toEqual([0, 11, 0]);
    expect(suite.fake.stats()).toMatchObject({ auths: 2, arrivals: 3 });
  });

  it("retries on flow control (-2), daily quota (33), 5xx and an auth server failure", async () => {
    suite.fake.configure({ failNext: [{ code: -2 }, { code: 33 }, { http: 502 }] });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await provider().send(batch([message("reg-a", i)])))[0]);
    expect(answers[0]).toMatchObject({ outcome: "retry", errorCode: "-2", retryAfterMs: 1000 });
    expect(answers[1]).toMatchObject({
      outcome: "retry",
      errorCode: "33",
      retryAfterMs: expect.any(Number),
      quota: true,
    });
    expect(answers[2]).toMatchObject({ outcome: "retry", errorCode: "HTTP_502" });
    clearOppoTokens();
    suite.fake.configure({ authFailNext: [{ http: 503 }] });
    expect((await provider().send(batch([message("reg-a", 9)])))[0]).toMatchObject({ outcome: "retry" });
    expect((await provider().send(batch([message("reg-a", 10)])))[0]).toMatchObject({ outcome: "sent" });
  });

  it("answers -2 over the request rate, and 33 per item once the daily marketing quota is spent", async () => {
    // A frozen clock (near the real one: auth checks the timestamp) puts both requests in one second.
    suite.fake.configure({ maxRequestsPerSecond: 1, nowMs: Date.now() });
    await provider().send(batch([message("reg-a", 1)]));
    expect((await provider().send(batch([message("reg-b", 2)])))[0]).toMatchObject({ errorCode: "-2" });
    suite.fake.reset();
    clearOppoTokens();
    suite.fake.configure({ dailyMarketingQuota: 2 });
    const results = await provider().send(batch([message("reg-a", 1), message("reg-b", 2), message("reg-c", 3)]));
    expect(results.map((r) => (r.outcome === "retry" ? r.errorCode : r.outcome))).toEqual(["sent", "sent", "33"]);
    // Service messages do not draw on the marketing quota.
    const service = await provider().send(batch([message("reg-d", 4)], { messageClass: "service" }));
    expect(service[0]!.outcome).toBe("sent");
  });

  it("throws configuration errors for a wrong master secret (16), app key (14) or private channel (67)", async () => {
    for (const [own, code, options] of [
      [{ ...secret, masterSecret: "wrongMasterSecret" }, "16", {}],
      [{ ...secret, appKey: "unknownKey01" }, "14", {}],
      [{ ...secret, serviceChannelId: "not_ours" }, "67", { messageClass: "service" as const }],
    ] as const) {
      clearOppoTokens();
      const error = await provider(own)
        .send(batch([message("reg-a", 1), message("reg-b", 2)], options))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderConfigurationError);
      expect((error as ProviderConfigurationError).code).toBe(code);
    }
  });

  it("holds back marketing arrivals over the per-device daily cap", async () => {
    suite.fake.configure({ marketingPerDeviceDaily: 2 });
    for (let i = 0; i < 3; i++) await provider().send(batch([message("reg-a", i)]));
    await provider().send(batch([message("reg-a", 9)], { messageClass: "service" }));
    expect(suite.fake.arrivals("reg-a").map((a) => [a.messageClass, a.dropped])).toEqual([
      ["marketing", null],
      ["marketing", null],
      ["marketing", "device_cap"],
      ["service", null],
    ]);
  });

  it("retries a request cut off by abort or timeout, and OPPO pushes it once (app_message_id)", async () => {
    await provider().send(batch([message("reg-z", 0)]));
    suite.fake.configure({ latencyMs: 300 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await provider().send({ ...batch([message("reg-a", 1)]), signal: controller.signal });
    expect(aborted[0]).toEqual({ deliveryId: "7001", outcome: "retry", errorCode: "aborted" });
    const slow = createOppoProvider({ appId: "app-1", channel, secret }, { ...settings(), timeoutMs: 100 });
    expect((await slow.send(batch([message("reg-a", 1)])))[0]).toMatchObject({
      outcome: "retry",
      errorCode: "TIMEOUT",
    });
    suite.fake.configure({ latencyMs: 0 });
    expect((await provider().send(batch([message("reg-a", 1)])))[0]!.outcome).toBe("sent");
    expect(suite.fake.arrivals("reg-a").map((a) => a.dropped)).toEqual([null, "duplicate", "duplicate"]);
  });

  it("checks a credential with a fresh auth call", async () => {
    await expect(verifyOppoCredential(secret, settings())).resolves.toEqual({ ok: true });
    await expect(
      verifyOppoCredential({ ...secret, masterSecret: "wrongMasterSecret" }, settings()),
    ).resolves.toMatchObject({
      ok: false,
      code: "16",
    });
    expect(suite.fake.stats()).toMatchObject({ auths: 2, requests: 0 });
  });

  it("reaches the fake running as its own process", async () => {
    const child = await spawnFakeOppo();
    try {
      const own = createOppoProvider(
        { appId: "app-1", channel, secret },
        { endpoint: { baseUrl: child.url, ca: child.ca } },
      );
      await child.configure({ invalidPrefixes: ["gone-"] });
      const results = await own.send(batch([message("gone-1", 1), message("reg-1", 2)]));
      expect(results.map((r) => r.outcome)).toEqual(["invalid_token", "sent"]);
      await child.expireTokens();
      expect((await own.send(batch([message("reg-2", 3)])))[0]!.outcome).toBe("sent");
      expect(await child.stats()).toMatchObject({ auths: 2, arrivals: 2 });
    } finally {
      await child.stop();
    }
  });
});
