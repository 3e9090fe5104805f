// The per-device FCM message: notification, data with tracking ids, and the Android, APNs and Web
// Push blocks built from the campaign's delivery options.
import { describe, expect, it } from "vitest";
import {
  buildFcmMessage,
  fcmMessageBytes,
  fcmMessageFrom,
  fcmPayloadBytes,
  fcmTemplate,
} from "@/server/dispatch/providers/fcm/message";
import type { DeliveryOptions, OutgoingMessage } from "@/server/dispatch/providers/types";

const base: OutgoingMessage & { token: string } = {
  deliveryId: "42",
  deviceId: "device-1",
  installationId: "install-1",
  platform: "ios",
  token: "token-1",
  campaignId: "campaign-1",
  variantKey: "B",
  locale: "zh-CN",
  content: { title: "标题", body: "正文", url: "https://app.example/a", data: { section: "news" } },
};
const now = Date.parse("2026-11-25T10:00:00Z");

describe("buildFcmMessage", () => {
  it("builds high-priority blocks with TTL, collapse key, sound and badge", () => {
    const options: DeliveryOptions = {
      priority: "high",
      ttlSeconds: 600,
      collapseKey: "score-update",
      sound: "ping.caf",
      badge: 2,
    };
    const message = buildFcmMessage(base, options, now);
    expect(message.token).toBe("token-1");
    expect(message.notification).toEqual({ title: "标题", body: "正文" });
    expect(message.data).toEqual({
      section: "news",
      url: "https://app.example/a",
      herald_c: "campaign-1",
      herald_d: "42",
    });
    expect(message.android).toEqual({
      priority: "high",
      ttl: 600_000,
      collapseKey: "score-update",
      notification: { sound: "ping.caf", notificationCount: 2 },
    });
    expect(message.apns).toEqual({
      headers: {
        "apns-priority": "10",
        "apns-expiration": String(now / 1000 + 600),
        "apns-collapse-id": "score-update",
      },
      payload: { aps: { sound: "ping.caf", badge: 2 } },
    });
    expect(message.webpush).toEqual({
      headers: { Urgency: "high", TTL: "600", Topic: "score-update" },
      fcmOptions: { link: "https://app.example/a" },
    });
  });

  it("builds normal priority without TTL or collapse key, and asks iOS to fetch the image", () => {
    const message = buildFcmMessage(
      { ...base, content: { ...base.content, imageUrl: "https://cdn.example/i.png", url: "myapp://open" } },
      { priority: "normal" },
      now,
    );
    expect(message.notification).toEqual({ title: "标题", body: "正文", imageUrl: "https://cdn.example/i.png" });
    expect(message.android).toEqual({ priority: "normal", notification: {} });
    expect(message.apns).toEqual({
      headers: { "apns-priority": "5" },
      payload: { aps: { mutableContent: true } },
      fcmOptions: { imageUrl: "https://cdn.example/i.png" },
    });
    // A deep link is no web link: FCM only opens https links from a web notification.
    expect(message.webpush).toEqual({ headers: { Urgency: "normal" } });
  });

  it("sends no Web Push Topic for a collapse key Web Push cannot carry", () => {
    const message = buildFcmMessage(base, { priority: "normal", collapseKey: "breaking news: storm" }, now);
    expect(message.webpush?.headers).toEqual({ Urgency: "normal" });
    expect(message.android?.collapseKey).toBe("breaking news: storm");
  });

  it("measures the notification and data in UTF-8 bytes", () => {
    const message = buildFcmMessage(base, { priority: "normal" }, now);
    expect(fcmPayloadBytes(message)).toBe(
      Buffer.byteLength(JSON.stringify({ notification: { title: "标题", body: "正文" }, data: message.data })),
    );
  });

  it("shares one template per rendered content: only the token and the delivery id differ", () => {
    const options: DeliveryOptions = { priority: "high", ttlSeconds: 60 };
    const template = fcmTemplate(base.content, options, "campaign-1", now);
    const first = fcmMessageFrom(template, "token-a", "7");
    const second = fcmMessageFrom(template, "token-b", "123456789012");
    expect(first).toEqual(buildFcmMessage({ ...base, token: "token-a", deliveryId: "7" }, options, now));
    expect(second.data).toMatchObject({ herald_c: "campaign-1", herald_d: "123456789012" });
    expect(second.android).toBe(first.android);
    expect(fcmMessageBytes(template, "123456789012")).toBe(fcmPayloadBytes(second));
  });
});
