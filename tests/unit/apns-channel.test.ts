// The APNs channel's pure parts: the credential form (a P-256 .p8 key, Apple's ids, bundle id,
// environment) and its summary, device-token validation, the request mapping (push type, priority,
// expiration, collapse id, thread id, mutable-content) and how Apple's answers are read.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { apnsTokenPattern, isP256PrivateKeyPem } from "@/lib/channels/apns";
import { parseCredential } from "@/lib/channels";
import { apnsRetryAfterMs, apnsVerdict } from "@/server/dispatch/providers/apns/errors";
import { apnsRequest } from "@/server/dispatch/providers/apns/notification";
import { registerDeviceSchema } from "@/server/device-api/device-schema";
import { deliveryOptions } from "@/lib/campaigns/input";

const pem = (type: "pkcs8" | "sec1", curve = "P-256") =>
  String(generateKeyPairSync("ec", { namedCurve: curve }).privateKey.export({ type, format: "pem" }));
const rsa = String(
  generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }),
);
const form = {
  key: pem("pkcs8"),
  keyId: "ABC123DEFG",
  teamId: "TEAM123456",
  bundleId: "com.example.app",
  environment: "sandbox",
};
const errors = (raw: unknown) => {
  const result = parseCredential("apns", raw);
  return result.ok ? [] : result.error.issues.map((issue) => issue.message);
};

describe("APNs credential form", () => {
  it("seals the key and summarises everything but it", () => {
    const result = parseCredential("apns", form);
    expect(result).toMatchObject({
      ok: true,
      secret: { keyId: "ABC123DEFG", teamId: "TEAM123456", bundleId: "com.example.app", environment: "sandbox" },
      summary: { keyId: "ABC123DEFG", teamId: "TEAM123456", bundleId: "com.example.app", environment: "sandbox" },
    });
    expect(JSON.stringify(result.ok && result.summary)).not.toContain("PRIVATE");
  });

  it("accepts P-256 keys only, as PKCS#8 (.p8) or SEC1", () => {
    expect(isP256PrivateKeyPem(form.key)).toBe(true);
    expect(isP256PrivateKeyPem(pem("sec1"))).toBe(true);
    expect(isP256PrivateKeyPem(pem("pkcs8", "P-384"))).toBe(false);
    expect(isP256PrivateKeyPem(rsa)).toBe(false);
    expect(isP256PrivateKeyPem("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----")).toBe(false);
    expect(isP256PrivateKeyPem(form.key.replace("PRIVATE KEY-----\n", "PRIVATE KEY-----\nAAAA"))).toBe(false);
  });

  it.each([
    [{ ...form, key: "" }, "apnsKeyRequired"],
    [{ ...form, key: rsa }, "apnsKeyInvalid"],
    [{ ...form, keyId: "abc" }, "apnsKeyIdInvalid"],
    [{ ...form, teamId: "" }, "apnsTeamIdRequired"],
    [{ ...form, teamId: "team123456" }, "apnsTeamIdInvalid"],
    [{ ...form, bundleId: "" }, "apnsBundleIdRequired"],
    [{ ...form, bundleId: "app" }, "apnsBundleIdInvalid"],
    [{ ...form, environment: "staging" }, "apnsEnvironmentInvalid"],
  ])("refuses %#", (raw, code) => expect(errors(raw)).toContain(code));
});

describe("APNs device tokens", () => {
  const install = "00000000-0000-4000-8000-000000000001";
  it("takes 64 or more hex digits on the device API and refuses anything else with a field error", () => {
    expect(apnsTokenPattern.test("ab".repeat(32))).toBe(true);
    expect(apnsTokenPattern.test("ab".repeat(40))).toBe(true);
    const ok = registerDeviceSchema.safeParse({
      installationId: install,
      platform: "ios",
      channel: "apns",
      token: "f".repeat(64),
    });
    expect(ok.success).toBe(true);
    const bad = registerDeviceSchema.safeParse({
      installationId: install,
      platform: "ios",
      addresses: [{ channel: "mqtt" }, { channel: "apns", token: "not-a-token" }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ["addresses", 1, "token"] });
  });
});

describe("APNs request mapping", () => {
  const now = 1_800_000_000_000;
  const ids = { campaignId: "c-1", deliveryId: "42" };
  it("maps priority, TTL, collapse key, thread id, image and background", () => {
    const alert = apnsRequest(
      { title: "T", body: "B", imageUrl: "https://i.example/x.jpg" },
      { priority: "high", ttlSeconds: 600, collapseKey: "k", sound: "ping.caf", badge: 2 },
      ids,
      now,
    );
    expect(alert).toEqual({
      pushType: "alert",
      priority: 10,
      expiry: 1_800_000_600,
      collapseId: "k",
      payload: {
        aps: {
          alert: { title: "T", body: "B" },
          "thread-id": "c-1",
          sound: "ping.caf",
          badge: 2,
          "mutable-content": 1,
        },
        image: "https://i.example/x.jpg",
        herald_c: "c-1",
        herald_d: "42",
      },
    });
    expect(apnsRequest({ title: "T", body: "B" }, { priority: "normal", ttlSeconds: 0 }, ids, now)).toMatchObject({
      priority: 5,
      expiry: 0,
    });
    expect(apnsRequest({ title: "T", body: "B" }, { priority: "normal" }, ids, now)).not.toHaveProperty("expiry");
    expect(apnsRequest({ title: " ", body: "", data: { a: "1" } }, { priority: "high" }, ids, now)).toEqual({
      pushType: "background",
      priority: 5,
      payload: { aps: { "content-available": 1 }, a: "1", herald_c: "c-1", herald_d: "42" },
    });
  });
});

describe("collapse keys", () => {
  it("are at most 64 bytes of UTF-8, as apns-collapse-id is, so the composer and submit refuse longer ones", () => {
    expect(deliveryOptions.safeParse({ collapseKey: "k".repeat(64) }).success).toBe(true);
    const chinese = deliveryOptions.safeParse({ collapseKey: "新".repeat(22) });
    expect(chinese.success).toBe(false);
    expect(chinese.error!.issues.map((issue) => issue.message)).toContain("collapseKeyTooLong");
    expect(deliveryOptions.safeParse({ collapseKey: "新".repeat(21) }).success).toBe(true);
  });
});

describe("APNs answers", () => {
  it.each([
    [410, "Unregistered", "invalid_token"],
    [400, "BadDeviceToken", "invalid_token"],
    [400, "DeviceTokenNotForTopic", "invalid_token"],
    [429, "TooManyRequests", "retry"],
    [500, undefined, "retry"],
    [503, "ServiceUnavailable", "retry"],
    [undefined, undefined, "retry"],
    [403, "ExpiredProviderToken", "configuration"],
    [403, "InvalidProviderToken", "configuration"],
    [403, "MissingProviderToken", "configuration"],
    [400, "BadTopic", "configuration"],
    [400, "TopicDisallowed", "configuration"],
    [413, "PayloadTooLarge", "failed"],
    [400, "BadCollapseId", "failed"],
  ] as const)("%s %s is %s", (status, reason, verdict) => expect(apnsVerdict(status, reason)).toBe(verdict));
  it("backs off longer after 429 than after 503", () => {
    expect(apnsRetryAfterMs(429)).toBeGreaterThan(apnsRetryAfterMs(503)!);
    expect(apnsRetryAfterMs(500)).toBeUndefined();
  });
});
