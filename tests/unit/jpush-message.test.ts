// JPush's pure parts: the credential form and summary, the push body (class fields always explicit,
// time_to_live in seconds, click action, tracking ids), the error codes' meaning and X-Rate-Limit-Reset.
import { describe, expect, it } from "vitest";
import { jpushChannel } from "@/lib/channels/jpush";
import { jpushVerdict, rateLimitWaitMs } from "@/server/dispatch/providers/jpush/errors";
import { jpushClass, jpushPayloadBytes, jpushPush, jpushTtl } from "@/server/dispatch/providers/jpush/message";
import { jpushAuthorization } from "@/server/dispatch/providers/jpush/provider";

const key = "7d431e42dfa6a6d693ac2d04";
const master = "5e987ac6d2e04d95a9d8f0d1";

describe("JPush credential", () => {
  it("takes a 24-hex AppKey and Master Secret and summarises the AppKey only", () => {
    const parsed = jpushChannel.credential.form.safeParse({ appKey: key, masterSecret: master });
    expect(parsed.success && jpushChannel.credential.summary(jpushChannel.credential.secret(parsed.data))).toEqual({
      appKey: key,
    });
    const bad = jpushChannel.credential.form.safeParse({ appKey: "short", masterSecret: "" });
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual([
      "jpushAppKeyInvalid",
      "jpushMasterSecretRequired",
    ]);
    expect(jpushAuthorization({ appKey: key, masterSecret: master })).toBe(
      `Basic ${Buffer.from(`${key}:${master}`).toString("base64")}`,
    );
  });
});

describe("JPush push", () => {
  it("sends the class in options and in the vendors' own fields", () => {
    expect(jpushClass({ priority: "normal", messageClass: "service" })).toEqual({
      classification: 1,
      third_party_channel: {
        huawei: { importance: "NORMAL" },
        honor: { importance: "NORMAL" },
        vivo: { classification: 1 },
      },
    });
    expect(
      jpushClass({ priority: "normal", messageClass: "service" }, "SUBSCRIPTION").third_party_channel.huawei,
    ).toEqual({
      importance: "NORMAL",
      category: "SUBSCRIPTION",
    });
    expect(jpushClass({ priority: "normal" })).toEqual({
      classification: 0,
      third_party_channel: {
        huawei: { importance: "LOW", category: "MARKETING" },
        honor: { importance: "LOW" },
        vivo: { classification: 0 },
      },
    });
  });

  it("keeps time_to_live in seconds up to three days, a day when unset", () => {
    expect(jpushTtl(undefined)).toBe(86_400);
    expect(jpushTtl(600)).toBe(600);
    expect(jpushTtl(30 * 86_400)).toBe(259_200);
  });

  it("carries the delivery id only with one target, and a deep link as the intent", () => {
    const content = { title: "T", body: "B", url: "app://x", data: { k: "v" } };
    const one = jpushPush(content, { priority: "high" }, ["r1"], { campaignId: "c", deliveryId: "7" });
    expect(one.notification.android).toEqual({
      alert: "B",
      title: "T",
      extras: { k: "v", url: "app://x", herald_c: "c", herald_d: "7" },
      intent: { url: "app://x" },
    });
    const many = jpushPush({ ...content, url: "https://a.example" }, { priority: "high" }, ["r1", "r2"], {
      campaignId: "c",
      deliveryId: null,
    });
    expect(many.notification.android).toEqual({
      alert: "B",
      title: "T",
      extras: { k: "v", url: "https://a.example", herald_c: "c" },
    });
    expect(many.audience).toEqual({ registration_id: ["r1", "r2"] });
    expect(jpushPayloadBytes(many)).toBe(Buffer.byteLength(JSON.stringify(many.notification)));
  });
});

describe("JPush errors", () => {
  it("maps JPush's codes and statuses to what Herald does", () => {
    expect(jpushVerdict(401, 1004)).toBe("configuration");
    expect(jpushVerdict(400, 1008)).toBe("configuration");
    expect(jpushVerdict(403, null)).toBe("configuration");
    expect(jpushVerdict(400, 1011)).toBe("no_target");
    expect(jpushVerdict(400, 1003)).toBe("bad_value");
    expect(jpushVerdict(400, 1005)).toBe("too_large");
    expect(jpushVerdict(429, 2002)).toBe("rate");
    expect(jpushVerdict(429, null)).toBe("rate");
    expect(jpushVerdict(503, 1030)).toBe("retry");
    expect(jpushVerdict(502, null)).toBe("retry");
    expect(jpushVerdict(400, 1002)).toBe("failed");
  });

  it("waits as long as X-Rate-Limit-Reset says, at least a second", () => {
    expect(rateLimitWaitMs({ "x-rate-limit-reset": "42" })).toBe(42_000);
    expect(rateLimitWaitMs({ "x-rate-limit-reset": "0" })).toBe(1000);
    expect(rateLimitWaitMs({})).toBeUndefined();
  });
});
