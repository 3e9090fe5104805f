// The fake FCM server's request validation (proto3 JSON rules) and its deterministic fault draw.
import { describe, expect, it } from "vitest";
import { defaultBehaviour, faultFor, permanentFaultFor } from "@/tests/fakes/fcm/behaviour";
import { validateSendRequest } from "@/tests/fakes/fcm/validate";

describe("fake FCM request validation", () => {
  it("accepts firebase-admin's mix of snake_case and lowerCamel names", () => {
    const body = {
      message: {
        token: "t-1",
        notification: { title: "a", body: "b" },
        android: { collapse_key: "k", ttl: "3600s", priority: "high" },
        webpush: { fcmOptions: { link: "https://x.example" } },
      },
    };
    expect(validateSendRequest(body)).toBeNull();
    expect(
      validateSendRequest({ validate_only: true, message: { topic: "news", android: { collapseKey: "k" } } }),
    ).toBeNull();
  });

  it.each([
    [{ message: { token: "t", foo: 1 } }, "Unknown name \"foo\" at 'message'"],
    [{ message: { token: "t", data: { n: 1 } } }, "message.data[n]"],
    [{ message: { token: "t", android: { ttl: "1h" } } }, "google.protobuf.Duration"],
    [{ message: { token: "t", android: { ttl: "2419201s" } } }, "TTL must be at most"],
    [{ message: { token: "t", topic: "x" } }, "Exactly one of token, topic or condition"],
    [{ message: { token: "t", data: { from: "x" } } }, "Invalid data payload key: from"],
    [{ message: { token: "t", webpush: { fcm_options: { link: "http://x.example" } } } }, "HTTPS"],
    [{ message: { token: "t", apns: { headers: { "apns-priority": "7" } } } }, "APNs priority"],
    [{ message: { token: "t", data: { big: "x".repeat(4100) } } }, "payload size limit"],
  ])("refuses %j", (body, text) => {
    expect(validateSendRequest(body)?.description).toContain(text);
    // With the body's size as received (what the server passes), the same answer.
    expect(validateSendRequest(body, Buffer.byteLength(JSON.stringify(body)))?.description).toContain(text);
  });

  it("reports a malformed token as a token problem", () => {
    expect(validateSendRequest({ message: { token: "has space" } })).toMatchObject({ token: true });
  });
});

describe("fake FCM fault draw", () => {
  it("fails tokens by prefix, exact token and rate, the same way every time", () => {
    const behaviour = {
      ...defaultBehaviour(),
      tokens: { "t-exact": "INTERNAL" as const },
      rates: { UNREGISTERED: 0.1 },
    };
    expect(permanentFaultFor("bad-1", behaviour)).toBe("UNREGISTERED");
    expect(faultFor("t-exact", 0, behaviour)).toBe("INTERNAL");
    const tokens = Array.from({ length: 5000 }, (_, i) => `device-${i}`);
    const dead = tokens.filter((token) => permanentFaultFor(token, behaviour) === "UNREGISTERED");
    expect(dead.length / tokens.length).toBeGreaterThan(0.08);
    expect(dead.length / tokens.length).toBeLessThan(0.12);
    expect(tokens.filter((token) => permanentFaultFor(token, behaviour) === "UNREGISTERED")).toEqual(dead);
  });

  it("reads a new behaviour object afresh (configure() replaces it rather than editing it)", () => {
    const quiet = defaultBehaviour();
    expect(permanentFaultFor("device-1", quiet)).toBeNull();
    const dead = { ...quiet, rates: { UNREGISTERED: 1 } };
    expect(permanentFaultFor("device-1", dead)).toBe("UNREGISTERED");
    expect(permanentFaultFor("device-1", quiet)).toBeNull();
  });

  it("draws transient faults per attempt, so a retried token can succeed", () => {
    const behaviour = { ...defaultBehaviour(), rates: { UNAVAILABLE: 0.5 } };
    const token = Array.from({ length: 100 }, (_, i) => `device-${i}`).find(
      (candidate) => faultFor(candidate, 0, behaviour) === "UNAVAILABLE",
    )!;
    const attempts = Array.from({ length: 20 }, (_, attempt) => faultFor(token, attempt, behaviour));
    expect(attempts).toContain(null);
    expect(permanentFaultFor(token, behaviour)).toBeNull();
  });
});
