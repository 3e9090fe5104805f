// The Honor Push provider against the loopback fake Honor (TLS, OAuth token endpoint, sendMessage
// validating the timestamp header and the camelCase body). No mocks: real HTTPS both ways.
import { describe, expect, it } from "vitest";
import type { HonorSecret } from "@/lib/channels/honor";
import { loopbackEndpoint } from "@/server/dispatch/providers/hms/settings";
import { createHonorProvider, honorMaxBatch, verifyHonorCredential } from "@/server/dispatch/providers/honor/provider";
import {
  ProviderConfigurationError,
  type DeliveryOptions,
  type OutgoingBatch,
  type ProviderCredentialInput,
  type RenderedContent,
} from "@/server/dispatch/providers/types";
import { startFakeHonor } from "@/tests/fakes/honor/server";
import { batchOf, codes, contractSuite, messageBuilder, outcomes } from "@/tests/support/provider-contract";

const suite = contractSuite(() => startFakeHonor());
const secret: HonorSecret = { appId: "104567890", clientId: "hn-client-1", clientSecret: "hn-client-secret" };
const campaignId = "c0ffee00-0000-4000-8000-000000000002";

const endpoint = () => loopbackEndpoint(suite.fake.url, suite.fake.ca, "/auth/token");

function provider(own: Partial<HonorSecret> = {}) {
  // "honor" joins the Channel enum with the several-addresses work; the adapter echoes whatever it is given.
  const input = { appId: "app-1", channel: "honor", secret: { ...secret, ...own } } as unknown;
  return suite.track(createHonorProvider(input as ProviderCredentialInput<HonorSecret>, { endpoint: endpoint() }));
}

const content: RenderedContent = { title: "Flash sale", body: "Two hours only", url: "app://sale/42" };
const options: DeliveryOptions = { priority: "normal", ttlSeconds: 86_400, messageClass: "marketing" };
const message = messageBuilder({ firstDeliveryId: 7000, campaignId, variantKey: null, locale: "zh-CN", content });

function batch(tokens: (string | null)[], extra: Partial<OutgoingBatch> = {}): OutgoingBatch {
  return {
    ...batchOf(
      campaignId,
      options,
      tokens.map((t, i) => message(t, i)),
    ),
    ...extra,
  };
}

const tokensOf = (n: number, prefix = "hn-") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

interface SentBody {
  data: string;
  token: string[];
  android: Record<string, unknown> & { notification: Record<string, unknown> };
}

