// JPush (极光) receipts. Documents: the v3 push's top-level `callback: {url, params, type}` (jpush/
// jiguang-sdk-java bean/push/callback/Callback.java; type a bitmask per enums/callback/CallbackType.java:
// 1 delivered, 2 clicked, 8 push accepted; VENDORS.md §7 and §11 [JP-sdk]). Herald sends this URL,
// params {"herald_c": <campaign id>} and type 3. Jiguang's callback document (docs.jiguang.cn
// jums/advanced/callback) says its callbacks are POSTs, retried 3 times 50 s apart unless answered HTTP
// 200, that a callback URL must first pass a GET check echoing `echostr`, and shows that check
// authenticated with HTTP Basic appKey:masterSecret. The body is read as a JSON array of events
// [{msg_id, registration_id, type, params, platform, timestamp}] [shape unconfirmed: no published copy
// seen here]. A Basic Authorization header, when sent, must be the app's appKey:masterSecret (401
// otherwise); the secret in the URL authenticates the request in any case.
import "server-only";
import { z } from "zod";
import { trackingKeys } from "@/lib/campaigns/provider-payloads";
import type { JpushSecret } from "@/lib/channels/jpush";
import { sameText } from "@/server/crypto";
import type { VendorReceipt } from "../record-vendor-receipts";
import { decodeJson, receiptParam, receiptTime, receiptToken, vendorTime, type ReceiptVendor } from "./types";

// The key under which the campaign id travels in callback.params (the same as in the push's extras).
export const jpushCampaignParam = trackingKeys.campaignId;

export const jpushReceiptBodySchema = z
  .array(
    z.object({
      msg_id: z.union([z.string().max(64), z.number()]).optional(),
      registration_id: receiptToken,
      type: z.coerce.number().int(),
      params: z.record(z.string().max(64), receiptParam).optional(),
      platform: z.string().max(16).optional(),
      timestamp: receiptTime.optional(),
    }),
  )
  .min(1)
  .max(1000)
  .meta({ description: "JPush callback events." });
export type JpushReceiptBody = z.infer<typeof jpushReceiptBodySchema>;

// Each event type's bit: delivered (1) or clicked (2); 8 (accepted by JPush) proves nothing on the device.
function kindOf(type: number): VendorReceipt["kind"] | null {
  if (type & 2) return "clicked";
  if (type & 1) return "delivered";
  return null;
}

export const jpushReceipts: ReceiptVendor<JpushReceiptBody> = {
  channel: "jpush",
  name: "JPush",
  media: "application/json",
  schema: jpushReceiptBodySchema,
  example: [
    {
      msg_id: "18100312345678901",
      registration_id: "1a0018970a2b3c4d5e6",
      type: 1,
      params: { [jpushCampaignParam]: "4f1c2a7e-5b3d-4e8f-9a06-1d2c3b4a5e6f" },
      platform: "android",
      timestamp: 1764900000000,
    },
  ],
  documented:
    "JPush callbacks (v3 push `callback`: url, params with the campaign id, type 3 = delivered + clicked). " +
    "Also answers Jiguang's GET check of a callback URL (echoes `echostr`). An Authorization: Basic " +
    "appKey:masterSecret header, when sent, must match the app's JPush credential.",
  decode: decodeJson,
  receipts(body) {
    const out: VendorReceipt[] = [];
    for (const event of body) {
      const kind = kindOf(event.type);
      if (!kind) continue;
      out.push({
        campaignId: event.params?.[jpushCampaignParam] ?? null,
        token: event.registration_id,
        kind,
        at: vendorTime(event.timestamp),
        code: `JPUSH_CALLBACK_${event.type}`,
      });
    }
    return out;
  },
  authenticate(request) {
    const header = request.headers.get("authorization");
    if (!header) return "missing";
    const secret = request.credential as JpushSecret | null;
    if (!secret) return "invalid";
    const expected = `Basic ${Buffer.from(`${secret.appKey}:${secret.masterSecret}`).toString("base64")}`;
    return sameText(expected, header.trim()) ? "ok" : "invalid";
  },
  answer: { status: 200, body: { code: 0 } },
};
