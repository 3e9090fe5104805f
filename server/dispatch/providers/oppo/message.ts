// The OPPO Push message for one device, and what OPPO's answers mean. Rules and their documents
// (open.oppomobile.com developmentDoc 11236 单点推送 and 11234 common return codes, copies in GitHub
// code; meetleev/go-multipush oppo/types.go; 2024-11-20 message classification notice):
// - unicast takes the form field message=<JSON>, unicast_batch messages=<JSON array> (up to 1,000);
//   each {target_type 2 (registration id), target_value, notification:{...}}.
// - notification: title ≤ 50 characters; content ≤ 50 in the standard style (style 1), ≤ 128 in the
//   long-text style (style 2); click_action_type 0 app | 2 URL | 5 intent scheme with click_action_url;
//   action_parameters a JSON string (≤ 4000) the app receives; off_line_ttl in SECONDS (max 10 days);
//   app_message_id de-duplicates (one push per target per id: a retried delivery is not shown twice).
// - Class: `category` (通讯与服务: IM, ACCOUNT, DEVICE_REMINDER, ORDER, TODO, SUBSCRIPTION; 内容与营销:
//   NEWS, CONTENT, MARKETING, SOCIAL) and `notify_level` (1 bar, 2 bar + lock screen + sound, 16 + banner,
//   which needs a granted right), plus the private channel's `channel_id` for service messages.
//   Herald sends service as SUBSCRIPTION (content the user subscribed to) at level 2 on the private
//   channel, marketing as MARKETING at level 1, always explicitly (OPPO answers 67 for a bad pair).
// - Answers {code, message, data}, HTTP 200 for business errors; a batch answered code 0 still
//   carries a per-item errorCode in data[] for the items that failed.
import { messageData, textFor } from "@/lib/campaigns/provider-payloads";
import { oppoChannel, oppoStandardContentChars, type OppoSecret } from "@/lib/channels/oppo";
import { msUntilChinaMidnight } from "../vendor-https";
import { clip, notifyIdOf } from "../vendor-text";
import type { DeliveryOptions, RenderedContent } from "../types";

export const oppoMaxBatch = 1000;
// The text limits live in the channel's description (the composer's budget reads them too).
export const oppoTitleMax = oppoChannel.textChars.title;
const standardContentMax = oppoStandardContentChars;
const longContentMax = oppoChannel.textChars.body;
// off_line_ttl: OPPO keeps an offline message at most 10 days (longer values are cut to 10 days).
const maxTtlSeconds = 10 * 86_400;

// The class a campaign's options map to ("marketing" when unset: never over-claim service).
export function oppoClassFields(options: DeliveryOptions, secret: OppoSecret) {
  const service = (options.messageClass ?? "marketing") === "service";
  return service
    ? {
        category: "SUBSCRIPTION",
        notify_level: 2,
        ...(secret.serviceChannelId ? { channel_id: secret.serviceChannelId } : {}),
      }
    : { category: "MARKETING", notify_level: 1 };
}

// The click: a web page (2), another scheme as an intent URL (5), or open the app (0).
export function oppoClick(url: string | undefined) {
  if (!url) return { click_action_type: 0 };
  return /^https?:\/\//i.test(url)
    ? { click_action_type: 2, click_action_url: url }
    : { click_action_type: 5, click_action_url: url };
}

// The message JSON for one device.
export function oppoMessage(input: {
  secret: OppoSecret;
  content: RenderedContent;
  options: DeliveryOptions;
  campaignId: string;
  deliveryId: string;
  regId: string;
  callbackUrl?: string;
}) {
  const { content, options } = input;
  const body = textFor(content, "body", longContentMax);
  const long = Array.from(body).length > standardContentMax;
  const ttl = options.ttlSeconds;
  return {
    target_type: 2,
    target_value: input.regId,
    notification: {
      app_message_id: input.deliveryId,
      style: long ? 2 : 1,
      title: clip(textFor(content, "title", oppoTitleMax), oppoTitleMax),
      content: clip(body, long ? longContentMax : standardContentMax),
      ...oppoClick(content.url),
      action_parameters: JSON.stringify(
        messageData(content, { campaignId: input.campaignId, deliveryId: input.deliveryId }),
      ),
      off_line: true,
      ...(ttl !== undefined ? { off_line_ttl: Math.max(1, Math.min(ttl, maxTtlSeconds)) } : {}),
      notify_id: notifyIdOf(options.collapseKey ?? input.campaignId),
      ...oppoClassFields(options, input.secret),
      ...(input.callbackUrl
        ? { call_back_url: input.callbackUrl, call_back_parameter: input.campaignId.slice(0, 100) }
        : {}),
    },
  };
}

// What a code means for the messages it answers.
export type OppoOutcome =
  | { kind: "sent"; messageId?: string }
  | { kind: "invalid_token"; errorCode: string }
  | { kind: "retry"; errorCode: string; retryAfterMs?: number; quota?: true }
  | { kind: "failed"; errorCode: string }
  | { kind: "configuration"; errorCode: string; message: string }
  // 11: the auth token is invalid or expired; fetch a new one and send again (once).
  | { kind: "reauth"; errorCode: string };

const configurationCodes: Record<number, string> = {
  14: "The OPPO AppKey is invalid (14).",
  15: "The OPPO AppKey is invalid (15).",
  16: "The OPPO signature is wrong: check the MasterSecret (16).",
  28: "The app is disabled on OPPO Push (28).",
  30: "The app has no permission for this OPPO API (30).",
  67:
    "OPPO refused the message class: the category or notify_level needs a right the app lacks, " +
    "or the channel id is not its private channel (67).",
};

// Classifies a code from OPPO (the answer's, or an item's errorCode).
export function classifyOppoCode(code: number, message = "", nowMs = Date.now()): OppoOutcome {
  const errorCode = String(code);
  if (code === 0) return { kind: "sent" };
  if (code === 11) return { kind: "reauth", errorCode };
  if (code === 10000) return { kind: "invalid_token", errorCode };
  if (configurationCodes[code])
    return { kind: "configuration", errorCode, message: `${configurationCodes[code]} ${message}`.trim() };
  if (code === -2 || code === 13 || code === 55) return { kind: "retry", errorCode, retryAfterMs: 1000 };
  if (code === 33) return { kind: "retry", errorCode, retryAfterMs: msUntilChinaMidnight(nowMs), quota: true };
  if (code === -1) return { kind: "retry", errorCode };
  return { kind: "failed", errorCode };
}
