// The composer's payload budget (lib/campaigns/payload) against what the vendor senders really build
// (server/dispatch/providers/<vendor>/message.ts): for many contents and options, the budget never
// measures less than the body a provider sends, equals it for the worst case of the app's settings, and
// the providers cut titles and bodies at exactly the lengths the budget warns about.
import { describe, expect, it } from "vitest";
import { charCount, jsonBytes, payloadLimits } from "@/lib/campaigns/payload";
import {
  hmsMessage,
  honorMessage,
  jpushNotification,
  oppoActionParameters,
  placeholderIds,
  vivoCustomMapLength,
  type PayloadMessage,
} from "@/lib/campaigns/provider-payloads";
import { hmsBodyBytes, hmsMessageFor } from "@/server/dispatch/providers/hms/message";
import { honorBodyBytes, honorMessageFor } from "@/server/dispatch/providers/honor/message";
import { jpushPayloadBytes, jpushPush } from "@/server/dispatch/providers/jpush/message";
import { oppoMessage } from "@/server/dispatch/providers/oppo/message";
import type { DeliveryOptions } from "@/server/dispatch/providers/types";
import { customMapLength, vivoContent } from "@/server/dispatch/providers/vivo/message";
import { xiaomiSendFields } from "@/server/dispatch/providers/xiaomi/message";

const campaignId = placeholderIds.campaignId.replace(/0/g, "a");
const deliveryId = placeholderIds.deliveryId;

const contents: PayloadMessage[] = [
  { title: "Breaking", body: "Something happened" },
  { title: "头条新闻".repeat(20), body: "发生了一件大事".repeat(40), url: "https://news.example/a/1" },
  { title: "🎉 Sale", body: "😀".repeat(200), url: "shop://deal/42", imageUrl: "https://cdn.example/p.png" },
  { title: "t", body: "b", data: { article: "42", section: "头条" }, imageUrl: "http://insecure.example/p.png" },
];
const optionSets: DeliveryOptions[] = [
  { priority: "normal" },
  { priority: "high", ttlSeconds: 3600, collapseKey: "news", sound: "ping" },
  { priority: "normal", ttlSeconds: 99_999_999, sound: "default", messageClass: "service" },
  { priority: "high", ttlSeconds: 1, messageClass: "marketing" },
];
const cases = contents.flatMap((content) => optionSets.map((options) => ({ content, options })));

describe("the payload budget measures at least what the providers send", () => {
  it("Huawei: equal for the longest category and receipt id, never less", () => {
    for (const { content, options } of cases) {
      const budget = jsonBytes(hmsMessage(content, options));
      const worst = { serviceCategory: "DEVICE_REMINDER" as const, receiptId: "x".repeat(64) };
      const service = { ...options, messageClass: "service" as const };
      expect(hmsBodyBytes(hmsMessageFor(content, service, campaignId, worst))).toBe(budget);
      const plain = { serviceCategory: null, receiptId: null };
      expect(hmsBodyBytes(hmsMessageFor(content, options, campaignId, plain))).toBeLessThanOrEqual(budget);
    }
  });

  it("Honor: equal for a service message, never less", () => {
    for (const { content, options } of cases) {
      const budget = jsonBytes(honorMessage(content, options));
      expect(honorBodyBytes(honorMessageFor(content, { ...options, messageClass: "service" }, campaignId))).toBe(
        budget,
      );
      expect(honorBodyBytes(honorMessageFor(content, options, campaignId))).toBeLessThanOrEqual(budget);
    }
  });

  it("JPush: equal for a push to one device, never less for a shared one", () => {
    for (const { content, options } of cases) {
      const budget = jsonBytes(jpushNotification(content));
      expect(jpushPayloadBytes(jpushPush(content, options, ["r1"], { campaignId, deliveryId }))).toBe(budget);
      const shared = jpushPush(content, options, ["r1", "r2"], { campaignId, deliveryId: null });
      expect(jpushPayloadBytes(shared)).toBeLessThanOrEqual(budget);
    }
  });

  it("OPPO: action_parameters as measured; title and content cut at the budget's limits", () => {
    const secret = { appKey: "k", masterSecret: "s", serviceChannelId: null };
    for (const { content, options } of cases) {
      const { notification } = oppoMessage({ secret, content, options, campaignId, deliveryId, regId: "r" });
      expect(charCount(notification.action_parameters)).toBe(charCount(oppoActionParameters(content)));
      expect(charCount(notification.title)).toBe(Math.min(charCount(content.title), payloadLimits.oppoTitle));
      expect(charCount(notification.content)).toBeLessThanOrEqual(payloadLimits.oppoBody);
      if (charCount(content.body) <= payloadLimits.oppoBody) expect(notification.content).toBe(content.body);
    }
  });

  it("vivo: clientCustomMap as measured; title and content cut at the budget's limits", () => {
    for (const { content, options } of cases) {
      const sent = vivoContent(content, options, { campaignId, deliveryId });
      expect(customMapLength(sent.clientCustomMap)).toBe(vivoCustomMapLength(content));
      expect(charCount(sent.title)).toBe(Math.min(charCount(content.title), payloadLimits.vivoTitle));
      expect(charCount(sent.content)).toBe(Math.min(charCount(content.body), payloadLimits.vivoBody));
    }
  });

  it("Xiaomi: title and description cut at the budget's limits", () => {
    const secret = { appSecret: "s", packageName: "com.example.app", serviceChannelId: "1", marketingChannelId: "2" };
    for (const { content, options } of cases) {
      const fields = xiaomiSendFields({ secret, content, options, campaignId, regIds: ["r"], deliveryId });
      expect(charCount(String(fields.title))).toBe(Math.min(charCount(content.title), payloadLimits.xiaomiTitle));
      expect(charCount(String(fields.description))).toBe(Math.min(charCount(content.body), payloadLimits.xiaomiBody));
    }
  });
});
