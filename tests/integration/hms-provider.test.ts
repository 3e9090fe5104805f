// The Huawei Push Kit provider against the loopback fake Huawei (TLS, OAuth token endpoint, v1 send
// endpoint validating requests as Huawei does). No mocks: real HTTPS both ways.
import { describe, expect, it } from "vitest";
import type { HmsSecret } from "@/lib/channels/hms";
import path from "node:path";
import { hmsSettingsFromEnv, loopbackEndpoint } from "@/server/dispatch/providers/hms/settings";
import { createHmsProvider, hmsMaxBatch, verifyHmsCredential } from "@/server/dispatch/providers/hms/provider";
import {
  ProviderConfigurationError,
  type DeliveryOptions,
  type OutgoingBatch,
  type RenderedContent,
} from "@/server/dispatch/providers/types";
import { HuaweiStyleControlClient } from "@/tests/fakes/hms/control-client";
import { spawnFake } from "@/tests/fakes/loopback-fake";
import { startFakeHms, type HmsFakeBehaviour } from "@/tests/fakes/hms/server";
import { batchOf, contractSuite, messageBuilder, outcomes } from "@/tests/support/provider-contract";

const suite = contractSuite(() => startFakeHms());
const secret: HmsSecret = {
  appId: "104433559",
  appSecret: "s3cr3t-app-secret",
  serviceCategory: null,
  receiptId: null,
};

const endpoint = () => loopbackEndpoint(suite.fake.url, suite.fake.ca, "/oauth2/v3/token");

function provider(own: Partial<HmsSecret> = {}) {
  return suite.track(
    createHmsProvider({ appId: "app-1", channel: "hms", secret: { ...secret, ...own } }, { endpoint: endpoint() }),
  );
}

const content: RenderedContent = { title: "暴雨预警", body: "Storm tonight", url: "https://news.example/storm" };
const options: DeliveryOptions = {
  priority: "high",
  ttlSeconds: 7200,
  collapseKey: "storm",
  messageClass: "marketing",
};
const campaignId = "c0ffee00-0000-4000-8000-000000000001";
const message = messageBuilder({ firstDeliveryId: 5000, campaignId, variantKey: "A", locale: "zh-CN", content });

function batch(tokens: (string | null)[], extra: Partial<OutgoingBatch> = {}): OutgoingBatch {
  return {
    ...batchOf(
      campaignId,
      options,
      tokens.map((token, index) => message(token, index)),
    ),
    ...extra,
  };
}

const tokensOf = (n: number, prefix = "tok-") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

interface SentBody {
  validate_only: boolean;
  message: {
    data: string;
    token: string[];
    android: Record<string, unknown> & { notification: Record<string, unknown> };
  };
}

