// Pure mapping of the Huawei Push Kit adapter: message class, TTL, click action, data, request body,
// answer reading (string codes, partial success in msg), grouping by content, and the credential form.
import { describe, expect, it } from "vitest";
import { hmsChannel } from "@/lib/channels/hms";
import { illegalTokensOf, readHmsAnswer } from "@/server/dispatch/providers/hms/answer";
import { splitByContent } from "@/server/dispatch/providers/content-groups";
import { retryAfterMs } from "@/server/dispatch/providers/vendor-https";
import {
  hmsBodyBytes,
  hmsCategory,
  hmsClickAction,
  hmsImportance,
  hmsMessageFor,
  hmsRequestBody,
  hmsTtl,
} from "@/server/dispatch/providers/hms/message";
import { hmsSettingsFromEnv } from "@/server/dispatch/providers/hms/settings";
import type { OutgoingBatch, RenderedContent } from "@/server/dispatch/providers/types";
import { validateHmsRequest } from "@/tests/fakes/hms/validate";

const answer = (status: number, body: unknown, retryAfter?: string) => ({
  status,
  retryAfter,
  text: typeof body === "string" ? body : JSON.stringify(body),
});

describe("HMS message class", () => {
  it("sends service messages under the app's category only when Huawei granted one, else MARKETING", () => {
    expect(hmsCategory("service", "SUBSCRIPTION")).toBe("SUBSCRIPTION");
    expect(hmsCategory("service", null)).toBe("MARKETING");
    expect(hmsCategory("marketing", "SUBSCRIPTION")).toBe("MARKETING");
    expect(hmsCategory(undefined, "SUBSCRIPTION")).toBe("MARKETING");
    expect(hmsImportance("MARKETING")).toBe("LOW");
    expect(hmsImportance("ACCOUNT")).toBe("NORMAL");
  });

  it("writes TTL as Huawei's seconds string, within 1 s and 15 days", () => {
    expect(hmsTtl(undefined)).toBeUndefined();
    expect(hmsTtl(3600)).toBe("3600s");
    expect(hmsTtl(0)).toBe("1s");
    expect(hmsTtl(90.7)).toBe("90s");
    expect(hmsTtl(30 * 86_400)).toBe("1296000s");
  });

  it("opens https links in the browser, other links as an intent, nothing as the app", () => {
    expect(hmsClickAction("https://a.example/x")).toEqual({ type: 2, url: "https://a.example/x" });
    expect(hmsClickAction("http://a.example/x")).toEqual({ type: 1, intent: "http://a.example/x" });
    expect(hmsClickAction("myapp://item/1")).toEqual({ type: 1, intent: "myapp://item/1" });
    expect(hmsClickAction(undefined)).toEqual({ type: 3 });
  });

  it("builds a body Huawei's validation (as the fake models it) accepts, staff data under Herald's keys", () => {
    const content: RenderedContent = {
      title: "t",
      body: "b",
      imageUrl: "http://insecure.example/i.png",
      data: { herald_c: "spoofed", k: "v" },
    };
    const message = hmsMessageFor(content, { priority: "high", sound: "chime" }, "camp-1", {
      serviceCategory: null,
      receiptId: null,
    });
    expect(JSON.parse(message.data)).toEqual({ k: "v", herald_c: "camp-1" });
    expect(message.android.notification).not.toHaveProperty("image");
    expect(message.android.notification).toMatchObject({ sound: "/raw/chime", default_sound: false });
    const body = hmsRequestBody(message, ["t1", "t2"]);
    expect(validateHmsRequest(JSON.parse(body))).toBeNull();
    expect(hmsBodyBytes(message)).toBe(
      Buffer.byteLength(hmsRequestBody(message, [])) - Buffer.byteLength(',"token":[]'),
    );
  });
});

