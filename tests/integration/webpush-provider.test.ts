// The Web Push provider (web-push library) against the loopback fake push service over TLS: the fake
// checks each push's VAPID header, TTL, encoding and size and DECRYPTS it with the subscription's own
// private key, so these tests prove a browser could read exactly the JSON Herald sent. Then the push
// service's answers: 404/410 invalid, 429 retried after Retry-After, 413 and 400 failed, 401/403
// configuration errors, 5xx retried; the payload budget; Topic; the credential check. No mocks.
import { describe, expect, it } from "vitest";
import type { WebPushSecret } from "@/lib/channels/webpush";
import { webpushChannel } from "@/lib/channels/webpush";
import { createWebPushProvider, webpushMaxBatch } from "@/server/dispatch/providers/webpush/provider";
import { webpushTopic } from "@/server/dispatch/providers/webpush/message";
import {
  generateVapidKeys,
  vapidKeyPairProblem,
  verifyWebPushCredential,
} from "@/server/dispatch/providers/webpush/vapid";
import {
  ProviderConfigurationError,
  type DeliveryOptions,
  type OutgoingBatch,
  type OutgoingMessage,
  type RenderedContent,
} from "@/server/dispatch/providers/types";
import { startFakeWebPush, subscriptionTokenOf, type FakeWebPush } from "@/tests/fakes/webpush/server";
import { batchOf, contractSuite, messageBuilder } from "@/tests/support/provider-contract";

const suite = contractSuite<FakeWebPush>(() => startFakeWebPush());

const secret: WebPushSecret = { subject: "mailto:ops@news.example", ...generateVapidKeys() };
const provider = (own: WebPushSecret = secret, perBatchConcurrency = 8) =>
  suite.track(
    createWebPushProvider(
      { appId: "app-1", channel: "webpush", secret: own },
      { ca: suite.fake.ca, perBatchConcurrency },
    ),
  );

const content: RenderedContent = {
  title: "Breaking: 地震",
  body: "Something happened — read more 😀",
  url: "https://news.example/a/1",
  imageUrl: "https://news.example/a/1.jpg",
  data: { section: "world" },
};
const message = messageBuilder({
  firstDeliveryId: 7000,
  campaignId: "c0ffee00-0000-4000-8000-000000000001",
  variantKey: null,
  locale: "en",
  content,
});
const batch = (messages: OutgoingMessage[], options: Partial<DeliveryOptions> = {}): OutgoingBatch =>
  batchOf("c0ffee00-0000-4000-8000-000000000001", { priority: "high", ttlSeconds: 3600 }, messages, options);
// A subscription the fake made for this app's key, as Herald stores it.
const subscribe = (key: string | null = secret.publicKey) => {
  const subscription = suite.fake.subscribe(key);
  return { subscription, token: subscriptionTokenOf(subscription) };
};

