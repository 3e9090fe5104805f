// The APNs provider (@parse/node-apn over HTTP/2) against the loopback fake APNs server over TLS: the
// JWT and headers Apple checks, the payload (alert, background, image, tracking ids), the 4 KB budget,
// dead tokens (410, 400 BadDeviceToken), retries (429, 500, 503) without duplicates, an expired JWT
// refreshed by node-apn, configuration errors (bad key, bad topic) and the all-zero-token credential
// check. No mocks.
import { generateKeyPairSync, sign } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ApnsSecret } from "@/lib/channels/apns";
import { createApnsProvider, verifyApnsCredential } from "@/server/dispatch/providers/apns/provider";
import { apnsSettingsFromEnv, type ApnsSettings } from "@/server/dispatch/providers/apns/settings";
import { ProviderConfigurationError, type DeliveryOptions } from "@/server/dispatch/providers/types";
import { spawnFake } from "@/tests/fakes/loopback-fake";
import { fakeApnsApp, startFakeApns, type ApnsStats } from "@/tests/fakes/apns/server";
import { batchOf, byDelivery, contractSuite, messageBuilder, outcomes } from "@/tests/support/provider-contract";

const suite = contractSuite(() => startFakeApns());

const settings = (): Partial<ApnsSettings> => ({
  endpoint: { address: "127.0.0.1", port: suite.fake.port, ca: suite.fake.ca },
});
function provider(secret: ApnsSecret = fakeApnsApp, extra: Partial<ApnsSettings> = {}) {
  return suite.track(createApnsProvider({ appId: "app-1", channel: "apns", secret }, { ...settings(), ...extra }));
}

// A device token: 64 hex digits.
const token = (n: number, prefix = "a") =>
  `${prefix}${n.toString(16).padStart(63 - prefix.length + 1, "0")}`.slice(0, 64);
const options: DeliveryOptions = { priority: "high", ttlSeconds: 3600, collapseKey: "breaking" };
const content = { title: "Breaking", body: "Something happened", url: "news://story/1", data: { section: "world" } };
const message = messageBuilder({
  firstDeliveryId: 5000,
  campaignId: "campaign-7",
  variantKey: null,
  locale: "en",
  content,
});
const batch = (tokens: (string | null)[], extra: Partial<DeliveryOptions> = {}) =>
  batchOf(
    "campaign-7",
    options,
    tokens.map((t, i) => ({ ...message(t, i), platform: "ios" as const })),
    extra,
  );

