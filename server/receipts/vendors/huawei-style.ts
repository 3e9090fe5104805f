// Huawei Push Kit's message receipts (回执), which Honor Push follows. Documents: HMSCore-References
// https-send-receipt-api-0000001051066120 and HMSCore-Guides msg-receipt-guide-0000001050040176
// (VENDORS.md §11 [HW-rcpt]): the receipt URL, and optionally a user name and key, are set in AppGallery
// Connect (Push Kit > 回执); Huawei POSTs JSON {"statuses":[{biTag, appid, token, status, timestamp,
// requestId}]} with at most 100 statuses, signed by the header
// X-HUAWEI-CALLBACK-ID: timestamp=<ms>;nonce=<text>;value=Base64(HmacSHA256(key, timestamp + nonce + user)),
// and wants {"errno":0,"errmsg":"success"} back. status 0 delivered; 2 app uninstalled and 5 token gone
// (the address is dead); 6 notifications off, 10 device inactive 30 days, 15 cache overflow, 102 daily
// cap, 144 profile, 201 send control: not delivered, nothing to record. biTag is what the provider sent
// (the campaign id, server/dispatch/providers/hms/message.ts). Honor: its console takes a receipt URL
// and the send body a biTag (server/dispatch/providers/honor/message.ts); the receipt body and any
// signature are not in a source seen here [unconfirmed, VENDORS.md §11], so Honor receipts are read in
// Huawei's shape and authenticated by the URL's secret alone.
import "server-only";
import { createHmac } from "node:crypto";
import { z } from "zod";
import { sameText } from "@/server/crypto";
import { receiptSigningKey, receiptSigningUser, type ReceiptChannel } from "../receipt-urls";
import type { VendorReceipt } from "../record-vendor-receipts";
import { decodeJson, receiptParam, receiptTime, receiptToken, vendorTime, type ReceiptVendor } from "./types";

export const huaweiReceiptBodySchema = z
  .object({
    statuses: z
      .array(
        z.object({
          biTag: receiptParam.optional(),
          appid: z.string().max(64).optional(),
          token: receiptToken,
          status: z.int(),
          timestamp: receiptTime.optional(),
          requestId: z.string().max(128).optional(),
        }),
      )
      .min(1)
      .max(100),
  })
  .meta({ description: "Huawei Push Kit receipts (Honor Push: the same shape)." });
export type HuaweiReceiptBody = z.infer<typeof huaweiReceiptBodySchema>;

// Statuses that mean the token is dead.
const deadStatuses = new Set([2, 5]);

function receiptsOf(channel: ReceiptChannel, body: HuaweiReceiptBody): VendorReceipt[] {
  const out: VendorReceipt[] = [];
  for (const s of body.statuses) {
    const code = `${channel.toUpperCase()}_RECEIPT_${s.status}`;
    const at = vendorTime(s.timestamp);
    if (s.status === 0) out.push({ campaignId: s.biTag ?? null, token: s.token, kind: "delivered", at, code });
    else if (deadStatuses.has(s.status))
      out.push({ campaignId: s.biTag ?? null, token: s.token, kind: "invalid", at, code });
  }
  return out;
}

// The value Huawei signs a receipt with for this timestamp and nonce.
export function huaweiCallbackSignature(key: string, timestamp: string, nonce: string, user: string): string {
  return createHmac("sha256", key).update(`${timestamp}${nonce}${user}`).digest("base64");
}

// X-HUAWEI-CALLBACK-ID as {timestamp, nonce, value}, null when it is not that.
export function parseCallbackId(header: string): { timestamp: string; nonce: string; value: string } | null {
  const parts = new Map<string, string>();
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0) parts.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const timestamp = parts.get("timestamp");
  const nonce = parts.get("nonce");
  const value = parts.get("value");
  return timestamp && nonce && value ? { timestamp, nonce, value } : null;
}

const example = {
  statuses: [
    {
      biTag: "4f1c2a7e-5b3d-4e8f-9a06-1d2c3b4a5e6f",
      appid: "101234567",
      token: "IQAAAACy0tEwAABCxIX2nT9V1jP9bLh5hKv4dU3v9Jp0uYw",
      status: 0,
      timestamp: 1764900000000,
      requestId: "176490000000012345678",
    },
  ],
};

export const huaweiReceipts: ReceiptVendor<HuaweiReceiptBody> = {
  channel: "hms",
  name: "Huawei Push Kit",
  media: "application/json",
  schema: huaweiReceiptBodySchema,
  example,
  documented:
    "Huawei Push Kit receipts (HMSCore-References https-send-receipt-api): set this URL in AppGallery Connect " +
    "(Push Kit, receipts) with the user name and key `npm run receipts:urls` prints; Huawei signs each POST with " +
    "X-HUAWEI-CALLBACK-ID (HMAC-SHA256 over timestamp + nonce + user), checked when present. " +
    "status 0 marks the delivery delivered; 2 (uninstalled) and 5 (token gone) mark the address invalid.",
  decode: decodeJson,
  receipts: (body) => receiptsOf("hms", body),
  authenticate(request) {
    const header = request.headers.get("x-huawei-callback-id");
    if (!header) return "missing";
    const parsed = parseCallbackId(header);
    if (!parsed) return "invalid";
    const key = receiptSigningKey(request.appId, "hms");
    const expected = huaweiCallbackSignature(key, parsed.timestamp, parsed.nonce, receiptSigningUser);
    return sameText(expected, parsed.value) ? "ok" : "invalid";
  },
  answer: { status: 200, body: { errno: 0, errmsg: "success" } },
};

export const honorReceipts: ReceiptVendor<HuaweiReceiptBody> = {
  channel: "honor",
  name: "Honor Push",
  media: "application/json",
  schema: huaweiReceiptBodySchema,
  example,
  documented:
    "Honor Push receipts: set this URL in the Honor developer console; the body is read in Huawei's shape " +
    "[unconfirmed for Honor], biTag naming the campaign. Honor documents no signature, so the secret in the " +
    "URL authenticates the request.",
  decode: decodeJson,
  receipts: (body) => receiptsOf("honor", body),
  authenticate: () => "missing",
  answer: { status: 200, body: { errno: 0, errmsg: "success" } },
};