describe("HMS answers", () => {
  it("reads success, partial success in both of Huawei's msg forms, and all-invalid", () => {
    expect(readHmsAnswer(answer(200, { code: "80000000", msg: "Success", requestId: "r1" }))).toEqual({
      kind: "sent",
      requestId: "r1",
      invalid: new Map(),
    });
    const v1 = { code: "80100000", msg: '{"success":1,"failure":1,"illegal_tokens":["x"]}', requestId: "r2" };
    expect(readHmsAnswer(answer(200, v1))).toEqual({
      kind: "sent",
      requestId: "r2",
      invalid: new Map([["x", "ILLEGAL_TOKEN"]]),
    });
    expect([...illegalTokensOf('{"illegalTokens":{"tokenFormatError":["a"],"tokenNotExist":["b"]}}')]).toEqual([
      "a",
      "b",
    ]);
    expect(illegalTokensOf("not json").size).toBe(0);
    expect(readHmsAnswer(answer(200, { code: "80300007", msg: "All the tokens are invalid" }))).toEqual({
      kind: "all_invalid",
      code: "80300007",
    });
  });

  it("maps token expiry, flow control, server trouble, bad content and bad setup", () => {
    expect(readHmsAnswer(answer(401, { code: "80200003", msg: "expired" })).kind).toBe("token_expired");
    expect(readHmsAnswer(answer(401, { code: "80200001", msg: "auth" })).kind).toBe("token_expired");
    expect(readHmsAnswer(answer(503, "<html>busy</html>", "5"))).toEqual({
      kind: "retry",
      code: "FLOW_CONTROL",
      retryAfterMs: 5000,
    });
    expect(readHmsAnswer(answer(200, { code: "81000001" }))).toEqual({ kind: "retry", code: "81000001" });
    expect(readHmsAnswer(answer(502, ""))).toMatchObject({ kind: "retry", code: "HTTP_502" });
    expect(readHmsAnswer(answer(200, { code: "80300008" }))).toEqual({ kind: "failed", code: "PAYLOAD_TOO_LARGE" });
    expect(readHmsAnswer(answer(400, { code: "80100016" }))).toEqual({ kind: "failed", code: "SENSITIVE_CONTENT" });
    expect(readHmsAnswer(answer(200, { code: "80300002", msg: "no right" }))).toMatchObject({
      kind: "configuration",
      code: "80300002",
    });
    expect(readHmsAnswer(answer(404, "Not Found"))).toMatchObject({ kind: "configuration", code: "HTTP_404" });
    expect(readHmsAnswer(answer(200, { code: "89999999" }))).toEqual({ kind: "retry", code: "89999999" });
    expect(retryAfterMs("Thu, 01 Jan 1970 00:00:10 GMT", 0)).toBe(10_000);
  });
});

describe("HMS batch grouping", () => {
  it("groups by content object, sends a repeated token once, answers missing tokens at once", () => {
    const a: RenderedContent = { title: "A", body: "a" };
    const b: RenderedContent = { title: "B", body: "b" };
    const messages = [
      ["t1", a],
      ["t2", b],
      [null, a],
      ["t1", a],
      ["t3", a],
    ].map(([token, content], i) => ({
      deliveryId: String(i),
      deviceId: `d${i}`,
      installationId: `i${i}`,
      platform: "android" as const,
      token: token as string | null,
      campaignId: "c",
      variantKey: null,
      locale: null,
      content: content as RenderedContent,
    }));
    const batch: OutgoingBatch = { appId: "app", campaignId: "c", options: { priority: "normal" }, messages };
    const { groups, results } = splitByContent(batch, 2);
    expect(groups.map((g) => [g.content.title, g.tokens])).toEqual([
      ["A", ["t1", "t3"]],
      ["B", ["t2"]],
    ]);
    expect(groups[0]!.indexes.get("t1")).toEqual([0, 3]);
    expect(results[2]).toEqual({ deliveryId: "2", outcome: "invalid_token", errorCode: "MISSING_TOKEN" });
    expect(splitByContent(batch, 1).groups.map((g) => g.tokens)).toEqual([["t1"], ["t2"], ["t3"]]);
  });
});

describe("HMS credential and settings", () => {
  it("parses the form, keeps the secret out of the summary, and refuses bad input with apps.errors keys", () => {
    const trimmed = hmsChannel.credential.form.safeParse({ vendorAppId: " 104433559 ", appSecret: "abcdef123456" });
    expect(trimmed.data).toEqual({
      vendorAppId: "104433559",
      appSecret: "abcdef123456",
      serviceCategory: null,
      receiptId: null,
    });
    const form = hmsChannel.credential.form.safeParse({
      vendorAppId: "104433559",
      appSecret: "abcdef123456",
      serviceCategory: "SUBSCRIPTION",
      receiptId: "RCP1",
    });
    expect(form.success).toBe(true);
    const secret = hmsChannel.credential.secret(form.data!);
    expect(hmsChannel.credential.summary(secret)).toEqual({
      appId: "104433559",
      serviceCategory: "SUBSCRIPTION",
      receiptId: "RCP1",
    });
    const bad = hmsChannel.credential.form.safeParse({
      vendorAppId: "abc",
      appSecret: "",
      serviceCategory: "MARKETING",
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message).sort()).toEqual([
      "hmsAppIdInvalid",
      "hmsAppSecretRequired",
      "hmsServiceCategoryInvalid",
    ]);
  });

  it("reads the fake's endpoint and CA from the environment only when set", () => {
    expect(hmsSettingsFromEnv({})).toEqual({});
    expect(hmsSettingsFromEnv({ HERALD_HMS_ENDPOINT: "https://127.0.0.1:9443/" })).toEqual({
      endpoint: { authUrl: "https://127.0.0.1:9443/oauth2/v3/token", baseUrl: "https://127.0.0.1:9443" },
    });
  });
});