describe("Web Push provider against the fake push service", () => {
  it("encrypts each message for its own subscription: the browser decrypts exactly the JSON sent", async () => {
    const a = subscribe();
    const b = subscribe();
    const results = await provider().send(batch([message(a.token, 1), message(b.token, 2)], { collapseKey: "quake" }));
    expect(results.map((r) => r.outcome)).toEqual(["sent", "sent"]);
    expect(results[0]).toMatchObject({
      deliveryId: "7001",
      providerMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const [readByA] = suite.fake.received(a.subscription.id);
    expect(readByA).toEqual({
      title: content.title,
      body: content.body,
      image: content.imageUrl,
      url: content.url,
      tag: "quake",
      data: { section: "world", herald_c: "c0ffee00-0000-4000-8000-000000000001", herald_d: "7001" },
    });
    expect(suite.fake.received(b.subscription.id)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ herald_d: "7002" }) }),
    ]);
    const [record] = suite.fake.records(a.subscription.id);
    expect(record).toMatchObject({ status: 201, ttl: 3600, urgency: "high", topic: "quake" });
    expect(record!.vapid).toMatchObject({ aud: suite.fake.url, sub: secret.subject, publicKey: secret.publicKey });
    expect(record!.vapid!.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 24 * 3600);
  });

  it("sends normal urgency, the four-week default TTL, and a hashed Topic for a long collapse key", async () => {
    const a = subscribe();
    const long = "sports/world-cup-final-2026-live-updates";
    await provider().send(
      batch([message(a.token, 1)], { priority: "normal", ttlSeconds: undefined, collapseKey: long }),
    );
    const [record] = suite.fake.records(a.subscription.id);
    expect(record).toMatchObject({ status: 201, urgency: "normal", ttl: 2_419_200, topic: webpushTopic(long) });
    expect(record!.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(webpushTopic(long)).toBe(webpushTopic(long));
  });

  it("marks 404 and 410 subscriptions invalid and sends the rest", async () => {
    const live = subscribe();
    const unknown = {
      token: subscriptionTokenOf({ ...subscribe().subscription, endpoint: `${suite.fake.url}/push/nosuch` }),
    };
    const revoked = subscribe();
    suite.fake.unsubscribe(revoked.subscription.id);
    const results = await provider().send(
      batch([message(live.token, 1), message(unknown.token, 2), message(revoked.token, 3)]),
    );
    expect(results).toEqual([
      expect.objectContaining({ outcome: "sent" }),
      { deliveryId: "7002", outcome: "invalid_token", errorCode: "HTTP_404" },
      { deliveryId: "7003", outcome: "invalid_token", errorCode: "HTTP_410" },
    ]);
  });

  it("retries 429 with the push service's Retry-After, and 5xx; 413 and 400 fail", async () => {
    const limited = subscribe();
    const busy = subscribe();
    const large = subscribe();
    const bad = subscribe();
    suite.fake.script(limited.subscription.id, [{ status: 429, retryAfter: "17" }]);
    suite.fake.script(busy.subscription.id, [{ status: 503 }]);
    suite.fake.script(large.subscription.id, [{ status: 413 }]);
    suite.fake.script(bad.subscription.id, [{ status: 400 }]);
    const results = await provider().send(
      batch([message(limited.token, 1), message(busy.token, 2), message(large.token, 3), message(bad.token, 4)]),
    );
    expect(results).toEqual([
      { deliveryId: "7001", outcome: "retry", errorCode: "HTTP_429", retryAfterMs: 17_000 },
      { deliveryId: "7002", outcome: "retry", errorCode: "HTTP_503" },
      { deliveryId: "7003", outcome: "failed", errorCode: "HTTP_413" },
      { deliveryId: "7004", outcome: "failed", errorCode: "HTTP_400" },
    ]);
    // The retry goes through once the push service takes it again: one arrival, no duplicate.
    const again = await provider().send(batch([message(limited.token, 1)]));
    expect(again[0]!.outcome).toBe("sent");
    expect(suite.fake.received(limited.subscription.id)).toHaveLength(1);
  });

  it("throws a configuration error when the push service refuses the VAPID key (403, 401)", async () => {
    const other = subscribe(generateVapidKeys().publicKey);
    await expect(provider().send(batch([message(other.token, 1)]))).rejects.toMatchObject({
      name: "ProviderConfigurationError",
      code: "VAPID_403",
    });
    const mine = subscribe();
    // A pair whose private key is not the public key's: the JWT does not verify with k.
    const mixed = { ...secret, privateKey: generateVapidKeys().privateKey };
    const error = await provider(mixed)
      .send(batch([message(mine.token, 1)]))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect(error).toMatchObject({ code: "VAPID_401" });
    expect(suite.fake.received(mine.subscription.id)).toEqual([]);
  });

  it("refuses malformed tokens and payloads over the budget without a request", async () => {
    const a = subscribe();
    const huge: RenderedContent = { title: "T", body: "x".repeat(webpushChannel.payloadBytes) };
    const results = await provider().send(batch([message("not json", 1), message(null, 2), message(a.token, 3, huge)]));
    expect(results).toEqual([
      { deliveryId: "7001", outcome: "invalid_token", errorCode: "MALFORMED_TOKEN" },
      { deliveryId: "7002", outcome: "invalid_token", errorCode: "MISSING_TOKEN" },
      { deliveryId: "7003", outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" },
    ]);
    expect(suite.fake.stats().requests).toBe(0);
  });

  it("sends a payload just within the budget, which the fake still decrypts (ciphertext <= 3072 B)", async () => {
    const a = subscribe();
    const probe = { title: "T", body: "" };
    const overhead = JSON.stringify({
      ...probe,
      data: { herald_c: "c0ffee00-0000-4000-8000-000000000001", herald_d: "7001" },
    }).length;
    const body = "é".repeat(Math.floor((webpushChannel.payloadBytes - overhead) / 2));
    const results = await provider().send(batch([message(a.token, 1, { title: "T", body })]));
    expect(results[0]!.outcome).toBe("sent");
    const [record] = suite.fake.records(a.subscription.id);
    expect(record!.bytes).toBeLessThanOrEqual(3072);
    expect((suite.fake.received(a.subscription.id)[0] as { body: string }).body).toBe(body);
  });

  it("keeps at most the batch limit and sends a full batch with bounded concurrency", async () => {
    const subs = Array.from({ length: 120 }, () => subscribe());
    const results = await provider(secret, 16).send(batch(subs.map((s, i) => message(s.token, i))));
    expect(results.every((r) => r.outcome === "sent")).toBe(true);
    expect(new Set(results.map((r) => r.deliveryId)).size).toBe(120);
    expect(suite.fake.stats().accepted).toBe(120);
    const tooMany = Array.from({ length: webpushMaxBatch + 1 }, (_, i) => message(subs[0]!.token, i));
    await expect(provider().send(batch(tooMany))).rejects.toThrow(/at most 500/);
  });

  it("checks a credential by its key pair and a signed header, without a push", async () => {
    await expect(verifyWebPushCredential(secret)).resolves.toEqual({ ok: true });
    await expect(
      verifyWebPushCredential({ ...secret, privateKey: generateVapidKeys().privateKey }),
    ).resolves.toMatchObject({
      ok: false,
      code: "VAPID_KEY_MISMATCH",
    });
    await expect(verifyWebPushCredential({ ...secret, publicKey: "AAAA" })).resolves.toMatchObject({
      ok: false,
      code: "VAPID_KEY_INVALID",
    });
    expect(vapidKeyPairProblem(secret.publicKey, secret.privateKey)).toBeNull();
    expect(suite.fake.stats().requests).toBe(0);
  });
});
