// The JPush v3 push for Herald's rendered content (jpush/jpush-docs rest_api_v3_push.md; options from
// jpush/jiguang-sdk-java Options.java; vendor class fields from docs.jiguang.cn
// jpush/practice/vendor_classification_quota): platform android, audience.registration_id (at most 1000),
// notification.android {alert, title, extras}, options {time_to_live in seconds (free apps at most
// 3 days), classification 0 ops / 1 system, third_party_channel per vendor}. The class is always sent, in
// options and in each vendor's own field (Huawei's category and Honor's importance), since a missing
// class counts as marketing on Huawei and as either class on vivo depending on the source.
import { messageData, trackingKeys } from "@/lib/campaigns/provider-payloads";
import type { DeliveryOptions, RenderedContent } from "../types";

export const jpushTtlMax = 259_200;

// The JPush request body.
export interface JpushPush {
  platform: "android";
  audience: { registration_id: string[] };
  notification: {
    android: {
      alert: string;
      title: string;
      extras: Record<string, string>;
      intent?: { url: string };
    };
  };
  options: {
    time_to_live: number;
    classification: 0 | 1;
    third_party_channel: Record<string, Record<string, string | number>>;
  };
  // Receipts: JPush posts delivered (1) and clicked (2) events to url with params (the campaign id).
  callback?: { url: string; params: Record<string, string>; type: number };
}

// The callback a push asks for (jiguang-sdk-java Callback / CallbackType: 3 = delivered + clicked).
export function jpushCallback(url: string | undefined, campaignId: string): Pick<JpushPush, "callback"> {
  return url ? { callback: { url, params: { [trackingKeys.campaignId]: campaignId }, type: 3 } } : {};
}

// The vendor fields for a class; Huawei's service category is the app's own (it needs Huawei's
// self-classification right), so it is sent only when the app's settings name one.
export function jpushClass(options: DeliveryOptions, huaweiServiceCategory?: string) {
  const service = options.messageClass === "service";
  const huawei: Record<string, string> = { importance: service ? "NORMAL" : "LOW" };
  if (!service) huawei.category = "MARKETING";
  else if (huaweiServiceCategory) huawei.category = huaweiServiceCategory;
  return {
    classification: service ? (1 as const) : (0 as const),
    third_party_channel: {
      huawei,
      honor: { importance: service ? "NORMAL" : "LOW" },
      vivo: { classification: service ? 1 : 0 },
    },
  };
}

// JPush's time_to_live: the campaign's TTL in seconds up to the free tier's 3 days, a day when unset.
export function jpushTtl(ttlSeconds: number | undefined): number {
  if (ttlSeconds === undefined) return 86_400;
  return Math.min(jpushTtlMax, Math.max(0, Math.round(ttlSeconds)));
}

// One push of `content` to `regIds`. The extras carry the campaign id, and the delivery id when the
// push has one target (a shared push cannot: its devices report opens by campaign and installation).
// A deep link (not http) becomes the notification's intent; a web link travels as extras.url.
export function jpushPush(
  content: RenderedContent,
  options: DeliveryOptions,
  regIds: string[],
  ids: { campaignId: string; deliveryId: string | null },
  huaweiServiceCategory?: string,
  callbackUrl?: string,
): JpushPush {
  const extras = messageData(content, { campaignId: ids.campaignId, deliveryId: ids.deliveryId ?? "" });
  if (ids.deliveryId === null) delete extras[trackingKeys.deliveryId];
  const deepLink = content.url && !/^https?:\/\//i.test(content.url) ? { intent: { url: content.url } } : {};
  return {
    platform: "android",
    audience: { registration_id: regIds },
    notification: { android: { alert: content.body, title: content.title, extras, ...deepLink } },
    options: { time_to_live: jpushTtl(options.ttlSeconds), ...jpushClass(options, huaweiServiceCategory) },
    ...jpushCallback(callbackUrl, ids.campaignId),
  };
}

// The bytes JPush counts against its 4000 (the Android notification and message).
export function jpushPayloadBytes(push: JpushPush): number {
  return Buffer.byteLength(JSON.stringify(push.notification));
}
