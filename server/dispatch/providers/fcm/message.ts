// Builds the firebase-admin message for one device. On the wire (after firebase-admin renames the
// fields) it is lib/campaigns/provider-payloads.ts fcmMessage() plus the token, so the composer's
// payload budget measures what is sent, with a Web Push Topic added when the collapse key fits one.
import type { TokenMessage } from "firebase-admin/messaging";
import { messageData, trackingKeys } from "@/lib/campaigns/provider-payloads";
import type { DeliveryOptions, OutgoingMessage, RenderedContent } from "../types";

const isWebUrl = (url: string | undefined): url is string => Boolean(url && /^https:\/\//i.test(url));
// Web Push Topic: at most 32 characters of the URL-safe base64 alphabet (RFC 8030).
const isWebPushTopic = (key: string) => /^[A-Za-z0-9_-]{1,32}$/.test(key);

// Everything of a message but the token and the delivery id: shared by every device that gets the
// same rendered content in one batch (firebase-admin deep-copies each message before changing it).
export interface FcmTemplate {
  message: Omit<TokenMessage, "token">;
  // Payload bytes with an empty delivery id.
  bytes: number;
}

// The template for one rendered content of a campaign.
export function fcmTemplate(
  content: RenderedContent,
  options: DeliveryOptions,
  campaignId: string,
  nowMs = Date.now(),
): FcmTemplate {
  const high = options.priority === "high";
  const ttl = options.ttlSeconds;
  const collapseKey = options.collapseKey;
  const image = content.imageUrl;
  const message: FcmTemplate["message"] = {
    notification: { title: content.title, body: content.body, ...(image ? { imageUrl: image } : {}) },
    data: messageData(content, { campaignId, deliveryId: "" }),
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
  return { message, bytes: fcmPayloadBytes(message) };
}

// One device's message from a template: its token and its delivery id in the data.
export function fcmMessageFrom(template: FcmTemplate, token: string, deliveryId: string): TokenMessage {
  const { message } = template;
  return { ...message, token, data: { ...message.data, [trackingKeys.deliveryId]: deliveryId } };
}

// The payload bytes of fcmMessageFrom(template, _, deliveryId) (ids are digits: no JSON escaping).
export function fcmMessageBytes(template: FcmTemplate, deliveryId: string): number {
  return template.bytes + Buffer.byteLength(deliveryId);
}

// The firebase-admin TokenMessage for `message` (whose token must be set) under the campaign's options.
export function buildFcmMessage(
  message: OutgoingMessage & { token: string },
  options: DeliveryOptions,
  nowMs = Date.now(),
): TokenMessage {
  return fcmMessageFrom(
    fcmTemplate(message.content, options, message.campaignId, nowMs),
    message.token,
    message.deliveryId,
  );
}

// The bytes FCM counts against its 4096-byte limit: the notification and the data.
export function fcmPayloadBytes(message: Omit<TokenMessage, "token">): number {
  const notification = message.notification
    ? { title: message.notification.title, body: message.notification.body, image: message.notification.imageUrl }
    : undefined;
  return Buffer.byteLength(JSON.stringify({ notification, data: message.data }));
}
