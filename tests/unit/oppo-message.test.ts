// The OPPO Push message Herald builds per device (class fields, seconds TTL, style and clipping,
// click, action_parameters), the auth signature, what each OPPO code means, and the credential form.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { oppoChannel } from "@/lib/channels/oppo";
import { msUntilChinaMidnight } from "@/server/dispatch/providers/vendor-https";
import { clip, notifyIdOf } from "@/server/dispatch/providers/vendor-text";
import { oppoSign } from "@/server/dispatch/providers/oppo/auth";
import { classifyOppoCode, oppoClassFields, oppoClick, oppoMessage } from "@/server/dispatch/providers/oppo/message";

const secret = { appKey: "appKey01", masterSecret: "master0123", serviceChannelId: "svc" };
const noon = Date.parse("2026-12-07T04:00:00Z"); // 12:00 in Beijing

describe("oppoMessage", () => {
  it("sends service as SUBSCRIPTION at level 2 on the private channel, marketing (and unset) as MARKETING", () => {
    expect(oppoClassFields({ priority: "high", messageClass: "service" }, secret)).toEqual({
      category: "SUBSCRIPTION",
      notify_level: 2,
      channel_id: "svc",
    });
    expect(
      oppoClassFields({ priority: "high", messageClass: "service" }, { ...secret, serviceChannelId: null }),
    ).toEqual({
      category: "SUBSCRIPTION",
      notify_level: 2,
    });
    expect(oppoClassFields({ priority: "high" }, secret)).toEqual({ category: "MARKETING", notify_level: 1 });
  });

  it("builds the per-device message with seconds TTL (at most 10 days), dedupe id and tracking ids", () => {
    const built = oppoMessage({
      secret,
      content: { title: "T", body: "short", url: "https://a.example", data: { k: "v" } },
      options: { priority: "normal", ttlSeconds: 30 * 86_400, collapseKey: "ck" },
      campaignId: "c1",
      deliveryId: "42",
      regId: "reg-1",
    });
    expect(built).toMatchObject({ target_type: 2, target_value: "reg-1" });
    expect(built.notification).toMatchObject({
      app_message_id: "42",
      style: 1,
      off_line_ttl: 864_000,
      notify_id: notifyIdOf("ck"),
      click_action_type: 2,
      click_action_url: "https://a.example",
    });
    expect(JSON.parse(built.notification.action_parameters)).toEqual({
      k: "v",
      url: "https://a.example",
      herald_c: "c1",
      herald_d: "42",
    });
  });

  it("uses the long-text style past 50 characters and clips at 128", () => {
    const built = oppoMessage({
      secret,
      content: { title: "标".repeat(60), body: "字".repeat(200) },
      options: { priority: "normal" },
      campaignId: "c1",
      deliveryId: "1",
      regId: "r",
    });
    expect(built.notification.style).toBe(2);
    expect(Array.from(built.notification.content)).toHaveLength(128);
    expect(Array.from(built.notification.title)).toHaveLength(50);
    expect(built.notification).not.toHaveProperty("off_line_ttl");
  });

  it("opens the app, a web page (2) or an intent scheme URL (5)", () => {
    expect(oppoClick(undefined)).toEqual({ click_action_type: 0 });
    expect(oppoClick("http://x")).toEqual({ click_action_type: 2, click_action_url: "http://x" });
    expect(oppoClick("app://x")).toEqual({ click_action_type: 5, click_action_url: "app://x" });
  });
});

describe("OPPO codes and signature", () => {
  it("signs sha256(app_key + timestamp + master_secret) in hex", () => {
    const expected = createHash("sha256").update("appKey011700000000000master0123").digest("hex");
    expect(oppoSign("appKey01", 1_700_000_000_000, "master0123")).toBe(expected);
  });

  it("classifies each code", () => {
    expect(classifyOppoCode(0)).toEqual({ kind: "sent" });
    expect(classifyOppoCode(11)).toEqual({ kind: "reauth", errorCode: "11" });
    expect(classifyOppoCode(10000)).toEqual({ kind: "invalid_token", errorCode: "10000" });
    expect(classifyOppoCode(-2)).toEqual({ kind: "retry", errorCode: "-2", retryAfterMs: 1000 });
    expect(classifyOppoCode(33, "", noon)).toEqual({
      kind: "retry",
      errorCode: "33",
      retryAfterMs: 12 * 3_600_000,
      quota: true,
    });
    for (const code of [14, 15, 16, 28, 30, 67]) expect(classifyOppoCode(code).kind).toBe("configuration");
    expect(classifyOppoCode(40).kind).toBe("failed");
  });
});

describe("shared helpers", () => {
  it("clips by characters and counts to midnight in China", () => {
    expect(clip("abc", 3)).toBe("abc");
    expect(clip("abcd", 3)).toBe("ab…");
    expect(msUntilChinaMidnight(Date.parse("2026-12-07T15:59:59Z"))).toBe(1000);
    expect(notifyIdOf("x")).toBeLessThan(2 ** 31);
  });
});

describe("oppo channel description", () => {
  it("validates the form and summarises ids only", () => {
    const parsed = oppoChannel.credential.form.parse({
      appKey: "appKey01",
      masterSecret: "master0123",
      serviceChannelId: " ",
    });
    expect(parsed.serviceChannelId).toBeNull();
    const summary = oppoChannel.credential.summary(oppoChannel.credential.secret(parsed));
    expect(summary).toEqual({ appKey: "appKey01", serviceChannelId: null });
    const bad = oppoChannel.credential.form.safeParse({ appKey: "k!", masterSecret: "" });
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual(["oppoAppKeyInvalid", "oppoMasterSecretRequired"]);
  });
});
