// The MiPush request fields Herald builds (class channel, ms TTL, clipped texts, click, payload) and
// what each MiPush answer means; plus the Xiaomi credential form and its summary.
import { describe, expect, it } from "vitest";
import { xiaomiChannel } from "@/lib/channels/xiaomi";
import {
  classifyXiaomiAnswer,
  xiaomiClassOf,
  xiaomiJobKey,
  xiaomiSendFields,
} from "@/server/dispatch/providers/xiaomi/message";

const secret = {
  appSecret: "secretSecret1234==",
  packageName: "com.example.app",
  serviceChannelId: "111",
  marketingChannelId: "222",
};
const noon = Date.parse("2026-12-07T04:00:00Z"); // 12:00 in Beijing

describe("xiaomiSendFields", () => {
  it("maps the class to the app's 私信 or 公信 channel, marketing when unset", () => {
    expect(xiaomiClassOf({ priority: "high" })).toBe("marketing");
    const fields = (messageClass?: "service" | "marketing") =>
      xiaomiSendFields({
        secret,
        content: { title: "T", body: "B" },
        options: { priority: "high", messageClass },
        campaignId: "c1",
        regIds: ["r1"],
      });
    expect(fields("service")["extra.channel_id"]).toBe("111");
    expect(fields("marketing")["extra.channel_id"]).toBe("222");
    expect(fields()["extra.channel_id"]).toBe("222");
  });

  it("sends TTL in milliseconds (at most 14 days), a stable notify_id and the click target", () => {
    const base = { secret, campaignId: "c1", regIds: ["r1", "r2"] };
    const web = xiaomiSendFields({
      ...base,
      content: { title: "T", body: "B", url: "https://x.example/p" },
      options: { priority: "high", ttlSeconds: 90, collapseKey: "k" },
    });
    expect(web).toMatchObject({
      registration_id: "r1,r2",
      time_to_live: 90_000,
      "extra.notify_effect": "3",
      "extra.web_uri": "https://x.example/p",
    });
    expect(web["extra.intent_uri"]).toBeUndefined();
    const again = xiaomiSendFields({
      ...base,
      content: { title: "T", body: "B" },
      options: { priority: "high", collapseKey: "k" },
    });
    expect(again.notify_id).toBe(web.notify_id);
    expect(again.time_to_live).toBeUndefined();
    const deep = xiaomiSendFields({
      ...base,
      content: { title: "T", body: "B", url: "myapp://a" },
      options: { priority: "high", ttlSeconds: 30 * 86_400 },
    });
    expect(deep).toMatchObject({
      "extra.notify_effect": "2",
      "extra.intent_uri": "myapp://a",
      time_to_live: 14 * 86_400_000,
    });
  });

  it("clips title and description under MiPush's limits, counting characters", () => {
    const fields = xiaomiSendFields({
      secret,
      content: { title: "😀".repeat(80), body: "长".repeat(300) },
      options: { priority: "normal" },
      campaignId: "c1",
      regIds: ["r1"],
      deliveryId: "9",
    });
    expect(Array.from(String(fields.title))).toHaveLength(49);
    expect(Array.from(String(fields.description))).toHaveLength(127);
    expect(JSON.parse(String(fields.payload))).toEqual({ herald_c: "c1", herald_d: "9" });
  });

  it("sends the short title and text where the full ones are over MiPush's limits", () => {
    const fields = (content: { title: string; body: string; shortTitle?: string; shortBody?: string }) =>
      xiaomiSendFields({ secret, content, options: { priority: "normal" }, campaignId: "c1", regIds: ["r1"] });
    const long = { title: "T".repeat(53), body: "长".repeat(200), shortTitle: "台风预警", shortBody: "今晚起暴雨" };
    expect(fields(long)).toMatchObject({ title: "台风预警", description: "今晚起暴雨" });
    expect(fields({ ...long, title: "Fits" })).toMatchObject({ title: "Fits", description: "今晚起暴雨" });
  });

  it("gives each campaign one valid jobkey, so the device shows a re-sent request once", () => {
    const key = xiaomiJobKey("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    expect(key).toMatch(/^[0-9A-Za-z-][0-9A-Za-z_-]{0,19}$/);
    expect(xiaomiJobKey("7c9e6679-7425-40de-944b-e07fc1f90ae7")).toBe(key);
    expect(xiaomiJobKey("7c9e6679-7425-40de-944b-e07fc1f90ae8")).not.toBe(key);
  });

  it("adds receipt callback fields when Herald's receipt URL is set", () => {
    const fields = xiaomiSendFields({
      secret,
      content: { title: "T", body: "B" },
      options: { priority: "normal" },
      campaignId: "c1",
      regIds: ["r1"],
      receipts: { url: "https://herald.example/api/v1/receipts/xiaomi" },
    });
    expect(fields).toMatchObject({ "extra.callback.type": 19, "extra.callback.param": "c1" });
  });
});

describe("classifyXiaomiAnswer", () => {
  const answer = (code: number, extra: Record<string, unknown> = {}) =>
    classifyXiaomiAnswer(200, { result: code ? "error" : "ok", code, ...extra }, noon);

  it("reads success with MiPush's message id", () => {
    expect(answer(0, { data: { id: "sdm1" } })).toEqual({ kind: "sent", messageId: "sdm1" });
  });

  it("maps 20301 to invalid targets, secret / package / channel codes to configuration", () => {
    expect(answer(20301)).toEqual({ kind: "invalid_token", errorCode: "20301" });
    for (const code of [21301, 22022, 27001]) expect(answer(code).kind).toBe("configuration");
  });

  it("retries 10027 after a second, 10034 at midnight in China, busy and 5xx; fails bad content", () => {
    expect(answer(10027)).toEqual({ kind: "retry", errorCode: "10027", retryAfterMs: 1000 });
    expect(answer(10034)).toEqual({
      kind: "retry",
      errorCode: "10034",
      retryAfterMs: 12 * 3_600_000,
      quota: true,
    });
    expect(answer(10002).kind).toBe("retry");
    expect(classifyXiaomiAnswer(502, null).kind).toBe("retry");
    expect(classifyXiaomiAnswer(200, null).kind).toBe("retry");
    expect(answer(65009)).toEqual({ kind: "failed", errorCode: "65009" });
    expect(answer(10017).kind).toBe("failed");
  });
});

describe("xiaomi channel description", () => {
  it("validates the form and summarises ids only", () => {
    const form = xiaomiChannel.credential.form;
    const parsed = form.parse({ ...secret, packageName: " com.example.app " });
    expect(parsed.packageName).toBe("com.example.app");
    const summary = xiaomiChannel.credential.summary(xiaomiChannel.credential.secret(parsed));
    expect(summary).toEqual({ packageName: "com.example.app", serviceChannelId: "111", marketingChannelId: "222" });
    expect(JSON.stringify(summary)).not.toContain(secret.appSecret);
    const bad = form.safeParse({ appSecret: "", packageName: "nodots", serviceChannelId: "", marketingChannelId: "1" });
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual([
      "xiaomiSecretRequired",
      "xiaomiPackageInvalid",
      "xiaomiServiceChannelRequired",
    ]);
  });
});
