// The JSON Herald sends to each push vendor for one localised message, built in one place so the
// payload budget measures exactly what the senders send (isomorphic: the composer measures it live).
// Each builder takes the ids Herald adds for open tracking; the budget passes worst-case placeholders.
// The vendor senders in server/dispatch/providers build their own bodies; tests/unit/campaign-payload
// checks that these never measure less than what those send.
import { hmsReceiptIdMaxLength, hmsServiceCategories } from "@/lib/channels/hms";

// One localised message of a variant (lib/campaigns/input.ts localizedMessage).
export interface PayloadMessage {
  title: string;
  body: string;
  // The short versions for channels whose limit the full text exceeds (see textFor).
  shortTitle?: string;
  shortBody?: string;
  imageUrl?: string;
  url?: string;
  data?: Record<string, string>;
}

// The title or text a channel that shows at most `limit` characters gets: the full one when it fits,
// else the short version when the message has one (the vendor's builder still clips whatever is over,
// which submission refuses: lib/campaigns/payload.ts submitBlockers).
export function textFor(
  message: Pick<PayloadMessage, "title" | "body" | "shortTitle" | "shortBody">,
  part: "title" | "body",
  limit: number,
): string {
  const full = part === "title" ? message.title : message.body;
  const short = part === "title" ? message.shortTitle : message.shortBody;
  return [...full].length <= limit || !short ? full : short;
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

// True when an APNs push of this message is a background (data-only) push: no title and no body to show.
export function apnsIsBackground(message: Pick<PayloadMessage, "title" | "body">): boolean {
  return !message.title.trim() && !message.body.trim();
}

// The APNs payload (the HTTP/2 request body; headers are not counted): aps with the alert (or
// content-available for a data-only push), the campaign as thread-id so iOS groups its
// notifications, then Herald's custom keys (image, the data key-values with url and tracking) at the
// top level. The APNs provider (server/dispatch/providers/apns) sends exactly this.
export function apnsPayload(message: PayloadMessage, options: PayloadOptions, ids: TrackingIds = placeholderIds) {
  const aps = apnsIsBackground(message)
    ? { "content-available": 1 }
    : {
        alert: { title: message.title, body: message.body },
        "thread-id": ids.campaignId,
        ...apsExtras(message, options),
      };
  return {
    aps,
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

// What a tap does on Huawei and Honor: an https link in the browser (type 2; Huawei refuses other
// schemes there), any other link (an app deep link) as an intent URI (type 1), none opens the app (3).
export function hmsClickAction(url: string | undefined) {
  if (!url) return { type: 3 };
  if (/^https:\/\//i.test(url)) return { type: 2, url };
  return { type: 1, intent: url };
}

// Huawei's and Honor's data string: one body serves every token of a request, so it carries the
// campaign id but no delivery id.
function campaignData(message: PayloadMessage, ids: TrackingIds): string {
  return JSON.stringify({
    ...message.data,
    ...(message.url ? { url: message.url } : {}),
    [trackingKeys.campaignId]: ids.campaignId,
  });
}

// The longest android.category an HMS message can carry, and the longest receipt id an app can set
// (lib/channels/hms.ts): the budget measures the worst case, since it does not know the app's settings.
const worstHmsCategory = [...hmsServiceCategories, "MARKETING"].reduce((a, b) => (b.length > a.length ? b : a));
const worstReceiptId = "x".repeat(hmsReceiptIdMaxLength);
// Huawei's longest message cache (15 days) bounds the ttl string.
const hmsMaxTtlSeconds = 1_296_000;
const hmsTtl = (ttlSeconds: number | undefined) =>
  ttlSeconds === undefined ? undefined : `${Math.min(hmsMaxTtlSeconds, Math.max(1, Math.floor(ttlSeconds)))}s`;
const isHttps = (url: string | undefined) => Boolean(url && /^https:\/\//i.test(url));

// The Huawei Push Kit v1 request body without its tokens, the part Huawei counts against 4096 bytes,
// as server/dispatch/providers/hms/message.ts builds it, with the worst case of what depends on the
// app (the longest category, a receipt id). The click opens a deep link (intent, type 1), an https page
// (type 2) or the app (type 3). HMS collapse keys go as the notification tag.
export function hmsMessage(message: PayloadMessage, options: PayloadOptions, ids: TrackingIds = placeholderIds) {
  const ttl = hmsTtl(options.ttlSeconds);
  const sound = options.sound && options.sound !== "default" ? options.sound : undefined;
  return {
    validate_only: false,
    message: {
      data: campaignData(message, ids),
      android: {
        category: worstHmsCategory,
        ...(ttl ? { ttl } : {}),
        bi_tag: ids.campaignId,
        receipt_id: worstReceiptId,
        target_user_type: 0,
        notification: {
          title: message.title,
          body: message.body,
          ...(isHttps(message.imageUrl) ? { image: message.imageUrl } : {}),
          click_action: hmsClickAction(message.url),
          importance: "NORMAL",
          ...(options.collapseKey ? { tag: options.collapseKey } : {}),
          ...(sound ? { sound: `/raw/${sound}`, default_sound: false } : { default_sound: true }),
        },
      },
    },
  };
}

// The Honor Push request body without its tokens (Huawei's in camelCase; honor/message.ts), with the
// worst case of the class: importance NORMAL, which also shows an https image.
export function honorMessage(message: PayloadMessage, options: PayloadOptions, ids: TrackingIds = placeholderIds) {
  const ttl = hmsTtl(options.ttlSeconds);
  return {
    data: campaignData(message, ids),
    android: {
      ...(ttl ? { ttl } : {}),
      biTag: ids.campaignId,
      targetUserType: 0,
      notification: {
        title: message.title,
        body: message.body,
        ...(isHttps(message.imageUrl) ? { image: message.imageUrl } : {}),
        clickAction: hmsClickAction(message.url),
        importance: "NORMAL",
        ...(options.collapseKey ? { tag: options.collapseKey } : {}),
      },
    },
  };
}

// The part of a JPush v3 push JPush counts against its 4000 bytes: the Android notification, with
// the data key-values and tracking ids as extras and a deep link (not http) as the intent.
export function jpushNotification(message: PayloadMessage, ids: TrackingIds = placeholderIds) {
  const deepLink = message.url && !/^https?:\/\//i.test(message.url) ? { intent: { url: message.url } } : {};
  return { android: { alert: message.body, title: message.title, extras: messageData(message, ids), ...deepLink } };
}

// OPPO's action_parameters (the data the app receives): a JSON string OPPO takes up to 4000 characters of.
export function oppoActionParameters(message: PayloadMessage, ids: TrackingIds = placeholderIds): string {
  return JSON.stringify(messageData(message, ids));
}

// The characters vivo counts against clientCustomMap's 1024: every key and value of the data the app
// receives (staff data, url, tracking ids), in UTF-16 units as the vivo provider counts them.
export function vivoCustomMapLength(message: PayloadMessage, ids: TrackingIds = placeholderIds): number {
  let total = 0;
  for (const [key, value] of Object.entries(messageData(message, ids))) total += key.length + value.length;
  return total;
}
