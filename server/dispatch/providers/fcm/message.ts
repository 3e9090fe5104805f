// Builds the firebase-admin message for one device. On the wire (after firebase-admin renames the
// fields) it is lib/campaigns/provider-payloads.ts fcmMessage() plus the token, so the composer's
// payload budget measures what is sent, with a Web Push Topic added when the collapse key fits one.
import type { TokenMessage } from "firebase-admin/messaging";
import { messageData } from "@/lib/campaigns/provider-payloads";
import type { DeliveryOptions, OutgoingMessage } from "../types";

const isWebUrl = (url: string | undefined): url is string => Boolean(url && /^https:\/\//i.test(url));
// Web Push Topic: at most 32 characters of the URL-safe base64 alphabet (RFC 8030).
const isWebPushTopic = (key: string) => /^[A-Za-z0-9_-]{1,32}$/.test(key);

// The firebase-admin TokenMessage for `message` (whose token must be set) under the campaign's options.
export function buildFcmMessage(message: OutgoingMessage & { token: string }, options: DeliveryOptions, nowMs = Date.now()): TokenMessage {
  const { content } = message;
  const high = options.priority === "high";
  const ttl = options.ttlSeconds;
  const collapseKey = options.collapseKey;
  const image = content.imageUrl;
  return {
    token: message.token,
    notification: { title: content.title, body: content.body, ...(image ? { imageUrl: image } : {}) },
    data: messageData(content, { campaignId: message.campaignId, deliveryId: message.deliveryId }),
    android: {
      priority: high ? "high" : "normal",
      // firebase-admin takes milliseconds and sends "<seconds>s".
      ...(ttl !== undefined ? { ttl: ttl * 1000 } : {}),
      ...(collapseKey ? { collapseKey } : {}),
      notification: {
        ...(options.sound ? { sound: options.sound } : {}),
        ...(options.badge !== undefined ? { notificationCount: options.badge } : {}),
      },
    },
    apns: {
      headers: {
        "apns-priority": high ? "10" : "5",
        // APNs wants the moment the message expires (Unix seconds), not a duration.
        ...(ttl !== undefined ? { "apns-expiration": String(Math.floor(nowMs / 1000) + ttl) } : {}),
        ...(collapseKey ? { "apns-collapse-id": collapseKey } : {}),
      },
      payload: {
        aps: {
          ...(options.sound ? { sound: options.sound } : {}),
          ...(options.badge !== undefined ? { badge: options.badge } : {}),
          // Lets the app's notification service extension download the image.
          ...(image ? { mutableContent: true } : {}),
        },
      },
      ...(image ? { fcmOptions: { imageUrl: image } } : {}),
    },
    webpush: {
      headers: {
        Urgency: high ? "high" : "normal",
        ...(ttl !== undefined ? { TTL: String(ttl) } : {}),
        ...(collapseKey && isWebPushTopic(collapseKey) ? { Topic: collapseKey } : {}),
      },
      // FCM only opens https links from a web notification.
      ...(isWebUrl(content.url) ? { fcmOptions: { link: content.url } } : {}),
    },
  };
}

// The bytes FCM counts against its 4096-byte limit: the notification and the data.
export function fcmPayloadBytes(message: TokenMessage): number {
  const notification = message.notification ? { title: message.notification.title, body: message.notification.body, image: message.notification.imageUrl } : undefined;
  return Buffer.byteLength(JSON.stringify({ notification, data: message.data }));
}
