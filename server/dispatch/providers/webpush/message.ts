// What one Web Push request carries: the plaintext JSON Herald's service worker reads (built by
// lib/campaigns/provider-payloads.ts, which the composer's budget measures too), and the request's
// TTL, Urgency and Topic headers (RFC 8030 §5.2, §5.3, §5.4).
import { createHash } from "node:crypto";
import { webPushPayload } from "@/lib/campaigns/provider-payloads";
import type { DeliveryOptions, OutgoingMessage } from "../types";

// Browsers keep a push for an offline device at most this long when the campaign sets no TTL (what
// web-push and the browsers' own senders use: four weeks).
export const webpushDefaultTtlSeconds = 2_419_200;

// The plaintext of one message: title, body, image, url, collapse tag and the data with Herald's
// tracking ids (herald_c, herald_d), which the service worker reports receipts and clicks with.
export function webpushPlaintext(message: OutgoingMessage, options: DeliveryOptions): string {
  return JSON.stringify(
    webPushPayload(message.content, options, { campaignId: message.campaignId, deliveryId: message.deliveryId }),
  );
}

const topicPattern = /^[A-Za-z0-9_-]{1,32}$/;

// The Topic header for a collapse key: the key itself when it is at most 32 base64url characters (RFC
// 8030 §5.4), else a stable 32-character digest of it, so every send of the campaign replaces the
// browser's earlier pending one just the same.
export function webpushTopic(collapseKey: string | undefined): string | undefined {
  if (!collapseKey) return undefined;
  if (topicPattern.test(collapseKey)) return collapseKey;
  return createHash("sha256").update(collapseKey).digest("base64url").slice(0, 32);
}

// The request's delivery headers as web-push's options take them.
export function webpushRequestOptions(options: DeliveryOptions): {
  TTL: number;
  urgency: "high" | "normal";
  topic?: string;
} {
  const topic = webpushTopic(options.collapseKey);
  return {
    TTL: options.ttlSeconds ?? webpushDefaultTtlSeconds,
    // Breaking news goes out high priority: push services wake a sleeping device for it (RFC 8030 §5.3).
    urgency: options.priority === "high" ? "high" : "normal",
    ...(topic ? { topic } : {}),
  };
}
