// The FCM provider with firebase-admin's real code (token fetch, message validation, HTTP/2
// requests, error parsing) against the loopback fake FCM v1 server. No mocks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fcmMessage } from "@/lib/campaigns/provider-payloads";
import { setFcmEndpoint } from "@/server/dispatch/providers/fcm/endpoint";
import { FcmConfigurationError, createFcmProvider } from "@/server/dispatch/providers/fcm/provider";
import {
  ProviderConfigurationError,
  type DeliveryOptions,
  type OutgoingBatch,
  type OutgoingMessage,
  type PushProvider,
  type SendResult,
} from "@/server/dispatch/providers/types";
import { defaultBehaviour, permanentFaultFor, startFakeFcm, type FakeFcm } from "@/tests/fakes/fcm/server";
import { spawnFakeFcm } from "@/tests/fakes/fcm/process";
import { fakeServiceAccount } from "@/tests/fakes/fcm/service-account";
import { testBatch, testMessage } from "@/tests/support/provider-batch";

let fake: FakeFcm;
const providers: PushProvider[] = [];

beforeAll(async () => {
  fake = await startFakeFcm();
  setFcmEndpoint({ url: fake.url, ca: fake.ca });
});
afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.close()));
  await fake.reset();
});
afterAll(async () => {
  setFcmEndpoint(undefined);
  await fake.close();
});

function provider(settings: Parameters<typeof createFcmProvider>[1] = {}, secret = fakeServiceAccount()) {
  const created = createFcmProvider({ appId: "app-1", channel: "fcm", secret }, settings);
  providers.push(created);
  return created;
}

const options: DeliveryOptions = {
  priority: "high",
  ttlSeconds: 3600,
  collapseKey: "breaking",
  sound: "default",
  badge: 3,
};

function message(
  token: string | null,
  index: number,
  content: Partial<OutgoingMessage["content"]> = {},
): OutgoingMessage {
  return testMessage(token, index, {
    title: "Storm warning",
    body: `Message ${index}`,
    url: "https://news.example/storm",
    ...content,
  });
}

function batch(tokens: (string | null)[], extra: Partial<OutgoingBatch> = {}): OutgoingBatch {
  return {
    ...testBatch(
      options,
      tokens.map((token, index) => message(token, index)),
    ),
    ...extra,
  };
}

const byDelivery = (results: SendResult[]) => Object.fromEntries(results.map((result) => [result.deliveryId, result]));

