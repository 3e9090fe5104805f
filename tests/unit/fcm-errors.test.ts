// How firebase-admin's error codes map to Herald's send outcomes, and Retry-After parsing.
import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "@/server/dispatch/providers/fcm/call";
import { classifyFcmError, retryDelayMs } from "@/server/dispatch/providers/fcm/errors";
import { readFcmSettings } from "@/server/dispatch/providers/fcm/settings";

describe("classifyFcmError", () => {
  it.each([
    ["messaging/registration-token-not-registered", "Requested entity was not found.", "invalid_token", "UNREGISTERED"],
    [
      "messaging/invalid-argument",
      "The registration token is not a valid FCM registration token",
      "invalid_token",
      "INVALID_ARGUMENT",
    ],
    ["messaging/invalid-argument", "Invalid value at 'message.android.ttl'", "failed", "INVALID_ARGUMENT"],
    ["messaging/invalid-payload", "data must only contain string values", "failed", "INVALID_PAYLOAD"],
    ["messaging/payload-size-limit-exceeded", "too big", "failed", "PAYLOAD_TOO_LARGE"],
    ["messaging/message-rate-exceeded", "Quota exceeded", "retry", "QUOTA_EXCEEDED"],
    ["messaging/server-unavailable", "unavailable", "retry", "UNAVAILABLE"],
    ["messaging/internal-error", "internal", "retry", "INTERNAL"],
    ["app/network-timeout", "timeout of 15000ms exceeded", "retry", "TIMEOUT"],
    ["app/network-error", "socket hang up", "retry", "NETWORK"],
    ["messaging/mismatched-credential", "SenderId mismatch", "configuration", "SENDER_ID_MISMATCH"],
    [
      "messaging/third-party-auth-error",
      "Auth error from APNS or Web Push Service",
      "configuration",
      "THIRD_PARTY_AUTH_ERROR",
    ],
    ["messaging/authentication-error", "401", "configuration", "UNAUTHENTICATED"],
    [
      "app/invalid-credential",
      'failed to fetch a valid Google OAuth2 access token with the following error: "invalid_grant: Invalid JWT ' +
        'Signature."',
      "configuration",
      "INVALID_CREDENTIAL",
    ],
    [
      "app/invalid-credential",
      'failed to fetch ... "request to https://oauth2.googleapis.com/token failed, reason: connect ECONNREFUSED"',
      "retry",
      "TOKEN_FETCH",
    ],
    ["messaging/something-new", "?", "retry", "SOMETHING_NEW"],
    [undefined, undefined, "retry", "UNKNOWN"],
  ])("%s (%s) -> %s %s", (code, message, outcome, errorCode) => {
    expect(classifyFcmError(code, message)).toEqual({ outcome, errorCode });
  });
});

describe("retry delays", () => {
  it("waits at least a minute after QUOTA_EXCEEDED and otherwise what Retry-After said", () => {
    expect(retryDelayMs("QUOTA_EXCEEDED", undefined)).toBe(60_000);
    expect(retryDelayMs("QUOTA_EXCEEDED", 120_000)).toBe(120_000);
    expect(retryDelayMs("UNAVAILABLE", 5000)).toBe(5000);
    expect(retryDelayMs("UNAVAILABLE", undefined)).toBeUndefined();
    // The minimum after QUOTA_EXCEEDED is a setting (tests shorten it); Retry-After still wins when longer.
    expect(retryDelayMs("QUOTA_EXCEEDED", undefined, 2000)).toBe(2000);
    expect(retryDelayMs("QUOTA_EXCEEDED", 3000, 2000)).toBe(3000);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-11-25T10:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 25 Nov 2026 10:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("readFcmSettings", () => {
  it("reads the knobs with defaults and ignores nonsense", () => {
    expect(readFcmSettings({})).toEqual({
      concurrency: 8,
      sessions: 8,
      requestTimeoutMs: 15_000,
      quotaMinBackoffMs: 60_000,
    });
    expect(readFcmSettings({ HERALD_FCM_CONCURRENCY: "4" })).toMatchObject({ concurrency: 4, sessions: 4 });
    expect(
      readFcmSettings({
        HERALD_FCM_CONCURRENCY: "16",
        HERALD_FCM_SESSIONS: "0",
        HERALD_FCM_TIMEOUT_MS: "2000",
        HERALD_FCM_QUOTA_MIN_BACKOFF_MS: "2500",
      }),
    ).toEqual({ concurrency: 16, sessions: 0, requestTimeoutMs: 2000, quotaMinBackoffMs: 2500 });
    expect(
      readFcmSettings({
        HERALD_FCM_CONCURRENCY: "0",
        HERALD_FCM_SESSIONS: "-1",
        HERALD_FCM_TIMEOUT_MS: "x",
        HERALD_FCM_QUOTA_MIN_BACKOFF_MS: "-5",
      }),
    ).toEqual({ concurrency: 8, sessions: 8, requestTimeoutMs: 15_000, quotaMinBackoffMs: 60_000 });
  });
});
