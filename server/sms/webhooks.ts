// What the SMS providers' callbacks mean for Herald (the HTTP side is server/device-api/sms-webhooks.ts):
// - status reports (Twilio's StatusCallback, Aliyun's SmsReport) move the SmsMessage they name, by the
//   provider's message id (or Herald's own id the provider echoes) within the app, forward only:
//   queued -> sent -> delivered | undelivered | failed (a late "sent" after "delivered" changes nothing,
//   the same report twice changes nothing);
// - inbound messages (Twilio's inbound webhook, Aliyun's SmsUp) with an opt-out keyword mark the number
//   opted out, and Twilio's opt-in keywords (START, UNSTOP) give a new consent.
import "server-only";
import { validPhoneNumber } from "@/lib/sms/phone-number";
import { db } from "@/server/db";
import type { SmsStatus } from "@/server/generated/prisma/enums";
import { optInPhoneNumber, optOutPhoneNumber } from "./phone-numbers";

// A provider's report on one message.
export interface SmsStatusReport {
  providerMessageId: string;
  // Herald's SmsMessage id when the provider echoes it (Twilio: the status URL's ?m=, Aliyun: out_id),
  // so a report that overtakes the sender's own record of the provider's id still finds its message.
  messageId?: bigint | null;
  status: "sent" | "delivered" | "undelivered" | "failed";
  errorCode: string | null;
  at: Date;
}

// The statuses a report may move a message from.
const movesFrom: Record<SmsStatusReport["status"], SmsStatus[]> = {
  sent: ["queued"],
  delivered: ["queued", "sent"],
  undelivered: ["queued", "sent"],
  failed: ["queued", "sent"],
};

// Applies reports to the app's messages; answers how many messages changed.
export async function recordSmsStatusReports(appId: string, reports: SmsStatusReport[]): Promise<number> {
  let changed = 0;
  for (const report of reports) {
    const when =
      report.status === "sent"
        ? { sentAt: report.at }
        : report.status === "delivered"
          ? { deliveredAt: report.at }
          : { failedAt: report.at, errorCode: report.errorCode };
    const { count } = await db.smsMessage.updateMany({
      where: {
        OR: [
          { providerMessageId: report.providerMessageId },
          ...(report.messageId ? [{ id: report.messageId, providerMessageId: null }] : []),
        ],
        status: { in: movesFrom[report.status] },
        phoneNumber: { appId },
      },
      data: { status: report.status, providerMessageId: report.providerMessageId, ...when },
    });
    changed += count;
  }
  return changed;
}

// Twilio's opt-out and opt-in keywords (its default Advanced Opt-Out list), matched on the whole
// trimmed message, case-insensitively; Aliyun's customary 退订 replies (TD, T, N, 退订) count as STOP.
const stopKeywords = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]);
const startKeywords = new Set(["START", "UNSTOP", "YES"]);
const aliyunStopKeywords = new Set(["TD", "T", "N", "退订", "STOP", "UNSUBSCRIBE"]);

export type InboundVerdict = "opted_out" | "opted_in" | "ignored";

// What an inbound text asks: the provider's own opt-out classification first (Twilio's OptOutType),
// then the keywords.
export function inboundKeyword(
  provider: "twilio" | "aliyun",
  body: string,
  optOutType?: string | null,
): "stop" | "start" | null {
  const type = optOutType?.toUpperCase();
  if (type === "STOP") return "stop";
  if (type === "START") return "start";
  const word = body.trim().toUpperCase();
  if (provider === "aliyun") return aliyunStopKeywords.has(word) ? "stop" : null;
  if (stopKeywords.has(word)) return "stop";
  if (startKeywords.has(word)) return "start";
  return null;
}

// Applies an inbound text from `from` (E.164) to the app's number, if it has one.
export async function recordInboundSms(
  appId: string,
  provider: "twilio" | "aliyun",
  input: { from: string; body: string; optOutType?: string | null },
): Promise<InboundVerdict> {
  const keyword = inboundKeyword(provider, input.body, input.optOutType);
  if (!keyword) return "ignored";
  const number = validPhoneNumber(input.from);
  if (!number) return "ignored";
  if (keyword === "stop") return (await optOutPhoneNumber(appId, { e164: number.e164 })) ? "opted_out" : "ignored";
  return (await optInPhoneNumber(appId, number.e164)) ? "opted_in" : "ignored";
}

// Aliyun reports numbers as sent: mainland ones without +86, others with their calling code.
export function aliyunE164(phoneNumber: string): string {
  const digits = phoneNumber.replace(/^\+|^00/, "");
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  return `+${digits}`;
}

// Herald's SmsMessage id from an echoed value (digits only), or null.
export function echoedMessageId(value: string | null | undefined): bigint | null {
  return value && /^\d{1,18}$/.test(value) ? BigInt(value) : null;
}
