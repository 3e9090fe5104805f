// The MiPush send request for one rendered content and a group of registration ids, and what MiPush's
// answer means. Rules and their documents (dev.mi.com/xiaomihyperos/documentation/detail, pId=1559
// server API, pId=1560 error codes, pId=1558 SDK / receipts; field list cross-checked with
// meetleev/go-multipush mi/types.go):
// - POST /v3/message/regid, form-encoded, dotted keys for extras; `registration_id` comma-joined;
//   `title` under 50 characters, `description` under 128; `pass_through` 0 = notification bar;
//   `notify_id` 0..2^31-1 (same id replaces the shown notification); `time_to_live` in MILLISECONDS.
// - `extra.channel_id` classifies the push: the app's 私信 (service) or 公信 (marketing) channel; since
//   2024-11-04 a push without one goes to the 1-a-day default channel or is refused, so it is always sent.
// - Click: `extra.notify_effect` 1 open the app, 2 an intent (`extra.intent_uri`), 3 a web page (`extra.web_uri`).
// - `payload` is the string the app's receiver gets: Herald's data key-values as JSON.
// - `extra.jobkey` (≤ 20 of [0-9A-Za-z_-], not starting with _): the device shows only the first message
//   of a jobkey, so one per campaign makes a request sent again after a timeout show once.
// - Answers {result, code, reason, data.id}, HTTP 200 also for business errors; no per-regid result.
import { messageData, textFor, trackingKeys } from "@/lib/campaigns/provider-payloads";
import { xiaomiChannel, type XiaomiSecret } from "@/lib/channels/xiaomi";
import { msUntilChinaMidnight } from "../vendor-https";
import { clip, notifyIdOf } from "../vendor-text";
import type { DeliveryOptions, RenderedContent } from "../types";

// Most registration ids per request.
export const xiaomiMaxRegIds = 1000;
// Longest title and description MiPush accepts (it wants fewer than 50 and 128 characters): the
// channel's description holds the numbers, which the composer's budget reads too.
export const xiaomiTitleMax = xiaomiChannel.textChars.title;
export const xiaomiDescriptionMax = xiaomiChannel.textChars.body;
const maxTtlMs = 14 * 86_400_000;

// Where MiPush posts this app's receipts (Herald's /api/v1/receipts/xiaomi/… URL, server/receipts/receipt-urls.ts).
export interface XiaomiReceipts {
  url: string;
}

// The campaign's jobkey: "h" and a 64-bit hash of its id in base 36 (at most 14 characters).
export function xiaomiJobKey(campaignId: string): string {
  let high = 0x811c9dc5;
  let low = 0x01000193;
  for (let i = 0; i < campaignId.length; i++) {
    high = Math.imul(high ^ campaignId.charCodeAt(i), 0x01000193);
    low = Math.imul(low ^ campaignId.charCodeAt(i), 0x5bd1e995);
  }
  return `h${(high >>> 0).toString(36)}${(low >>> 0).toString(36)}`.slice(0, 20);
}

// The class a campaign's options map to ("marketing" when unset: never over-claim service).
export function xiaomiClassOf(options: DeliveryOptions): "service" | "marketing" {
  return options.messageClass ?? "marketing";
}

