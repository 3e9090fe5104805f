// The vivo Push message for Herald's rendered content (vivo server API v2.9.2, 2.1 单推 /message/send
// and 3.1 saveListPayload; field limits and timeToLive bounds from meetleev/go-multipush vivo/types.go,
// 2025): title at most 40 characters, content 100, timeToLive in seconds (60 s to 1 day), skipType 1
// app home / 2 web link / 4 page in the app (skipContent the URL or intent URI), clientCustomMap at most
// 1024 characters of keys and values, classification 0 ops / 1 system with a category (vivo 消息分类,
// 2023-04-03). classification is always sent: sources disagree on its default (0 per JPush, 1 per
// go-multipush, which also drops a 0 through `omitempty`).
import { randomUUID } from "node:crypto";
import { messageData, textFor, trackingKeys } from "@/lib/campaigns/provider-payloads";
import { vivoChannel, vivoCustomMapChars } from "@/lib/channels/vivo";
import type { DeliveryOptions, RenderedContent } from "../types";

// The categories Herald's two message classes go out with (vivo: IM, ACCOUNT, TODO, DEVICE_REMINDER,
// ORDER, SUBSCRIPTION are system; NEWS, CONTENT, MARKETING, SOCIAL are ops).
export interface VivoCategories {
  service: string;
  marketing: string;
}
// Service messages (news alerts, announcements) as subscription reminders; promotions as marketing.
export const defaultVivoCategories: VivoCategories = { service: "SUBSCRIPTION", marketing: "MARKETING" };

// The text and data limits live in lib/channels/vivo.ts (the composer's budget reads them too).
export const vivoTitleMax = vivoChannel.textChars.title;
export const vivoContentMax = vivoChannel.textChars.body;
export const vivoCustomMapMax = vivoCustomMapChars;
export const vivoTtlMin = 60;
export const vivoTtlMax = 86_400;

// The content fields shared by a single send and a saved list payload.
export interface VivoContent {
  notifyType: 1 | 2 | 3 | 4;
  title: string;
  content: string;
  timeToLive: number;
  skipType: 1 | 2 | 4;
  skipContent?: string;
  networkType: -1;
  classification: 0 | 1;
  category: string;
  clientCustomMap: Record<string, string>;
  pushMode: 0 | 1;
  // Receipts: vivo calls extra.callback back with extra["callback.param"] (the campaign id).
  extra?: { callback: string; "callback.param": string };
}

// vivo's limits on the receipt fields (server API 2.1: callback ≤ 128 characters, callback.param ≤ 64).
export const vivoCallbackUrlMax = 128;
export const vivoCallbackParamMax = 64;

// The receipt request for a campaign, or nothing when no URL is set or it is too long for vivo.
export function vivoCallback(callbackUrl: string | undefined, campaignId: string): Pick<VivoContent, "extra"> {
  if (!callbackUrl || callbackUrl.length > vivoCallbackUrlMax) return {};
  return { extra: { callback: callbackUrl, "callback.param": campaignId.slice(0, vivoCallbackParamMax) } };
}

// Cuts text to `max` characters (code points, as vivo counts), ending in an ellipsis when cut.
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

// The class fields for the campaign's class; a missing class is sent as marketing.
export function vivoClass(options: DeliveryOptions, categories: VivoCategories = defaultVivoCategories) {
  return options.messageClass === "service"
    ? { classification: 1 as const, category: categories.service }
    : { classification: 0 as const, category: categories.marketing };
}

// vivo's timeToLive: the campaign's TTL in seconds within vivo's bounds, a day when unset.
export function vivoTtl(ttlSeconds: number | undefined): number {
  if (ttlSeconds === undefined) return vivoTtlMax;
  return Math.min(vivoTtlMax, Math.max(vivoTtlMin, Math.round(ttlSeconds)));
}

// Sound and vibration: 1 none, 2 sound, 3 vibration, 4 both (vibration for high priority).
function notifyType(options: DeliveryOptions): VivoContent["notifyType"] {
  const high = options.priority === "high";
  if (options.sound) return high ? 4 : 2;
  return high ? 3 : 1;
}

// What a click does: open a web page (skipType 2), a page of the app by deep link (4), or the app (1).
export function vivoSkip(url: string | undefined): Pick<VivoContent, "skipType" | "skipContent"> {
  if (!url) return { skipType: 1 };
  return /^https?:\/\//i.test(url) ? { skipType: 2, skipContent: url } : { skipType: 4, skipContent: url };
}

// The characters vivo counts against clientCustomMap's 1024.
export function customMapLength(map: Record<string, string>): number {
  let total = 0;
  for (const [key, value] of Object.entries(map)) total += key.length + value.length;
  return total;
}

// The content of one message; `deliveryId` null for a list payload shared by many devices (they then
// report opens by campaign and installation).
export function vivoContent(
  content: RenderedContent,
  options: DeliveryOptions,
  ids: { campaignId: string; deliveryId: string | null },
  categories?: VivoCategories,
  pushMode: 0 | 1 = 0,
  callbackUrl?: string,
): VivoContent {
  const data = messageData(content, { campaignId: ids.campaignId, deliveryId: ids.deliveryId ?? "" });
  if (ids.deliveryId === null) delete data[trackingKeys.deliveryId];
  return {
    notifyType: notifyType(options),
    title: clip(textFor(content, "title", vivoTitleMax), vivoTitleMax),
    content: clip(textFor(content, "body", vivoContentMax), vivoContentMax),
    timeToLive: vivoTtl(options.ttlSeconds),
    ...vivoSkip(content.url),
    networkType: -1,
    ...vivoClass(options, categories),
    clientCustomMap: data,
    pushMode,
    ...vivoCallback(callbackUrl, ids.campaignId),
  };
}

// A request's requestId (required, unique, at most 64 characters): the delivery id (or "list") and a
// random part, so vivo's logs name the delivery and no two requests share one.
export function vivoRequestId(deliveryId: string | null): string {
  return `h${deliveryId ?? "list"}-${randomUUID()}`;
}
