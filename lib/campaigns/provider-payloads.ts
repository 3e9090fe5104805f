// The JSON Herald sends to each push vendor for one localised message, built in one place so the
// payload budget measures exactly what the senders send (isomorphic: the composer measures it live).
// Each builder takes the ids Herald adds for open tracking; the budget passes worst-case placeholders.

// One localised message of a variant (lib/campaigns/input.ts localizedMessage).
export interface PayloadMessage {
  title: string;
  body: string;
  imageUrl?: string;
  url?: string;
  data?: Record<string, string>;
}

// Delivery options shared by every message of a campaign (lib/campaigns/input.ts deliveryOptions).
export interface PayloadOptions {
  priority?: "high" | "normal";
  ttlSeconds?: number;
  collapseKey?: string;
  sound?: string;
  badge?: number;
}

// The ids each message carries so opens can be attributed ([4/4]); the keys are Herald's own.
export interface TrackingIds {
  campaignId: string;
  deliveryId: string;
}
export const trackingKeys = { campaignId: "herald_c", deliveryId: "herald_d" } as const;

// The longest ids there can be: a UUID and a PostgreSQL bigint. Used to measure the worst case.
export const placeholderIds: TrackingIds = {
  campaignId: "00000000-0000-0000-0000-000000000000",
  deliveryId: "9223372036854775807",
};
// apns-expiration is a Unix time in seconds: ten digits until the year 2286.
const placeholderExpiry = 9_999_999_999;

const tracking = (ids: TrackingIds) => ({
  [trackingKeys.campaignId]: ids.campaignId,
  [trackingKeys.deliveryId]: ids.deliveryId,
});
const isWebUrl = (url: string | undefined) => Boolean(url && /^https?:\/\//i.test(url));

// The key-values an app receives: the staff's data, the click target under "url", then the tracking
// ids (last, so a staff key of the same name cannot hide them).
export function messageData(message: PayloadMessage, ids: TrackingIds): Record<string, string> {
  return { ...message.data, ...(message.url ? { url: message.url } : {}), ...tracking(ids) };
}

// FCM HTTP v1 `message` (without the token) as it goes over the wire: notification, data and the
// Android, APNs (iOS via FCM) and web overrides. FCM counts less than all of it against 4096 bytes,
// so measuring the whole message errs on the side of refusing.
export function fcmMessage(
  message: PayloadMessage,
  options: PayloadOptions,
  ids: TrackingIds = placeholderIds,
  expiresAt = placeholderExpiry,
) {
  const high = options.priority === "high";
  const ttl = options.ttlSeconds;
  return {
    notification: {
      title: message.title,
      body: message.body,
      ...(message.imageUrl ? { image: message.imageUrl } : {}),
    },
    data: messageData(message, ids),
    android: {
      priority: high ? "high" : "normal",
      ...(ttl !== undefined ? { ttl: `${ttl}s` } : {}),
      ...(options.collapseKey ? { collapse_key: options.collapseKey } : {}),
      notification: {
        ...(options.sound ? { sound: options.sound } : {}),
        ...(options.badge !== undefined ? { notification_count: options.badge } : {}),
      },
    },
    apns: {
      headers: {
        "apns-priority": high ? "10" : "5",
        ...(ttl !== undefined ? { "apns-expiration": String(expiresAt) } : {}),
        ...(options.collapseKey ? { "apns-collapse-id": options.collapseKey } : {}),
      },
      payload: { aps: apsExtras(message, options) },
      ...(message.imageUrl ? { fcm_options: { image: message.imageUrl } } : {}),
    },
    webpush: {
      headers: { Urgency: high ? "high" : "normal", ...(ttl !== undefined ? { TTL: String(ttl) } : {}) },
      // FCM only opens https links from a web notification.
      ...(isWebUrl(message.url) ? { fcm_options: { link: message.url } } : {}),
    },
  };
}

// The parts of `aps` besides the alert: sound, badge, and mutable-content so the notification
// service extension can download the image.
function apsExtras(message: PayloadMessage, options: PayloadOptions) {
  return {
    ...(options.sound ? { sound: options.sound } : {}),
    ...(options.badge !== undefined ? { badge: options.badge } : {}),
    ...(message.imageUrl ? { "mutable-content": 1 } : {}),
  };
}

// The APNs payload (the HTTP/2 request body; headers are not counted): aps with the alert, then
// Herald's custom keys (image, the data key-values with url and tracking) at the top level.
export function apnsPayload(message: PayloadMessage, options: PayloadOptions, ids: TrackingIds = placeholderIds) {
  return {
    aps: { alert: { title: message.title, body: message.body }, ...apsExtras(message, options) },
    ...(message.imageUrl ? { image: message.imageUrl } : {}),
    ...messageData(message, ids),
  };
}

// The plaintext Herald's service worker receives (encrypted by the Web Push sender).
export function webPushPayload(message: PayloadMessage, options: PayloadOptions, ids: TrackingIds = placeholderIds) {
  return {
    title: message.title,
    body: message.body,
    ...(message.imageUrl ? { image: message.imageUrl } : {}),
    ...(message.url ? { url: message.url } : {}),
    ...(options.collapseKey ? { tag: options.collapseKey } : {}),
    ...(options.badge !== undefined ? { badgeCount: options.badge } : {}),
    data: { ...message.data, ...tracking(ids) },
  };
}

// Huawei Push Kit v1 `message` (without the token): the data travels as one JSON string, the click
// opens a deep link (intent, type 1), a web page (url, type 2) or the app (type 3). HMS collapse keys
// are numbers and its badge needs the app's launcher class, so Herald sends neither there.
export function hmsMessage(message: PayloadMessage, options: PayloadOptions, ids: TrackingIds = placeholderIds) {
  const click = message.url
    ? isWebUrl(message.url)
      ? { type: 2, url: message.url }
      : { type: 1, intent: message.url }
    : { type: 3 };
  return {
    data: JSON.stringify(messageData(message, ids)),
    android: {
      urgency: options.priority === "high" ? "HIGH" : "NORMAL",
      ...(options.ttlSeconds !== undefined ? { ttl: `${options.ttlSeconds}s` } : {}),
      notification: {
        title: message.title,
        body: message.body,
        ...(message.imageUrl ? { image: message.imageUrl } : {}),
        ...(options.sound ? { sound: options.sound } : {}),
        click_action: click,
      },
    },
  };
}
