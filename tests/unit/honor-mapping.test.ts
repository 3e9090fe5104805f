// Pure mapping of the Honor Push adapter (class as importance, camelCase body, answer reading) and
// the fakes' request validation: each vendor refuses the other's field spelling.
import { describe, expect, it } from "vitest";
import { honorChannel } from "@/lib/channels/honor";
import { readHonorAnswer } from "@/server/dispatch/providers/honor/answer";
import { honorImportance, honorMessageFor, honorRequestBody } from "@/server/dispatch/providers/honor/message";
import { honorSettingsFromEnv } from "@/server/dispatch/providers/honor/settings";
import { hmsMessageFor, hmsRequestBody } from "@/server/dispatch/providers/hms/message";
import { validateHmsRequest } from "@/tests/fakes/hms/validate";
import { validateHonorRequest } from "@/tests/fakes/honor/validate";

const answer = (status: number, body: unknown, retryAfter?: string) => ({
  status,
  retryAfter,
  text: typeof body === "string" ? body : JSON.stringify(body),
});
const content = { title: "t", body: "b", url: "https://x.example/a" };

describe("Honor message", () => {
  it("sends the class as importance: NORMAL for service, LOW for marketing or no class", () => {
    expect(honorImportance("service")).toBe("NORMAL");
    expect(honorImportance("marketing")).toBe("LOW");
    expect(honorImportance(undefined)).toBe("LOW");
  });

  it("carries an image on service messages only, as Honor allows", () => {
    const withImage = { ...content, imageUrl: "https://x.example/i.png" };
    const service = honorMessageFor(withImage, { priority: "normal", messageClass: "service" }, "c");
    const marketing = honorMessageFor(withImage, { priority: "normal", messageClass: "marketing" }, "c");
    expect(service.android.notification).toMatchObject({ image: "https://x.example/i.png", importance: "NORMAL" });
    expect(marketing.android.notification).not.toHaveProperty("image");
  });

  it("builds a camelCase body the fake accepts, and each fake refuses the other vendor's spelling", () => {
    const honor = JSON.parse(
      honorRequestBody(honorMessageFor(content, { priority: "normal", ttlSeconds: 60 }, "c"), ["a"]),
    );
    expect(honor.android).toMatchObject({ ttl: "60s", biTag: "c", notification: { clickAction: { type: 2 } } });
    expect(validateHonorRequest(honor)).toBeNull();
    expect(validateHmsRequest({ validate_only: false, message: honor })).toMatchObject({ code: "80100003" });
    const hms = hmsMessageFor(content, { priority: "normal" }, "c", { serviceCategory: null, receiptId: null });
    const hmsBody = JSON.parse(hmsRequestBody(hms, ["a"]));
    expect(validateHmsRequest(hmsBody)).toBeNull();
    expect(validateHonorRequest({ ...hmsBody.message })).toMatchObject({ code: 80100003 });
  });

  it("has the fakes refuse what the vendors refuse: no click action, http links, too many tokens, long TTL", () => {
    const base = JSON.parse(honorRequestBody(honorMessageFor(content, { priority: "normal" }, "c"), ["a"]));
    const without = { ...base, android: { ...base.android, notification: { ...base.android.notification } } };
    delete without.android.notification.clickAction;
    expect(validateHonorRequest(without)).not.toBeNull();
    const http = structuredClone(base);
    http.android.notification.clickAction = { type: 2, url: "http://x.example" };
    expect(validateHonorRequest(http)).not.toBeNull();
    expect(validateHonorRequest({ ...base, token: Array(1001).fill("t") })).toMatchObject({ code: 80300010 });
    const hms = JSON.parse(
      hmsRequestBody(hmsMessageFor(content, { priority: "normal" }, "c", { serviceCategory: null, receiptId: null }), [
        "a",
      ]),
    );
    hms.message.android.ttl = "1296001s";
    expect(validateHmsRequest(hms)).toMatchObject({ code: "80100004" });
    hms.message.android.ttl = "86400";
    expect(validateHmsRequest(hms)).toMatchObject({ code: "80100004" });
  });
});

describe("Honor answers", () => {
  it("reads failTokens and expireTokens as invalid and the rest as sent", () => {
    const verdict = readHonorAnswer(
      answer(200, {
        code: 200,
        message: "success",
        data: { sendResult: true, requestId: "r", failTokens: ["f"], expireTokens: ["e"] },
      }),
    );
    expect(verdict).toEqual({
      kind: "sent",
      requestId: "r",
      invalid: new Map([
        ["f", "FAIL_TOKEN"],
        ["e", "EXPIRED_TOKEN"],
      ]),
    });
  });

  it("maps token expiry, flow control, server errors, size and permission", () => {
    expect(readHonorAnswer(answer(401, { code: 80200003 })).kind).toBe("token_expired");
    expect(readHonorAnswer(answer(503, "", "2"))).toEqual({ kind: "retry", code: "FLOW_CONTROL", retryAfterMs: 2000 });
    expect(readHonorAnswer(answer(500, "oops"))).toMatchObject({ kind: "retry", code: "HTTP_500" });
    expect(readHonorAnswer(answer(200, { code: 80300008 }))).toEqual({ kind: "failed", code: "PAYLOAD_TOO_LARGE" });
    expect(readHonorAnswer(answer(200, { code: 80300002, message: "no" }))).toMatchObject({ kind: "configuration" });
    expect(readHonorAnswer(answer(200, { code: 12345 }))).toEqual({ kind: "retry", code: "12345" });
  });
});

describe("Honor credential and settings", () => {
  it("keeps the client secret out of the summary and refuses bad ids", () => {
    const form = honorChannel.credential.form.safeParse({ vendorAppId: "104", clientId: "c1", clientSecret: "x" });
    expect(form.success).toBe(false);
    expect(form.error!.issues.map((i) => i.message).sort()).toEqual([
      "honorAppIdInvalid",
      "honorClientIdInvalid",
      "honorClientSecretInvalid",
    ]);
    const good = honorChannel.credential.form.parse({
      vendorAppId: "104567890",
      clientId: "client-1",
      clientSecret: "s3cret-s3cret",
    });
    expect(honorChannel.credential.summary(honorChannel.credential.secret(good))).toEqual({
      appId: "104567890",
      clientId: "client-1",
    });
  });

  it("reads the fake's endpoint from the environment only when set", () => {
    expect(honorSettingsFromEnv({})).toEqual({});
    expect(honorSettingsFromEnv({ HERALD_HONOR_ENDPOINT: "https://127.0.0.1:9444" })).toEqual({
      endpoint: { authUrl: "https://127.0.0.1:9444/auth/token", baseUrl: "https://127.0.0.1:9444" },
    });
  });
});