describe("HMS provider against the fake Huawei Push Kit", () => {
  it("fetches one access token, reuses it, and sends one request per content with every token", async () => {
    const hms = provider();
    const first = await hms.send(batch(tokensOf(3)));
    expect(outcomes(first)).toEqual(["sent", "sent", "sent"]);
    const requestId = (first[0] as { providerMessageId?: string }).providerMessageId;
    expect(requestId).toBeTruthy();
    expect(first.every((r) => (r as { providerMessageId?: string }).providerMessageId === requestId)).toBe(true);
    await hms.send(batch(tokensOf(2, "more-")));
    const stats = await suite.fake.stats();
    expect(stats.tokenGrants).toBe(1);
    expect(stats.requests).toBe(2);
    expect(stats.answers["80000000"]).toBe(2);
  });

  it("sends Huawei's request shape: snake_case, TTL string, explicit class, click action, tracking data", async () => {
    await provider({ receiptId: "RCP1" }).send(batch(["tok-a", "tok-b"]));
    const [received] = await suite.fake.bodies();
    expect(received!.path).toBe(`/v1/${secret.appId}/messages:send`);
    expect(received!.headers["content-type"]).toMatch(/^application\/json/);
    const body = received!.body as SentBody;
    expect(body.validate_only).toBe(false);
    expect(body.message.token).toEqual(["tok-a", "tok-b"]);
    expect(body.message.android).toMatchObject({
      category: "MARKETING",
      ttl: "7200s",
      bi_tag: "c0ffee00-0000-4000-8000-000000000001",
      receipt_id: "RCP1",
      target_user_type: 0,
    });
    expect(body.message.android.notification).toMatchObject({
      title: "暴雨预警",
      body: "Storm tonight",
      importance: "LOW",
      tag: "storm",
      click_action: { type: 2, url: "https://news.example/storm" },
    });
    expect(JSON.parse(body.message.data)).toEqual({
      url: "https://news.example/storm",
      herald_c: "c0ffee00-0000-4000-8000-000000000001",
    });
  });

  it("sends service messages with the app's self-classified category, and marketing when it has none", async () => {
    const service = { ...options, messageClass: "service" as const };
    await provider({ serviceCategory: "SUBSCRIPTION" }).send(batch(["svc-1"], { options: service }));
    await provider().send(batch(["svc-2"], { options: service }));
    await provider().send(batch(["svc-3"], { options: { priority: "normal" } }));
    const sent = (await suite.fake.bodies()).map((b) => (b.body as SentBody).message.android);
    expect(sent.map((a) => [a.category, a.notification.importance])).toEqual([
      ["SUBSCRIPTION", "NORMAL"],
      ["MARKETING", "LOW"],
      ["MARKETING", "LOW"],
    ]);
    expect(sent[2]!.ttl).toBeUndefined();
  });

  it("groups devices by rendered content: one request per variant, one token once", async () => {
    const other: RenderedContent = { title: "Other", body: "B variant" };
    const messages = [message("t-1", 0), message("t-2", 1, other), message("t-3", 2), message("t-1", 3)];
    const results = await provider().send({ ...batch([]), messages });
    expect(outcomes(results)).toEqual(["sent", "sent", "sent", "sent"]);
    const bodies = (await suite.fake.bodies()).map((b) => (b.body as SentBody).message);
    expect(bodies.map((m) => m.token)).toEqual([["t-1", "t-3"], ["t-2"]]);
    expect(bodies[1]!.android.notification.click_action).toEqual({ type: 3 });
  });

  it("takes a full batch of 1000 tokens in one request", async () => {
    expect(hmsMaxBatch).toBe(1000);
    const results = await provider().send(batch(tokensOf(1000)));
    expect(results.filter((r) => r.outcome === "sent")).toHaveLength(1000);
    expect((await suite.fake.stats()).largestRequest).toBe(1000);
    await expect(provider().send(batch(tokensOf(1001)))).rejects.toThrow(/at most 1000/);
  });

  it("reads partial success (80100000, illegal tokens as JSON in msg): only those become invalid", async () => {
    const results = await provider().send(batch(["ok-1", "bad-1", null, "ok-2", "bad-2"]));
    expect(results.map((r) => [r.outcome, "errorCode" in r ? r.errorCode : null])).toEqual([
      ["sent", null],
      ["invalid_token", "ILLEGAL_TOKEN"],
      ["invalid_token", "MISSING_TOKEN"],
      ["sent", null],
      ["invalid_token", "ILLEGAL_TOKEN"],
    ]);
    expect((await suite.fake.stats()).answers["80100000"]).toBe(1);
    const records = await suite.fake.tokens(["ok-1", "bad-1"]);
    expect(records.map((r) => [r.token, r.delivered])).toEqual([
      ["ok-1", 1],
      ["bad-1", 0],
    ]);
  });

  it("marks every token invalid when Huawei answers 80300007", async () => {
    const results = await provider().send(batch(["bad-x", "bad-y"]));
    expect(results.map((r) => [r.outcome, "errorCode" in r && r.errorCode])).toEqual([
      ["invalid_token", "80300007"],
      ["invalid_token", "80300007"],
    ]);
  });

  it("refreshes an expired access token once (80200003) and loses no message", async () => {
    const hms = provider();
    await hms.send(batch(["warm-up"]));
    await suite.fake.expireTokens();
    const results = await hms.send(batch(tokensOf(5)));
    expect(outcomes(results)).toEqual(Array(5).fill("sent"));
    const stats = await suite.fake.stats();
    expect(stats.tokenGrants).toBe(2);
    expect(stats.answers["80200003"]).toBe(1);
    expect((await suite.fake.tokens(tokensOf(5))).every((r) => r.delivered === 1)).toBe(true);
  });

  it("refreshes at most once: a second token-expired answer is a retry, not a loop", async () => {
    await suite.fake.configure({ nextAnswers: ["80200003", "80200003"] });
    const results = await provider().send(batch(["once"]));
    expect(results).toEqual([{ deliveryId: "5000", outcome: "retry", errorCode: "80200003" }]);
    expect((await suite.fake.stats()).tokenGrants).toBe(2);
  });

  it("turns flow control (503) and internal errors into retries with Retry-After, no duplicates", async () => {
    await suite.fake.configure({ nextAnswers: ["503", "81000001"], retryAfterSeconds: 7 });
    const hms = provider();
    expect(await hms.send(batch(["flow-1"]))).toEqual([
      { deliveryId: "5000", outcome: "retry", errorCode: "FLOW_CONTROL", retryAfterMs: 7000 },
    ]);
    expect(await hms.send(batch(["flow-1"]))).toEqual([
      { deliveryId: "5000", outcome: "retry", errorCode: "81000001" },
    ]);
    expect(outcomes(await hms.send(batch(["flow-1"])))).toEqual(["sent"]);
    const [record] = await suite.fake.tokens(["flow-1"]);
    expect(record).toMatchObject({ received: 3, delivered: 1 });
  });

  it("fails an oversize message without sending it, and maps Huawei's own 80300008", async () => {
    const huge = { ...content, body: "x".repeat(5000) };
    const results = await provider().send({ ...batch([]), messages: [message("big-1", 0, huge)] });
    expect(results).toEqual([{ deliveryId: "5000", outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" }]);
    expect((await suite.fake.stats()).requests).toBe(0);
    await suite.fake.configure({ nextAnswers: ["80300008"] });
    expect(outcomes(await provider().send(batch(["big-2"])))).toEqual(["failed"]);
  });

  it("throws a configuration error for a refused credential or a missing push permission", async () => {
    await suite.fake.configure({ rejectClients: [secret.appId] });
    await expect(provider().send(batch(["t"]))).rejects.toBeInstanceOf(ProviderConfigurationError);
    await suite.fake.configure({ rejectClients: [], nextAnswers: ["80300002"] });
    await expect(provider().send(batch(["t"]))).rejects.toMatchObject({ code: "80300002" });
  });

  it("counts marketing arrivals against Huawei's per-device daily cap; service messages are not capped", async () => {
    await suite.fake.configure({ marketingCapPerDay: 2, day: "2026-12-07" });
    const hms = provider({ serviceCategory: "SUBSCRIPTION" });
    for (let i = 0; i < 3; i += 1) expect(outcomes(await hms.send(batch(["cap-1"])))).toEqual(["sent"]);
    await hms.send(batch(["cap-1"], { options: { ...options, messageClass: "service" } }));
    expect((await suite.fake.tokens(["cap-1"]))[0]).toMatchObject({
      delivered: 3,
      capped: 1,
      classes: ["marketing", "marketing", "service"],
    });
    await suite.fake.configure({ day: "2026-12-08" });
    await hms.send(batch(["cap-1"]));
    expect((await suite.fake.tokens(["cap-1"]))[0]!.delivered).toBe(4);
  });

  it("answers every message with retry when the batch is aborted before sending", async () => {
    const controller = new AbortController();
    controller.abort();
    const results = await provider().send(batch(["a", "b"], { signal: controller.signal }));
    expect(results.map((r) => [r.outcome, "errorCode" in r && r.errorCode])).toEqual([
      ["retry", "aborted"],
      ["retry", "aborted"],
    ]);
  });

  it("verifies a credential by fetching a token", async () => {
    expect(await verifyHmsCredential(secret, { endpoint: endpoint() })).toEqual({ ok: true });
    await suite.fake.configure({ rejectClients: [secret.appId] });
    expect(await verifyHmsCredential(secret, { endpoint: endpoint() })).toMatchObject({
      ok: false,
      code: "INVALID_CREDENTIAL",
    });
    const closed = await startFakeHms();
    const url = closed.url;
    await closed.close();
    expect(
      await verifyHmsCredential(secret, { endpoint: loopbackEndpoint(url, suite.fake.ca, "/oauth2/v3/token") }),
    ).toMatchObject({
      ok: false,
      code: expect.stringMatching(/^TOKEN_/),
    });
  });

  it("reaches a fake in its own process through the environment a worker gets", async () => {
    const child = await spawnFake(path.join(import.meta.dirname, "../fakes/hms/server.ts"), {
      client: (url, ca) => new HuaweiStyleControlClient<HmsFakeBehaviour>(url, ca),
    });
    try {
      await child.control.configure({ illegalTokens: ["gone"] });
      const settings = hmsSettingsFromEnv({ HERALD_HMS_ENDPOINT: child.url, HERALD_HMS_CA_FILE: child.caFile });
      const hms = createHmsProvider({ appId: "app-1", channel: "hms", secret }, settings);
      suite.track(hms);
      expect(outcomes(await hms.send(batch(["here", "gone"])))).toEqual(["sent", "invalid_token"]);
      expect(await child.control.stats()).toMatchObject({ requests: 1, tokenGrants: 1, delivered: 1 });
      expect((await child.control.tokens(["here"]))[0]).toMatchObject({ delivered: 1 });
    } finally {
      await child.stop();
    }
  });
});
