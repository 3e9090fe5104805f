// vivo Push's pure parts: the credential form and summary, the auth sign, the message fields Herald
// sends (class always explicit, TTL in seconds within vivo's bounds, click action, character limits),
// the result codes' meaning and the daily reset in China time.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { vivoChannel } from "@/lib/channels/vivo";
import { vivoAuthBody, vivoSign } from "@/server/dispatch/providers/vivo/auth";
import { invalidUserIsDead, vivoVerdict } from "@/server/dispatch/providers/vivo/codes";
import {
  clip,
  vivoClass,
  vivoContent,
  vivoRequestId,
  vivoSkip,
  vivoTtl,
} from "@/server/dispatch/providers/vivo/message";
import { msUntilChinaMidnight } from "@/server/dispatch/providers/vendor-https";

const secret = { appId: "104562", appKey: "key-1", appSecret: "secret-1" };

describe("vivo credential", () => {
  it("takes a numeric App ID, a key and a secret, and summarises the App ID only", () => {
    const parsed = vivoChannel.credential.form.safeParse({
      vendorAppId: " 104562 ",
      appKey: "key-1",
      appSecret: "secret-1",
    });
    expect(parsed.success && vivoChannel.credential.summary(vivoChannel.credential.secret(parsed.data))).toEqual({
      appId: "104562",
    });
    const bad = vivoChannel.credential.form.safeParse({ vendorAppId: "abc", appKey: "", appSecret: "" });
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual([
      "vivoAppIdInvalid",
      "vivoAppKeyRequired",
      "vivoAppSecretRequired",
    ]);
  });
});

describe("vivo auth", () => {
  it("signs md5(appId + appKey + timestamp + appSecret) in lower-case hex", () => {
    const expected = createHash("md5").update("104562key-11700000000000secret-1").digest("hex");
    expect(vivoSign(secret, "1700000000000")).toBe(expected);
    expect(vivoAuthBody(secret, 1_700_000_000_000)).toEqual({
      appId: "104562",
      appKey: "key-1",
      timestamp: "1700000000000",
      sign: expected,
    });
  });
});

describe("vivo message", () => {
  it("always sends the class: service as system messages, marketing (and no class) as ops", () => {
    expect(vivoClass({ priority: "normal", messageClass: "service" })).toEqual({
      classification: 1,
      category: "SUBSCRIPTION",
    });
    expect(vivoClass({ priority: "normal", messageClass: "marketing" })).toEqual({
      classification: 0,
      category: "MARKETING",
    });
    expect(vivoClass({ priority: "normal" })).toEqual({ classification: 0, category: "MARKETING" });
    expect(vivoClass({ priority: "normal", messageClass: "service" }, { service: "IM", marketing: "NEWS" })).toEqual({
      classification: 1,
      category: "IM",
    });
  });

  it("keeps timeToLive in seconds between 60 s and a day", () => {
    expect(vivoTtl(undefined)).toBe(86_400);
    expect(vivoTtl(10)).toBe(60);
    expect(vivoTtl(3600)).toBe(3600);
    expect(vivoTtl(7 * 86_400)).toBe(86_400);
  });

  it("opens a web link, a deep link or the app", () => {
    expect(vivoSkip("https://news.example/a")).toEqual({ skipType: 2, skipContent: "https://news.example/a" });
    expect(vivoSkip("news://article/1")).toEqual({ skipType: 4, skipContent: "news://article/1" });
    expect(vivoSkip(undefined)).toEqual({ skipType: 1 });
  });

  it("cuts the title at 40 and the content at 100 characters, counting each Chinese character once", () => {
    expect(clip("短".repeat(40), 40)).toBe("短".repeat(40));
    expect(clip("长".repeat(41), 40)).toBe(`${"长".repeat(39)}…`);
    const content = vivoContent(
      { title: "t".repeat(50), body: "b".repeat(150) },
      { priority: "normal" },
      {
        campaignId: "c-1",
        deliveryId: null,
      },
    );
    expect(Array.from(content.title)).toHaveLength(40);
    expect(Array.from(content.content)).toHaveLength(100);
    expect(content).toMatchObject({
      notifyType: 1,
      networkType: -1,
      classification: 0,
      clientCustomMap: { herald_c: "c-1" },
    });
    expect(content.clientCustomMap).not.toHaveProperty("herald_d");
  });

  it("makes unique request ids of at most 64 characters naming the delivery", () => {
    const a = vivoRequestId("9223372036854775807");
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).toMatch(/^h9223372036854775807-/);
    expect(vivoRequestId("1")).not.toBe(vivoRequestId("1"));
  });
});

describe("vivo result codes", () => {
  it("maps vivo's codes to what Herald does", () => {
    expect(vivoVerdict(0)).toBe("ok");
    expect(vivoVerdict(10000)).toBe("auth");
    expect(vivoVerdict(10206)).toBe("configuration");
    expect(vivoVerdict(10094)).toBe("configuration");
    expect(vivoVerdict(10302)).toBe("invalid");
    expect(vivoVerdict(10070)).toBe("daily_total");
    expect(vivoVerdict(10252)).toBe("list_limit");
    expect(vivoVerdict(10250)).toBe("retry");
    expect(vivoVerdict(10056)).toBe("failed");
    expect([1, 2, 3, 4].map(invalidUserIsDead)).toEqual([true, true, false, false]);
  });

  it("waits for midnight in China (UTC+8) when a daily quota is spent", () => {
    expect(msUntilChinaMidnight(Date.UTC(2026, 0, 1, 15, 0))).toBe(3_600_000);
    expect(msUntilChinaMidnight(Date.UTC(2026, 0, 1, 16, 0))).toBe(86_400_000);
  });
});
