// The Xiaomi MiPush provider against the loopback fake MiPush over TLS: request shape as MiPush
// validates it, the class fields, the regid batch limit, MiPush's lack of per-regid results (20301 for a
// batch with no valid target; dead regids among live ones count as sent), configuration errors, flow
// control and daily volume, the fake's per-device marketing cap, and the credential check. No mocks.
import { describe, expect, it } from "vitest";
import type { XiaomiSecret } from "@/lib/channels/xiaomi";
import { msUntilChinaMidnight } from "@/server/dispatch/providers/vendor-https";
import {
  createXiaomiProvider,
  verifyXiaomiCredential,
  xiaomiMaxBatch,
} from "@/server/dispatch/providers/xiaomi/provider";
import {
  ProviderConfigurationError,
  type DeliveryOptions,
  type OutgoingBatch,
  type OutgoingMessage,
  type RenderedContent,
} from "@/server/dispatch/providers/types";
import { fakeXiaomiApp, spawnFakeXiaomi, startFakeXiaomi } from "@/tests/fakes/xiaomi/server";
import { batchOf, contractSuite, messageBuilder } from "@/tests/support/provider-contract";

const suite = contractSuite(() => startFakeXiaomi());

const secret: XiaomiSecret = {
  appSecret: fakeXiaomiApp.appSecret,
  packageName: fakeXiaomiApp.packageName,
  serviceChannelId: "120001",
  marketingChannelId: "120002",
};
const settings = () => ({ endpoint: { baseUrl: suite.fake.url, ca: suite.fake.ca } });
const provider = (own: XiaomiSecret = secret) =>
  suite.track(createXiaomiProvider({ appId: "app-1", channel: "xiaomi", secret: own }, settings()));

const content: RenderedContent = { title: "Breaking", body: "Something happened", url: "https://example.com/a" };
const message = messageBuilder({
  firstDeliveryId: 5000,
  campaignId: "campaign-1",
  variantKey: null,
  locale: null,
  content,
});
const batch = (messages: OutgoingMessage[], options: Partial<DeliveryOptions> = {}): OutgoingBatch =>
  batchOf("campaign-1", { priority: "high", ttlSeconds: 3600 }, messages, options);