describe("APNs provider against the fake APNs server", () => {
  it("sends one authenticated request per device with Apple's headers and Herald's payload", async () => {
    const tokens = [token(1), token(2), token(3)];
    const started = Math.floor(Date.now() / 1000);
    const results = await provider().send(batch(tokens));
    expect(outcomes(results)).toEqual(["sent", "sent", "sent"]);
    const received = suite.fake.received();
    expect(received.map((push) => push.token).sort()).toEqual([...tokens].sort());
    const first = suite.fake.received(tokens[0])[0]!;
    expect(results[0]).toMatchObject({ outcome: "sent", providerMessageId: first.apnsId });
    expect(first).toMatchObject({
      topic: "com.example.herald",
      pushType: "alert",
      priority: 10,
      collapseId: "breaking",
    });
    expect(first.expiration! - started).toBeGreaterThanOrEqual(3599);
    expect(first.expiration! - started).toBeLessThanOrEqual(3602);
    expect(first.payload).toEqual({
      aps: { alert: { title: "Breaking", body: "Something happened" }, "thread-id": "campaign-7" },
      section: "world",
      url: "news://story/1",
      herald_c: "campaign-7",
      herald_d: "5000",
    });
    // One JWT, one HTTP/2 connection for the whole batch.
    expect(suite.fake.stats()).toMatchObject({ accepted: 3, jwts: 1, sessions: 1 });
  });

  it("keeps its connection across batches and closes it on close()", async () => {
    const apns = provider();
    await apns.send(batch([token(1)]));
    await apns.send(batch([token(2)]));
    expect(suite.fake.stats()).toMatchObject({ accepted: 2, sessions: 1 });
    await apns.close();
    await apns.close();
    await expect(apns.send(batch([token(3)]))).rejects.toThrow(/closed/);
  });

  it("keeps at most streamsPerConnection requests in flight, across the batches sent at once", async () => {
    suite.fake.configure({ latencyMs: 20 });
    const apns = provider(fakeApnsApp, { streamsPerConnection: 5 });
    const results = await Promise.all([
      apns.send(batch(Array.from({ length: 30 }, (_, i) => token(i + 1)))),
      apns.send(batch(Array.from({ length: 30 }, (_, i) => token(i + 101)))),
    ]);
    expect(results.flat().every((result) => result.outcome === "sent")).toBe(true);
    expect(suite.fake.stats()).toMatchObject({ accepted: 60, maxInFlight: 5 });
  });

  it("stops sending when the batch is aborted: what went out is sent, the rest comes back to retry", async () => {
    suite.fake.configure({ latencyMs: 30 });
    const apns = provider(fakeApnsApp, { streamsPerConnection: 2 });
    const controller = new AbortController();
    const sending = apns.send({
      ...batch(Array.from({ length: 20 }, (_, i) => token(i + 1))),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const results = await sending;
    const sent = results.filter((result) => result.outcome === "sent").length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(20);
    expect(
      results.filter((r) => r.outcome === "retry").every((r) => "errorCode" in r && r.errorCode === "aborted"),
    ).toBe(true);
    expect(suite.fake.stats().accepted).toBe(sent);
  });

  it("spreads requests over several connections with connections > 1 (node-apn's MultiProvider)", async () => {
    const apns = provider(fakeApnsApp, { connections: 2 });
    const results = await apns.send(batch(Array.from({ length: 40 }, (_, i) => token(i + 1))));
    expect(outcomes(results).every((outcome) => outcome === "sent")).toBe(true);
    expect(suite.fake.stats()).toMatchObject({ accepted: 40, sessions: 2 });
    await apns.close();
  });

  it("sends normal priority as 5, an image as mutable-content, sound and badge, data-only as background", async () => {
    const apns = provider();
    const image = { ...content, imageUrl: "https://img.example/a.jpg" };
    await apns.send(
      batchOf("campaign-7", options, [{ ...message(token(1), 0, image), platform: "ios" }], {
        priority: "normal",
        sound: "default",
        badge: 3,
        ttlSeconds: 0,
        collapseKey: undefined,
      }),
    );
    const [push] = suite.fake.received(token(1));
    expect(push).toMatchObject({ priority: 5, pushType: "alert", expiration: 0, collapseId: null });
    expect(push!.payload).toMatchObject({
      aps: { sound: "default", badge: 3, "mutable-content": 1 },
      image: "https://img.example/a.jpg",
    });
    await apns.send(
      batchOf("campaign-7", options, [{ ...message(token(2), 1, { title: "", body: "", data: { sync: "1" } }) }]),
    );
    const [background] = suite.fake.received(token(2));
    expect(background).toMatchObject({ pushType: "background", priority: 5 });
    expect(background!.payload).toEqual({
      aps: { "content-available": 1 },
      sync: "1",
      herald_c: "campaign-7",
      herald_d: "5001",
    });
  });

  it("marks 410 Unregistered, BadDeviceToken, DeviceTokenNotForTopic invalid; malformed tokens unsent", async () => {
    suite.fake.configure({ unregistered: [token(2)] });
    suite.fake.script(token(3), [{ status: 400, reason: "DeviceTokenNotForTopic" }]);
    const results = byDelivery(
      await provider().send(batch([token(1), token(2), token(3), "0".repeat(64), "not-hex", null])),
    );
    expect(results["5000"]).toMatchObject({ outcome: "sent" });
    expect(results["5001"]).toEqual({ deliveryId: "5001", outcome: "invalid_token", errorCode: "Unregistered" });
    expect(results["5002"]).toEqual({
      deliveryId: "5002",
      outcome: "invalid_token",
      errorCode: "DeviceTokenNotForTopic",
    });
    expect(results["5003"]).toEqual({ deliveryId: "5003", outcome: "invalid_token", errorCode: "BadDeviceToken" });
    expect(results["5004"]).toEqual({ deliveryId: "5004", outcome: "invalid_token", errorCode: "BadDeviceToken" });
    expect(results["5005"]).toEqual({ deliveryId: "5005", outcome: "invalid_token", errorCode: "MISSING_TOKEN" });
    // The malformed and missing tokens never reached APNs.
    expect(suite.fake.stats().requests).toBe(4);
  });

  it("retries 429, 500 and 503 (node-apn once, then the dispatcher with backoff) without a duplicate", async () => {
    suite.fake.script(token(1), [{ status: 429, reason: "TooManyRequests" }]);
    suite.fake.script(token(2), [
      { status: 503, reason: "ServiceUnavailable" },
      { status: 503, reason: "ServiceUnavailable" },
    ]);
    suite.fake.script(token(3), [
      { status: 429, reason: "TooManyRequests" },
      { status: 429, reason: "TooManyRequests" },
    ]);
    suite.fake.script(token(4), [
      { status: 500, reason: "InternalServerError" },
      { status: 500, reason: "InternalServerError" },
    ]);
    const apns = provider();
    const first = byDelivery(await apns.send(batch([token(1), token(2), token(3), token(4)])));
    // token 1: node-apn's one re-send got through.
    expect(first["5000"]).toMatchObject({ outcome: "sent" });
    expect(first["5001"]).toMatchObject({ outcome: "retry", errorCode: "ServiceUnavailable", retryAfterMs: 5000 });
    expect(first["5002"]).toMatchObject({ outcome: "retry", errorCode: "TooManyRequests", retryAfterMs: 10_000 });
    expect(first["5003"]).toMatchObject({ outcome: "retry", errorCode: "HTTP_500" });
    // The dispatcher sends the retried ones again later: each device gets its push exactly once.
    const again = await apns.send(
      batchOf("campaign-7", options, [message(token(2), 1), message(token(3), 2), message(token(4), 3)]),
    );
    expect(outcomes(again)).toEqual(["sent", "sent", "sent"]);
    expect(suite.fake.stats()).toMatchObject({ accepted: 4, duplicates: 0 });
    for (const n of [1, 2, 3, 4]) expect(suite.fake.received(token(n))).toHaveLength(1);
  });

  it("fails a payload over 4 KB without asking, and reads APNs's own 413 as failed", async () => {
    const big = { ...content, body: "x".repeat(4100) };
    const results = await provider().send(batchOf("campaign-7", options, [message(token(1), 0, big)]));
    expect(results).toEqual([{ deliveryId: "5000", outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" }]);
    expect(suite.fake.stats().requests).toBe(0);
    suite.fake.script(token(2), [{ status: 413, reason: "PayloadTooLarge" }]);
    expect(await provider().send(batch([token(2)]))).toEqual([
      { deliveryId: "5000", outcome: "failed", errorCode: "PayloadTooLarge" },
    ]);
  });

  it("answers raw requests as APNs does: 403 without a valid JWT, 413 over 4096 bytes, 400 BadCollapseId", async () => {
    const http2 = await import("node:http2");
    const session = http2.connect(suite.fake.url, { ca: suite.fake.ca });
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const claims = { iss: fakeApnsApp.teamId, iat: Math.floor(Date.now() / 1000) };
    const unsigned = `${part({ alg: "ES256", kid: fakeApnsApp.keyId })}.${part(claims)}`;
    const signature = sign("sha256", Buffer.from(unsigned), { key: fakeApnsApp.key, dsaEncoding: "ieee-p1363" });
    const jwt = `${unsigned}.${signature.toString("base64url")}`;
    const post = (headers: Record<string, string>, body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const stream = session.request({ ":method": "POST", ":path": `/3/device/${token(1)}`, ...headers });
        let status = 0;
        let text = "";
        stream.on("response", (answer) => (status = Number(answer[":status"])));
        stream.on("data", (chunk: Buffer) => (text += String(chunk)));
        stream.on("end", () => resolve({ status, body: text }));
        stream.on("error", reject);
        stream.end(body);
      });
    const apple = { authorization: `bearer ${jwt}`, "apns-topic": fakeApnsApp.bundleId, "apns-push-type": "alert" };
    try {
      expect(await post({ authorization: "bearer x" }, "{}")).toEqual({
        status: 403,
        body: JSON.stringify({ reason: "InvalidProviderToken" }),
      });
      expect(await post({}, "{}")).toMatchObject({
        status: 403,
        body: JSON.stringify({ reason: "MissingProviderToken" }),
      });
      const large = JSON.stringify({ aps: { alert: "x".repeat(4100) } });
      expect(await post(apple, large)).toEqual({ status: 413, body: JSON.stringify({ reason: "PayloadTooLarge" }) });
      expect(await post({ ...apple, "apns-collapse-id": "c".repeat(65) }, '{"aps":{}}')).toMatchObject({ status: 400 });
      expect(await post({ ...apple, "apns-push-type": "background", "apns-priority": "10" }, '{"aps":{}}')).toEqual({
        status: 400,
        body: JSON.stringify({ reason: "BadPriority" }),
      });
      expect(await post(apple, '{"aps":{"alert":"ok"}}')).toEqual({ status: 200, body: "" });
      expect(suite.fake.stats().errors).toMatchObject({ PayloadTooLarge: 1, BadCollapseId: 1, BadPriority: 1 });
    } finally {
      session.close();
    }
  });

  it("refreshes an expired JWT: 403 ExpiredProviderToken, then node-apn signs a new one, the push goes", async () => {
    const apns = provider();
    await apns.send(batch([token(1)]));
    // As if an hour had passed: the JWT node-apn holds is too old.
    suite.fake.ageTokens();
    const results = await apns.send(batch([token(2)]));
    expect(outcomes(results)).toEqual(["sent"]);
    expect(suite.fake.stats()).toMatchObject({ accepted: 2, jwts: 2, errors: { ExpiredProviderToken: 1 } });
  });

  it("throws a configuration error for another team's key, a wrong key id, a bad topic, an unusable key", async () => {
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    const wrongKey = await provider({ ...fakeApnsApp, key: String(other) })
      .send(batch([token(1), token(2)]))
      .catch((error: unknown) => error);
    expect(wrongKey).toBeInstanceOf(ProviderConfigurationError);
    expect(wrongKey).toMatchObject({ code: "APNS_InvalidProviderToken" });
    await expect(provider({ ...fakeApnsApp, keyId: "ZZZZZZZZZZ" }).send(batch([token(1)]))).rejects.toMatchObject({
      code: "APNS_InvalidProviderToken",
    });
    await expect(provider({ ...fakeApnsApp, bundleId: "com.other.app" }).send(batch([token(1)]))).rejects.toMatchObject(
      {
        code: "APNS_TopicDisallowed",
      },
    );
    expect(() =>
      provider({ ...fakeApnsApp, key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }),
    ).toThrow(ProviderConfigurationError);
    expect(suite.fake.stats().accepted).toBe(0);
  });

  it("refuses a JWT issued in the future or older than an hour by the fake's clock", async () => {
    suite.fake.configure({ clockSkewSeconds: -600 });
    await expect(provider().send(batch([token(1)]))).rejects.toMatchObject({ code: "APNS_InvalidProviderToken" });
    suite.fake.configure({ clockSkewSeconds: 3700 });
    await expect(provider().send(batch([token(1)]))).rejects.toMatchObject({ code: "APNS_ExpiredProviderToken" });
  });

  it("checks a credential with a push to the all-zero token: BadDeviceToken passes, 403 fails", async () => {
    expect(await verifyApnsCredential(fakeApnsApp, settings())).toEqual({ ok: true });
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    expect(await verifyApnsCredential({ ...fakeApnsApp, key: String(other) }, settings())).toMatchObject({
      ok: false,
      code: "APNS_InvalidProviderToken",
    });
    expect(await verifyApnsCredential({ ...fakeApnsApp, bundleId: "com.other.app" }, settings())).toMatchObject({
      ok: false,
      code: "APNS_TopicDisallowed",
    });
    expect(suite.fake.stats()).toMatchObject({ accepted: 0, errors: { BadDeviceToken: 1 } });
  });

  it("runs as its own process, reached through HERALD_APNS_ENDPOINT and HERALD_APNS_CA_FILE", async () => {
    const spawned = await spawnFake(path.join(import.meta.dirname, "../fakes/apns/server.ts"));
    try {
      const env = { HERALD_APNS_ENDPOINT: spawned.url, HERALD_APNS_CA_FILE: spawned.caFile };
      const apns = suite.track(
        createApnsProvider({ appId: "app-1", channel: "apns", secret: fakeApnsApp }, apnsSettingsFromEnv(env)),
      );
      expect(outcomes(await apns.send(batch([token(1), token(2)])))).toEqual(["sent", "sent"]);
      expect(await spawned.control.call<ApnsStats>("GET /__fake/stats")).toMatchObject({ accepted: 2 });
    } finally {
      await spawned.stop();
    }
  });
});
