// The body of one Huawei Push Kit v1 send request: one notification message to up to 1000 tokens.
// Field rules from HMSCore-References https-send-api-0000001050986197 ("下行消息"): android.category
// marks the message class (a service category needs Huawei's self-classification right; MARKETING,
// or no category at all, is marketing and capped per device per day: HMSCore-Guides
// message-classification-0000001149358835), notification.importance LOW|NORMAL, click_action required
// for notification messages (type 1 intent, 2 https URL, 3 open the app), ttl a string of seconds
// ("86400s", at most 1296000s), data a string (JSON for notification messages), body ≤ 4096 bytes
// without the tokens, bi_tag and receipt_id echoed in receipts.
import { hmsChannel, type HmsSecret, type HmsServiceCategory } from "@/lib/channels/hms";
import { trackingKeys } from "@/lib/campaigns/provider-payloads";
import type { DeliveryOptions, RenderedContent } from "../types";

// Huawei's longest message cache (15 days).
export const hmsMaxTtlSeconds = 1_296_000;
// Huawei's limit on the message body, tokens excluded (the channel's payloadBytes, which the composer's budget reads).
export const hmsMaxBodyBytes = hmsChannel.payloadBytes;

// The category a message goes out with: the app's service category for service messages when Huawei
// granted one, MARKETING otherwise (absent class included): Huawei treats a missing category as marketing anyway.
export function hmsCategory(
  messageClass: DeliveryOptions["messageClass"],
  serviceCategory: HmsServiceCategory | null,
): HmsServiceCategory | "MARKETING" {
  return messageClass === "service" && serviceCategory ? serviceCategory : "MARKETING";
}

// Marketing arrives silently (LOW), service with sound and vibration (NORMAL).
export function hmsImportance(category: string): "LOW" | "NORMAL" {
  return category === "MARKETING" ? "LOW" : "NORMAL";
}

// Seconds as Huawei's duration string, within 1 s .. 15 days; undefined keeps Huawei's default (1 day).
export function hmsTtl(ttlSeconds: number | undefined): string | undefined {
  if (ttlSeconds === undefined) return undefined;
  return `${Math.min(hmsMaxTtlSeconds, Math.max(1, Math.floor(ttlSeconds)))}s`;
}

// What a tap does: an https link opens in the browser (type 2; Huawei refuses other schemes there),
// any other link (an app deep link) opens as an intent URI (type 1), no link opens the app (type 3).
export function hmsClickAction(url: string | undefined) {
  if (!url) return { type: 3 };
  if (/^https:\/\//i.test(url)) return { type: 2, url };
  return { type: 1, intent: url };
}

// The app's data: the staff's key-values, the link under "url", and the campaign id for opens. One
// body serves every token of a request, so no per-device id rides along: an open is matched by
// campaign and installation (POST /api/v1/events), a receipt by bi_tag and token.
export function hmsData(content: RenderedContent, campaignId: string): string {
  return JSON.stringify({
    ...content.data,
    ...(content.url ? { url: content.url } : {}),
    [trackingKeys.campaignId]: campaignId,
  });
}

// A v1 message without its tokens.
export interface HmsMessage {
  data: string;
  android: Record<string, unknown>;
}

// The message for one rendered content of a campaign.
export function hmsMessageFor(
  content: RenderedContent,
  options: DeliveryOptions,
  campaignId: string,
  secret: Pick<HmsSecret, "serviceCategory" | "receiptId">,
): HmsMessage {
  const category = hmsCategory(options.messageClass, secret.serviceCategory);
  const ttl = hmsTtl(options.ttlSeconds);
  const sound = options.sound && options.sound !== "default" ? options.sound : undefined;
  return {
    data: hmsData(content, campaignId),
    android: {
      category,
      ...(ttl ? { ttl } : {}),
      // Receipts name the campaign: with the token it finds the delivery.
      bi_tag: campaignId,
      ...(secret.receiptId ? { receipt_id: secret.receiptId } : {}),
      // 0: a real message (1 would be a test message, 500 a day).
      target_user_type: 0,
      notification: {
        title: content.title,
        body: content.body,
        ...(content.imageUrl && /^https:\/\//i.test(content.imageUrl) ? { image: content.imageUrl } : {}),
        click_action: hmsClickAction(content.url),
        importance: hmsImportance(category),
        // A collapse key replaces the earlier notification with the same tag on the device.
        ...(options.collapseKey ? { tag: options.collapseKey } : {}),
        ...(sound ? { sound: `/raw/${sound}`, default_sound: false } : { default_sound: true }),
      },
    },
  };
}

// Bytes Huawei counts against its limit: the request without the tokens.
export function hmsBodyBytes(message: HmsMessage): number {
  return Buffer.byteLength(JSON.stringify({ validate_only: false, message }));
}

// The request body for `tokens` (validateOnly: Huawei checks it and sends nothing).
export function hmsRequestBody(message: HmsMessage, tokens: string[], validateOnly = false): string {
  return JSON.stringify({ validate_only: validateOnly, message: { ...message, token: tokens } });
}