describe("FCM provider against the fake FCM v1 server", () => {
  it.each([0, 2])("sends every message and returns FCM's message names (pooled sessions: %i)", async (sessions) => {
    const tokens = Array.from({ length: 120 }, (_, i) => `token-${i}`);
    const fcm = provider({ sessions });
    const first = await fcm.send(batch(tokens));
    const second = await fcm.send(batch(tokens.slice(0, 10)));
    expect(first).toHaveLength(120);
    expect(first.every((result) => result.outcome === "sent")).toBe(true);
    expect(first[0]).toMatchObject({
      deliveryId: "1000",
      outcome: "sent",
      providerMessageId: expect.stringMatching(/^projects\/herald-test\/messages\/0:\d+%/),
    });
    expect(new Set(first.map((result) => result.outcome === "sent" && result.providerMessageId)).size).toBe(120);
    expect(second.every((result) => result.outcome === "sent")).toBe(true);
    const stats = await fake.stats();
    expect(stats.accepted).toBe(130);
    // firebase-admin alone opens a session per call; the pool keeps its sessions across calls.
    if (sessions === 0) expect(stats.sessions).toBe(2);
    else expect(stats.sessions).toBeLessThanOrEqual(2);
    expect(fcm.limits).toEqual({ maxBatch: 500, maxPayloadBytes: 4096, concurrency: 8 });
  });

  it("maps UNREGISTERED and an invalid token to invalid_token, bad content to failed", async () => {
    const results = byDelivery(await provider().send(batch(["bad-1", "malformed-2", "token-3"])));
    expect(results["1000"]).toEqual({ deliveryId: "1000", outcome: "invalid_token", errorCode: "UNREGISTERED" });
    expect(results["1001"]).toEqual({ deliveryId: "1001", outcome: "invalid_token", errorCode: "INVALID_ARGUMENT" });
    expect(results["1002"]!.outcome).toBe("sent");

    const reserved = { ...batch(["token-4"]), messages: [message("token-4", 0, { data: { from: "newsroom" } })] };
    expect(await provider().send(reserved)).toEqual([
      { deliveryId: "1000", outcome: "failed", errorCode: "INVALID_ARGUMENT" },
    ]);
  });

  it("answers a missing token and an oversized payload without asking FCM", async () => {
    const big = { ...batch([]), messages: [message(null, 0), message("token-1", 1, { body: "x".repeat(5000) })] };
    expect(await provider().send(big)).toEqual([
      { deliveryId: "1000", outcome: "invalid_token", errorCode: "MISSING_TOKEN" },
      { deliveryId: "1001", outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" },
    ]);
    expect((await fake.stats()).requests).toBe(0);
  });

  it(
    "retries QUOTA_EXCEEDED after Retry-After (at least a minute) and 503/500 once, " + "honouring Retry-After",
    async () => {
      await fake.configure({ retryAfterSeconds: 90 });
      const quota = byDelivery(await provider().send(batch(["quota-1", "token-2"])));
      expect(quota["1000"]).toEqual({
        deliveryId: "1000",
        outcome: "retry",
        errorCode: "QUOTA_EXCEEDED",
        retryAfterMs: 90_000,
      });
      expect(quota["1001"]!.outcome).toBe("sent");

      await fake.configure({ retryAfterSeconds: 5 });
      const results = byDelivery(await provider().send(batch(["quota-1", "unavailable-2", "internal-3"])));
      expect(results["1000"]).toMatchObject({ outcome: "retry", errorCode: "QUOTA_EXCEEDED", retryAfterMs: 60_000 });
      expect(results["1001"]).toMatchObject({ outcome: "retry", errorCode: "UNAVAILABLE", retryAfterMs: 5000 });
      expect(results["1002"]).toMatchObject({ outcome: "retry", errorCode: "INTERNAL" });
      // firebase-admin's own retries are off: one request per message reached FCM.
      const records = await fake.tokens({ tokens: ["unavailable-2", "internal-3"] });
      expect(records.map((record) => record.received)).toEqual([1, 1]);
    },
  );

  it("retries without a delay when FCM sends no Retry-After", async () => {
    await fake.configure({ retryAfterSeconds: null });
    expect(await provider().send(batch(["unavailable-1"]))).toEqual([
      { deliveryId: "1000", outcome: "retry", errorCode: "UNAVAILABLE" },
    ]);
  });

  it("turns a request FCM never answers into a retry after the request deadline", async () => {
    const started = Date.now();
    const results = byDelivery(await provider({ requestTimeoutMs: 300 }).send(batch(["hang-1", "token-2"])));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(results["1000"]).toEqual({ deliveryId: "1000", outcome: "retry", errorCode: "TIMEOUT" });
    expect(results["1001"]!.outcome).toBe("sent");
  });

  it("throws a configuration error for SENDER_ID_MISMATCH, with the answers the batch did get", async () => {
    const fcm = provider();
    const error = await fcm.send(batch(["token-1", "mismatch-2"])).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect(error).toMatchObject({ code: "SENDER_ID_MISMATCH" });
    expect((error as FcmConfigurationError).results.map((result) => result.outcome)).toEqual(["sent", "retry"]);
  });

  it("throws a configuration error for THIRD_PARTY_AUTH_ERROR and for a key Google refuses", async () => {
    await expect(provider().send(batch(["apnsauth-1"]))).rejects.toMatchObject({
      name: "ProviderConfigurationError",
      code: "THIRD_PARTY_AUTH_ERROR",
    });
    const revoked = fakeServiceAccount("herald-test", "revoked@herald-test.iam.gserviceaccount.com");
    await fake.configure({ rejectClientEmails: [revoked.client_email] });
    await expect(provider({}, revoked).send(batch(["token-1"]))).rejects.toMatchObject({ code: "INVALID_CREDENTIAL" });
    expect(() =>
      createFcmProvider({
        appId: "app-1",
        channel: "fcm",
        secret: { ...revoked, private_key: "-----BEGIN PRIVATE KEY-----\nnot a key\n" },
      }),
    ).toThrow(ProviderConfigurationError);
  });

  it("sends the notification, data, Android, APNs and Web Push blocks the payload budget measured", async () => {
    const content = {
      title: "Storm",
      body: "Stay in",
      imageUrl: "https://cdn.example/storm.png",
      url: "https://news.example/storm",
      data: { section: "weather" },
    };
    const sent = { ...batch([]), messages: [{ ...message("token-1", 0), content }] };
    const before = Math.floor(Date.now() / 1000);
    await provider().send(sent);
    const [received] = await fake.bodies("token-1");
    const wire = (received!.body as { message: Record<string, unknown> }).message;
    const expiry = Number((wire.apns as { headers: Record<string, string> }).headers["apns-expiration"]);
    expect(expiry - before - 3600).toBeGreaterThanOrEqual(0);
    expect(expiry - before - 3600).toBeLessThanOrEqual(2);
    const budget = fcmMessage(content, options, { campaignId: "campaign-1", deliveryId: "1000" }, expiry);
    // firebase-admin writes fcmOptions where the budget writes fcm_options (proto JSON accepts both).
    const normalise = (value: unknown) =>
      JSON.parse(JSON.stringify(value).replaceAll('"fcmOptions"', '"fcm_options"')) as unknown;
    const { Topic, ...webHeaders } = (wire.webpush as { headers: Record<string, string> }).headers;
    expect(Topic).toBe("breaking");
    expect(normalise({ ...wire, webpush: { ...(wire.webpush as object), headers: webHeaders } })).toEqual(
      normalise({ token: "token-1", ...budget }),
    );
    expect(wire.android).toMatchObject({
      priority: "high",
      ttl: "3600s",
      collapse_key: "breaking",
      notification: { sound: "default", notification_count: 3 },
    });
    expect(wire.apns).toMatchObject({
      headers: { "apns-priority": "10", "apns-collapse-id": "breaking" },
      payload: { aps: { sound: "default", badge: 3, "mutable-content": 1 } },
    });
    expect(await fake.tokens({ tokens: ["token-1"] })).toEqual([
      { token: "token-1", received: 1, accepted: 1, collapseKeys: ["breaking"] },
    ]);
  });

  it("stops on abort: answered messages stay sent, unanswered ones come back as retry", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    const results = byDelivery(
      await provider().send(batch(["token-1", "hang-2", "hang-3"], { signal: controller.signal })),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(results["1000"]!.outcome).toBe("sent");
    expect(results["1001"]).toEqual({ deliveryId: "1001", outcome: "retry", errorCode: "aborted" });
    expect(results["1002"]).toEqual({ deliveryId: "1002", outcome: "retry", errorCode: "aborted" });

    const aborted = AbortSignal.abort();
    expect((await provider().send(batch(["token-4"], { signal: aborted })))[0]).toEqual({
      deliveryId: "1000",
      outcome: "retry",
      errorCode: "aborted",
    });
    expect((await fake.tokens({ tokens: ["token-4"] })).length).toBe(0);
  });

  it.each([0, 2])("turns a lost connection and a refused one into retries (pooled sessions: %i)", async (sessions) => {
    const doomed = await startFakeFcm();
    setFcmEndpoint({ url: doomed.url, ca: doomed.ca });
    try {
      const fcm = provider({ sessions });
      const sending = fcm.send(batch(["token-1", "hang-2", "hang-3"]));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await doomed.close();
      const lost = byDelivery(await sending);
      expect(lost["1000"]!.outcome).toBe("sent");
      expect(lost["1001"]).toMatchObject({ outcome: "retry", errorCode: "NETWORK" });
      expect(lost["1002"]).toMatchObject({ outcome: "retry", errorCode: "NETWORK" });
      const refused = await fcm.send(batch(["token-4", "token-5"]));
      expect(refused).toEqual([
        { deliveryId: "1000", outcome: "retry", errorCode: "NETWORK" },
        { deliveryId: "1001", outcome: "retry", errorCode: "NETWORK" },
      ]);
    } finally {
      setFcmEndpoint({ url: fake.url, ca: fake.ca });
    }
  });

  it("fails tokens at a configured rate, predictably per token", async () => {
    await fake.configure({ rates: { UNREGISTERED: 0.3 }, seed: 7 });
    const tokens = Array.from({ length: 200 }, (_, i) => `rated-${i}`);
    const behaviour = { ...defaultBehaviour(), rates: { UNREGISTERED: 0.3 }, seed: 7 };
    const expected = tokens.map((token) =>
      permanentFaultFor(token, behaviour) === "UNREGISTERED" ? "invalid_token" : "sent",
    );
    const results = await provider().send(batch(tokens));
    expect(results.map((result) => result.outcome)).toEqual(expected);
    const dead = expected.filter((outcome) => outcome === "invalid_token").length;
    expect(dead).toBeGreaterThan(40);
    expect(dead).toBeLessThan(80);
  });
});

describe("FCM provider against a fake in its own process, configured through the environment", () => {
  it("reaches the fake named by HERALD_FCM_ENDPOINT and HERALD_FCM_CA_FILE", async () => {
    const child = await spawnFakeFcm();
    const saved = { endpoint: process.env.HERALD_FCM_ENDPOINT, caFile: process.env.HERALD_FCM_CA_FILE };
    try {
      process.env.HERALD_FCM_ENDPOINT = child.url;
      process.env.HERALD_FCM_CA_FILE = child.caFile;
      setFcmEndpoint(undefined);
      const results = await provider().send(batch(["token-1", "bad-2"]));
      expect(results.map((result) => result.outcome)).toEqual(["sent", "invalid_token"]);
      expect(await child.control.stats()).toMatchObject({ requests: 2, accepted: 1, errors: { UNREGISTERED: 1 } });
    } finally {
      process.env.HERALD_FCM_ENDPOINT = saved.endpoint;
      process.env.HERALD_FCM_CA_FILE = saved.caFile;
      if (saved.endpoint === undefined) delete process.env.HERALD_FCM_ENDPOINT;
      if (saved.caFile === undefined) delete process.env.HERALD_FCM_CA_FILE;
      setFcmEndpoint({ url: fake.url, ca: fake.ca });
      await child.stop();
    }
  });
});
