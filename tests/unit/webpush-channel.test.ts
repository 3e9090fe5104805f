// Web Push's channel description and message options: subscription validation (what registration
// accepts as a webpush token), the canonical token, VAPID key shapes, the credential form, the Topic
// a collapse key becomes, and Retry-After.
import { createECDH, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseCredential } from "@/lib/channels";
import {
  base64urlBytes,
  isP256PublicKey,
  isVapidSubject,
  parseSubscriptionToken,
  subscriptionProblem,
  subscriptionToken,
  webpushChannel,
} from "@/lib/channels/webpush";
import { payloadLimits } from "@/lib/campaigns/payload";
import { webpushRequestOptions, webpushTopic } from "@/server/dispatch/providers/webpush/message";
import { retryAfterMs } from "@/server/dispatch/providers/webpush/provider";

const ecdh = createECDH("prime256v1");
ecdh.generateKeys();
const p256dh = ecdh.getPublicKey().toString("base64url");
const auth = randomBytes(16).toString("base64url");
const endpoint = "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91bH";

describe("Web Push subscriptions", () => {
  it("accepts a browser's PushSubscription.toJSON() and stores endpoint and keys only, in a fixed order", () => {
    const browser = { endpoint, expirationTime: null, keys: { auth, p256dh } };
    expect(subscriptionProblem(browser)).toBeNull();
    const token = subscriptionToken(browser);
    expect(token).toBe(JSON.stringify({ endpoint, keys: { p256dh, auth } }));
    expect(parseSubscriptionToken(token)).toEqual({ endpoint, keys: { p256dh, auth } });
  });

  it.each([
    [null, /PushSubscription/],
    [{ endpoint: "http://push.example/x", keys: { p256dh, auth } }, /https/],
    [{ endpoint: "not a url", keys: { p256dh, auth } }, /https/],
    [{ endpoint: `https://push.example/${"x".repeat(2100)}`, keys: { p256dh, auth } }, /2048/],
    [{ endpoint }, /keys/],
    [{ endpoint, keys: { p256dh: p256dh.slice(0, 80), auth } }, /p256dh/],
    [{ endpoint, keys: { p256dh: `A${p256dh.slice(1)}`, auth } }, /p256dh/],
    [{ endpoint, keys: { p256dh: p256dh.replace(/.$/, "+"), auth } }, /p256dh/],
    [{ endpoint, keys: { p256dh, auth: randomBytes(12).toString("base64url") } }, /auth/],
  ])("refuses %j", (value, problem) => {
    expect(subscriptionProblem(value)).toMatch(problem);
  });

  it("decodes base64url with and without padding-free lengths, refusing other alphabets", () => {
    expect(base64urlBytes("AQID")).toEqual(new Uint8Array([1, 2, 3]));
    expect(base64urlBytes("_-8")).toEqual(new Uint8Array([255, 239]));
    expect(base64urlBytes("ab+/")).toBeNull();
    expect(base64urlBytes("abcde")).toBeNull();
    expect(isP256PublicKey(p256dh)).toBe(true);
    expect(parseSubscriptionToken("nope")).toBeNull();
  });
});

describe("Web Push credential form", () => {
  it("takes a subject alone (keys generated later) or both keys, never one", () => {
    const subjectOnly = parseCredential("webpush", {
      subject: "mailto:ops@news.example",
      publicKey: "",
      privateKey: "",
    });
    expect(subjectOnly).toMatchObject({ ok: true, secret: { subject: "mailto:ops@news.example", publicKey: "" } });
    const half = parseCredential("webpush", { subject: "https://news.example", publicKey: p256dh });
    expect(half.ok).toBe(false);
    expect(JSON.stringify(!half.ok && half.error.issues)).toContain("webpushKeyPairIncomplete");
    expect(isVapidSubject("mailto:ops@news.example")).toBe(true);
    expect(isVapidSubject("https://news.example")).toBe(true);
    expect(isVapidSubject("http://news.example")).toBe(false);
    expect(isVapidSubject("ops@news.example")).toBe(false);
  });

  it("describes the 2,969-byte plaintext budget the composer measures", () => {
    expect(webpushChannel.payloadBytes).toBe(2969);
    expect(payloadLimits.webpush).toBe(webpushChannel.payloadBytes);
  });
});

describe("Web Push request options", () => {
  it("maps priority to Urgency, TTL with a four-week default, and the collapse key to a Topic", () => {
    expect(webpushRequestOptions({ priority: "high", ttlSeconds: 60, collapseKey: "story_1" })).toEqual({
      TTL: 60,
      urgency: "high",
      topic: "story_1",
    });
    expect(webpushRequestOptions({ priority: "normal" })).toEqual({ TTL: 2_419_200, urgency: "normal" });
    expect(webpushRequestOptions({ priority: "normal", ttlSeconds: 0 }).TTL).toBe(0);
  });

  it("hashes a collapse key that is no Topic into 32 base64url characters, the same each time", () => {
    const long = "world/quake-2026-12-07 live";
    expect(webpushTopic(long)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(webpushTopic(long)).toBe(webpushTopic(long));
    expect(webpushTopic(`${long}!`)).not.toBe(webpushTopic(long));
    expect(webpushTopic(undefined)).toBeUndefined();
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("17")).toBe(17_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfterMs(inAMinute)).toBeGreaterThan(55_000);
  });
});