describe("Honor provider against the fake Honor Push", () => {
  it("fetches one access token, reuses it, and sends with the timestamp header", async () => {
    const honor = provider();
    expect(outcomes(await honor.send(batch(tokensOf(3))))).toEqual(["sent", "sent", "sent"]);
    expect(outcomes(await honor.send(batch(tokensOf(2, "again-"))))).toEqual(["sent", "sent"]);
    const stats = await suite.fake.stats();
    expect(stats.tokenGrants).toBe(1);
    expect(stats.answers["200"]).toBe(2);
    const [first] = await suite.fake.bodies();
    expect(first!.path).toBe(`/api/v1/${secret.appId}/sendMessage`);
    expect(first!.headers.timestamp).toMatch(/^\d{13}$/);
    expect(Math.abs(Number(first!.headers.timestamp) - Date.now())).toBeLessThan(60_000);
  });

  it("sends a camelCase body: TTL string, biTag, importance as the class, clickAction, tracking data", async () => {
    await provider().send(batch(["hn-a"]));
    const body = (await suite.fake.bodies())[0]!.body as SentBody;
    expect(body.token).toEqual(["hn-a"]);
    expect(body.android).toMatchObject({ ttl: "86400s", biTag: campaignId, targetUserType: 0 });
    expect(body.android.notification).toMatchObject({
      title: "Flash sale",
      body: "Two hours only",
      importance: "LOW",
      clickAction: { type: 1, intent: "app://sale/42" },
    });
    expect(JSON.parse(body.data)).toEqual({ url: "app://sale/42", herald_c: campaignId });
  });

  it("sends service messages as NORMAL and an unclassified message as LOW, always explicitly", async () => {
    await provider().send(batch(["svc"], { options: { ...options, messageClass: "service" } }));
    await provider().send(batch(["none"], { options: { priority: "normal" } }));
    const sent = (await suite.fake.bodies()).map((b) => (b.body as SentBody).android.notification.importance);
    expect(sent).toEqual(["NORMAL", "LOW"]);
  });

  it("marks only failTokens and expireTokens invalid, the rest sent", async () => {
    const results = await provider().send(batch(["ok-1", "bad-1", "expired-1", null, "ok-2"]));
    expect(outcomes(results)).toEqual(["sent", "invalid_token", "invalid_token", "invalid_token", "sent"]);
    expect(codes(results)).toEqual([null, "FAIL_TOKEN", "EXPIRED_TOKEN", "MISSING_TOKEN", null]);
    expect((await suite.fake.tokens(["ok-1", "bad-1"])).map((r) => r.delivered)).toEqual([1, 0]);
  });

  it("takes 1000 tokens in one request and refuses a larger batch", async () => {
    expect(honorMaxBatch).toBe(1000);
    const results = await provider().send(batch(tokensOf(1000)));
    expect(results.filter((r) => r.outcome === "sent")).toHaveLength(1000);
    expect((await suite.fake.stats()).largestRequest).toBe(1000);
    await expect(provider().send(batch(tokensOf(1001)))).rejects.toThrow(/at most 1000/);
  });

  it("refreshes an expired access token once and loses no message", async () => {
    const honor = provider();
    await honor.send(batch(["warm-up"]));
    await suite.fake.expireTokens();
    expect(outcomes(await honor.send(batch(tokensOf(4))))).toEqual(Array(4).fill("sent"));
    const stats = await suite.fake.stats();
    expect(stats.tokenGrants).toBe(2);
    expect(stats.answers["80200003"]).toBe(1);
    expect((await suite.fake.tokens(tokensOf(4))).every((r) => r.delivered === 1)).toBe(true);
  });

  it("retries flow control and server errors without duplicating a push", async () => {
    await suite.fake.configure({ nextAnswers: ["503", "500"], retryAfterSeconds: 3 });
    const honor = provider();
    expect(await honor.send(batch(["flow"]))).toEqual([
      { deliveryId: "7000", outcome: "retry", errorCode: "FLOW_CONTROL", retryAfterMs: 3000 },
    ]);
    expect(await honor.send(batch(["flow"]))).toEqual([
      { deliveryId: "7000", outcome: "retry", errorCode: "HTTP_500" },
    ]);
    expect(outcomes(await honor.send(batch(["flow"])))).toEqual(["sent"]);
    expect((await suite.fake.tokens(["flow"]))[0]).toMatchObject({ received: 3, delivered: 1 });
  });

  it("fails an oversize message without sending it", async () => {
    const huge = { ...content, body: "长".repeat(1500) };
    const results = await provider().send({ ...batch([]), messages: [message("big", 0, huge)] });
    expect(results).toEqual([{ deliveryId: "7000", outcome: "failed", errorCode: "PAYLOAD_TOO_LARGE" }]);
    expect((await suite.fake.stats()).requests).toBe(0);
  });

  it("throws a configuration error for a refused client, a client of another app, or no permission", async () => {
    await suite.fake.configure({ rejectClients: [secret.clientId] });
    await expect(provider().send(batch(["t"]))).rejects.toBeInstanceOf(ProviderConfigurationError);
    await suite.fake.configure({ rejectClients: [], clientApps: { [secret.clientId]: "999999" } });
    await expect(provider().send(batch(["t"]))).rejects.toMatchObject({ code: "80200001" });
    await suite.fake.configure({ clientApps: {}, nextAnswers: ["80300002"] });
    await expect(provider().send(batch(["t"]))).rejects.toMatchObject({ code: "80300002" });
  });

  it("counts marketing (LOW) arrivals against the per-device daily cap; NORMAL is not capped", async () => {
    await suite.fake.configure({ marketingCapPerDay: 2, day: "2026-12-07" });
    const honor = provider();
    for (let i = 0; i < 3; i += 1) await honor.send(batch(["cap"]));
    await honor.send(batch(["cap"], { options: { ...options, messageClass: "service" } }));
    expect((await suite.fake.tokens(["cap"]))[0]).toMatchObject({
      delivered: 3,
      capped: 1,
      classes: ["marketing", "marketing", "service"],
    });
  });

  it("verifies a credential by fetching a token", async () => {
    expect(await verifyHonorCredential(secret, { endpoint: endpoint() })).toEqual({ ok: true });
    await suite.fake.configure({ rejectClients: [secret.clientId] });
    expect(await verifyHonorCredential(secret, { endpoint: endpoint() })).toMatchObject({
      ok: false,
      code: "INVALID_CREDENTIAL",
    });
  });
});