describe("Xiaomi provider against the fake MiPush", () => {
  it("sends one form request per content with the secret, ms TTL, class channel and click", async () => {
    const results = await provider().send(
      batch([message("reg-a", 1), message("reg-b", 2)], { messageClass: "service", collapseKey: "news" }),
    );
    expect(results.map((r) => r.outcome)).toEqual(["sent", "sent"]);
    expect(results[0]).toMatchObject({ providerMessageId: expect.stringMatching(/^sdm/) });
    const [request] = suite.fake.requests();
    expect(request).toMatchObject({ code: 0, authorization: `key=${secret.appSecret}`, regIds: ["reg-a", "reg-b"] });
    expect(request!.fields).toMatchObject({
      restricted_package_name: "com.example.herald",
      pass_through: "0",
      title: "Breaking",
      description: "Something happened",
      time_to_live: "3600000",
      "extra.channel_id": "120001",
      "extra.notify_effect": "3",
      "extra.web_uri": "https://example.com/a",
    });
    // Two devices share the payload, so it carries the campaign and no single messageId.
    expect(JSON.parse(request!.fields.payload!)).toEqual({ url: "https://example.com/a", herald_c: "campaign-1" });
  });

  it("sends the marketing channel when the class is marketing or unset, and a messageId for one device", async () => {
    await provider().send(batch([message("reg-a", 1)], { messageClass: "marketing" }));
    await provider().send(batch([message("reg-b", 2)]));
    const [first, second] = suite.fake.requests();
    expect(first!.fields["extra.channel_id"]).toBe("120002");
    expect(second!.fields["extra.channel_id"]).toBe("120002");
    expect(JSON.parse(second!.fields.payload!)).toMatchObject({ herald_c: "campaign-1", herald_d: "5002" });
  });

  it("groups by rendered content (variants and locales) and clips title and description", async () => {
    const long: RenderedContent = { title: "标".repeat(60), body: "x".repeat(200) };
    const results = await provider().send(batch([message("reg-a", 1), message("reg-b", 2, long), message("reg-c", 3)]));
    expect(results.map((r) => r.outcome)).toEqual(["sent", "sent", "sent"]);
    const requests = suite.fake.requests();
    expect(requests.map((r) => r.regIds)).toEqual([["reg-a", "reg-c"], ["reg-b"]]);
    expect(Array.from(requests[1]!.fields.title!)).toHaveLength(49);
    expect(requests[1]!.fields.description).toHaveLength(127);
    expect(requests[1]!.fields["extra.notify_effect"]).toBe("1");
  });

  it("sends up to 1,000 regids in one request and refuses a larger batch", async () => {
    const many = Array.from({ length: xiaomiMaxBatch }, (_, i) => message(`reg-${i}`, i));
    const results = await provider().send(batch(many));
    expect(results.every((r) => r.outcome === "sent")).toBe(true);
    expect(suite.fake.requests()).toHaveLength(1);
    expect(suite.fake.requests()[0]!.regIds).toHaveLength(1000);
    await expect(provider().send(batch([...many, message("reg-x", 9999)]))).rejects.toThrow(/at most 1000/);
  });

  it("marks every regid invalid on 20301, and counts dead regids among live ones as sent", async () => {
    const dead = await provider().send(batch([message("bad-1", 1), message("bad-2", 2), message(null, 3)]));
    expect(dead).toEqual([
      { deliveryId: "5001", outcome: "invalid_token", errorCode: "20301" },
      { deliveryId: "5002", outcome: "invalid_token", errorCode: "20301" },
      { deliveryId: "5003", outcome: "invalid_token", errorCode: "MISSING_TOKEN" },
    ]);
    const comma = await provider().send(batch([message("reg-a,reg-b", 4)]));
    expect(comma).toEqual([{ deliveryId: "5004", outcome: "invalid_token", errorCode: "MALFORMED_TOKEN" }]);
    // No per-regid result: MiPush accepts the batch and the dead one shows up only in receipts.
    const mixed = await provider().send(batch([message("bad-1", 1), message("reg-ok", 2)]));
    expect(mixed.map((r) => r.outcome)).toEqual(["sent", "sent"]);
    expect(suite.fake.arrivals().map((a) => a.regId)).toEqual(["reg-ok"]);
  });

  it("throws a configuration error for a wrong secret (21301), package (22022) or channel (27001)", async () => {
    for (const [own, code] of [
      [{ ...secret, appSecret: "wrongSecret000" }, "21301"],
      [{ ...secret, packageName: "com.example.other" }, "22022"],
      [{ ...secret, marketingChannelId: "999" }, "27001"],
    ] as const) {
      const error = await provider(own)
        .send(batch([message("reg-a", 1)]))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderConfigurationError);
      expect((error as ProviderConfigurationError).code).toBe(code);
    }
  });

  it("retries on 10027 (too frequent), 10034 (daily volume), 10002 (busy), 5xx and a dead host", async () => {
    suite.fake.configure({ failNext: [{ code: 10027 }, { code: 10034 }, { code: 10002 }, { http: 503 }] });
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push((await provider().send(batch([message("reg-a", i)])))[0]);
    expect(sent[0]).toMatchObject({ outcome: "retry", errorCode: "10027", retryAfterMs: 1000 });
    expect(sent[1]).toMatchObject({ outcome: "retry", errorCode: "10034", quota: true });
    const wait = (sent[1] as { retryAfterMs: number }).retryAfterMs;
    expect(Math.abs(wait - msUntilChinaMidnight())).toBeLessThan(5000);
    expect(sent[2]).toMatchObject({ outcome: "retry", errorCode: "10002" });
    expect(sent[3]).toMatchObject({ outcome: "retry", errorCode: "HTTP_503" });
    const offline = createXiaomiProvider(
      { appId: "app-1", channel: "xiaomi", secret },
      { endpoint: { baseUrl: "https://127.0.0.1:1", ca: suite.fake.ca } },
    );
    expect((await offline.send(batch([message("reg-a", 1)])))[0]).toMatchObject({
      outcome: "retry",
      errorCode: "NETWORK",
    });
  });

  it("answers 10027 over the request rate and 10034 over the app's daily volume", async () => {
    suite.fake.configure({ maxRequestsPerSecond: 1, nowMs: Date.parse("2026-12-07T03:00:00Z") });
    const first = await provider().send(batch([message("reg-a", 1)]));
    const second = await provider().send(batch([message("reg-b", 2)]));
    expect([first[0]!.outcome, second[0]]).toEqual(["sent", expect.objectContaining({ errorCode: "10027" })]);
    suite.fake.reset();
    suite.fake.configure({ dailyVolume: 2 });
    const over = await provider().send(batch([message("reg-a", 1), message("reg-b", 2), message("reg-c", 3)]));
    expect(over.map((r) => r.outcome === "retry" && r.errorCode)).toEqual(["10034", "10034", "10034"]);
  });

  it("holds back marketing arrivals over the per-device daily cap, never service ones", async () => {
    suite.fake.configure({ marketingPerDeviceDaily: 5, nowMs: Date.parse("2026-12-07T03:00:00Z") });
    // One campaign each (a campaign's repeats would be dropped as duplicates by their jobkey).
    const push = (i: number, messageClass: "service" | "marketing") =>
      provider().send({
        ...batch([message("reg-a", i)], { messageClass }),
        campaignId: `campaign-${messageClass}-${i}`,
      });
    for (let i = 0; i < 6; i++) await push(i, "marketing");
    for (let i = 0; i < 6; i++) await push(i, "service");
    const arrivals = suite.fake.arrivals("reg-a");
    expect(arrivals.filter((a) => a.messageClass === "marketing").map((a) => a.dropped)).toEqual([
      null,
      null,
      null,
      null,
      null,
      "device_cap",
    ]);
    expect(arrivals.filter((a) => a.messageClass === "service").every((a) => a.dropped === null)).toBe(true);
    // A new China day starts a new count (16:00 UTC is midnight in Beijing).
    suite.fake.configure({ nowMs: Date.parse("2026-12-07T16:00:01Z") });
    await push(99, "marketing");
    expect(suite.fake.arrivals("reg-a").at(-1)).toMatchObject({ day: "2026-12-08", dropped: null });
  });

  it("retries a request cut off by abort or timeout, and the device shows the message once (jobkey)", async () => {
    suite.fake.configure({ latencyMs: 300 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await provider().send({ ...batch([message("reg-a", 1)]), signal: controller.signal });
    expect(aborted[0]).toEqual({ deliveryId: "5001", outcome: "retry", errorCode: "aborted" });
    const slow = createXiaomiProvider({ appId: "app-1", channel: "xiaomi", secret }, { ...settings(), timeoutMs: 100 });
    expect((await slow.send(batch([message("reg-a", 1)])))[0]).toMatchObject({
      outcome: "retry",
      errorCode: "TIMEOUT",
    });
    suite.fake.configure({ latencyMs: 0 });
    expect((await provider().send(batch([message("reg-a", 1)])))[0]!.outcome).toBe("sent");
    // MiPush accepted all three; the device showed the first and dropped the others by their jobkey.
    expect(suite.fake.arrivals("reg-a").map((a) => a.dropped)).toEqual([null, "duplicate", "duplicate"]);
    expect(new Set(suite.fake.requests().map((r) => r.fields["extra.jobkey"])).size).toBe(1);
  });

  it("checks a credential with a send to no valid target (20301 means good)", async () => {
    await expect(verifyXiaomiCredential(secret, settings())).resolves.toEqual({ ok: true });
    expect(suite.fake.arrivals()).toHaveLength(0);
    expect(suite.fake.requests()[0]).toMatchObject({ code: 20301 });
    await expect(verifyXiaomiCredential({ ...secret, appSecret: "wrongSecret000" }, settings())).resolves.toMatchObject(
      { ok: false, code: "21301" },
    );
    await expect(
      verifyXiaomiCredential({ ...secret, packageName: "com.other.app" }, settings()),
    ).resolves.toMatchObject({ ok: false, code: "22022" });
  });

  it("reaches the fake running as its own process", async () => {
    const child = await spawnFakeXiaomi();
    try {
      const own = createXiaomiProvider(
        { appId: "app-1", channel: "xiaomi", secret },
        { endpoint: { baseUrl: child.url, ca: child.ca } },
      );
      await child.configure({ invalidPrefixes: ["gone-"] });
      expect((await own.send(batch([message("gone-1", 1)])))[0]).toMatchObject({ outcome: "invalid_token" });
      expect((await own.send(batch([message("reg-1", 2)])))[0]).toMatchObject({ outcome: "sent" });
      expect(await child.stats()).toMatchObject({ requests: 2, accepted: 1, errors: { "20301": 1 } });
    } finally {
      await child.stop();
    }
  });
});