// The form fields of one send to `regIds` (one rendered content; `deliveryId` when it is one device).
export function xiaomiSendFields(input: {
  secret: XiaomiSecret;
  content: RenderedContent;
  options: DeliveryOptions;
  campaignId: string;
  regIds: string[];
  deliveryId?: string;
  receipts?: XiaomiReceipts;
}): Record<string, string | number | undefined> {
  const { secret, content, options, campaignId } = input;
  const messageClass = xiaomiClassOf(options);
  const data = messageData(content, { campaignId, deliveryId: input.deliveryId ?? "" });
  // Several devices share one request and so one payload: the messageId would be wrong for all but one.
  if (!input.deliveryId) delete data[trackingKeys.deliveryId];
  const url = content.url;
  const web = url !== undefined && /^https?:\/\//i.test(url);
  const ttl = options.ttlSeconds;
  return {
    registration_id: input.regIds.join(","),
    restricted_package_name: secret.packageName,
    pass_through: 0,
    title: clip(textFor(content, "title", xiaomiTitleMax), xiaomiTitleMax),
    description: clip(textFor(content, "body", xiaomiDescriptionMax), xiaomiDescriptionMax),
    notify_type: -1,
    notify_id: notifyIdOf(options.collapseKey ?? campaignId),
    time_to_live: ttl === undefined ? undefined : Math.min(ttl * 1000, maxTtlMs),
    payload: JSON.stringify(data),
    "extra.channel_id": messageClass === "service" ? secret.serviceChannelId : secret.marketingChannelId,
    "extra.notify_effect": url ? (web ? "3" : "2") : "1",
    "extra.web_uri": web ? url : undefined,
    "extra.intent_uri": url && !web ? url : undefined,
    "extra.notify_foreground": "1",
    "extra.jobkey": xiaomiJobKey(campaignId),
    ...(input.receipts
      ? {
          "extra.callback": input.receipts.url,
          // 1 delivered + 2 clicked + 16 invalid target.
          "extra.callback.type": 19,
          "extra.callback.param": campaignId.slice(0, 64),
        }
      : {}),
  };
}

// What one MiPush answer means for every device of its request.
export type XiaomiOutcome =
  | { kind: "sent"; messageId?: string }
  | { kind: "invalid_token"; errorCode: string }
  | { kind: "retry"; errorCode: string; retryAfterMs?: number; quota?: true }
  | { kind: "failed"; errorCode: string }
  | { kind: "configuration"; errorCode: string; message: string };

// Codes that mean the app's setup is wrong (secret, package, channel), not the message.
const configurationCodes: Record<number, string> = {
  21301: "The Xiaomi AppSecret is wrong (MiPush answered 21301: invalid application secret).",
  22022: "The package name does not belong to this Xiaomi AppSecret (MiPush answered 22022).",
  27001: "The Xiaomi channel id is not one of the app's channels (MiPush answered 27001).",
  10031: "The app is blacklisted by MiPush (10031).",
};

// Classifies an answer: HTTP status and the parsed JSON body (null when it was not JSON).
export function classifyXiaomiAnswer(
  status: number,
  body: Record<string, unknown> | null,
  nowMs = Date.now(),
): XiaomiOutcome {
  if (status === 429) return { kind: "retry", errorCode: "HTTP_429", retryAfterMs: 1000 };
  if (status >= 500 || !body) return { kind: "retry", errorCode: `HTTP_${status}` };
  if (status === 401 || status === 403)
    return { kind: "configuration", errorCode: `HTTP_${status}`, message: `MiPush refused the AppSecret (${status}).` };
  const code = Number(body.code);
  const data = body.data as { id?: unknown } | undefined;
  if (body.result === "ok" && code === 0)
    return { kind: "sent", ...(typeof data?.id === "string" ? { messageId: data.id } : {}) };
  const errorCode = String(Number.isFinite(code) ? code : "UNKNOWN");
  const reason = typeof body.reason === "string" ? body.reason : "";
  // A batch answered "No valid targets!": every regid of it is dead (MiPush names none).
  if (code === 20301) return { kind: "invalid_token", errorCode };
  if (configurationCodes[code])
    return { kind: "configuration", errorCode, message: `${configurationCodes[code]} ${reason}`.trim() };
  if (code === 10027) return { kind: "retry", errorCode, retryAfterMs: 1000 };
  if (code === 10034) return { kind: "retry", errorCode, retryAfterMs: msUntilChinaMidnight(nowMs), quota: true };
  if (code === 10002 || code === 10001 || code === 10003) return { kind: "retry", errorCode };
  // Parameter, content and callback errors: this message cannot go as it is.
  return { kind: "failed", errorCode };
}
