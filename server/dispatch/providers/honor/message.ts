// The body of one Honor Push send request: one notification message to many tokens. Honor's body is
// Huawei's in camelCase (go-multipush honor/types.go, after developer.honor.com/cn/docs/11002/
// reference/downlink-message): data a string, android.ttl "86400s" (at most 15 days), biTag,
// targetUserType 0|1, notification {title, body, image, clickAction {type 1 intent|2 URL|3 app},
// importance LOW|NORMAL, tag}. The class is importance: NORMAL is service and communication (needs
// Honor's approval), LOW is news and marketing, capped per device and day (VENDORS.md §9).
import { honorChannel } from "@/lib/channels/honor";
import type { DeliveryOptions, RenderedContent } from "../types";
import { hmsClickAction, hmsData, hmsTtl } from "../hms/message";

// Honor's limit on the message body, tokens excluded [unconfirmed for Honor: Huawei's 4096 bytes].
export const honorMaxBodyBytes = honorChannel.payloadBytes;

// The importance a message goes out with: NORMAL for service messages, LOW otherwise (absent class
// included: the marketing class, sent explicitly).
export function honorImportance(messageClass: DeliveryOptions["messageClass"]): "LOW" | "NORMAL" {
  return messageClass === "service" ? "NORMAL" : "LOW";
}

// A message without its tokens.
export interface HonorMessage {
  data: string;
  android: Record<string, unknown>;
}

// The message for one rendered content of a campaign (the data and click rules are Huawei's).
export function honorMessageFor(content: RenderedContent, options: DeliveryOptions, campaignId: string): HonorMessage {
  const ttl = hmsTtl(options.ttlSeconds);
  const click = hmsClickAction(content.url);
  const importance = honorImportance(options.messageClass);
  return {
    data: hmsData(content, campaignId),
    android: {
      ...(ttl ? { ttl } : {}),
      // Receipts name the campaign: with the token it finds the delivery.
      biTag: campaignId,
      targetUserType: 0,
      notification: {
        title: content.title,
        body: content.body,
        // Honor shows a custom image on service messages only (go-multipush types.go, after Honor's doc).
        ...(importance === "NORMAL" && content.imageUrl && /^https:\/\//i.test(content.imageUrl)
          ? { image: content.imageUrl }
          : {}),
        clickAction: click,
        importance,
        ...(options.collapseKey ? { tag: options.collapseKey } : {}),
      },
    },
  };
}

// Bytes counted against the limit: the request without the tokens.
export function honorBodyBytes(message: HonorMessage): number {
  return Buffer.byteLength(JSON.stringify(message));
}

// The request body for `tokens`.
export function honorRequestBody(message: HonorMessage, tokens: string[]): string {
  return JSON.stringify({ ...message, token: tokens });
}
