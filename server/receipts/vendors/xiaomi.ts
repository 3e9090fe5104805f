// Xiaomi MiPush receipts (回执). Documents: dev.mi.com/xiaomihyperos/documentation/detail pId=1558 (SDK,
// receipts) and pId=1559 (extra.callback*), VENDORS.md §3 and §11 [MI-sdk; CSDN 108751167]: a push asks
// for receipts with extra.callback (this URL), extra.callback.param (at most 64 bytes: Herald sends the
// campaign id) and extra.callback.type, a bitmask (1 delivered, 2 clicked, 16 invalid target; Herald asks
// for 19). MiPush POSTs a form whose field `data` is JSON keyed by message id:
// {"<msgId>":{"param":"…","type":1,"targets":"regid1,regid2","jobkey":"…","barStatus":"Enable","timestamp":…}}
// [field list beyond param, type and targets unconfirmed]. A type-16 receipt lists regids that were
// invalid when sent (MiPush's send answer names none: server/dispatch/providers/xiaomi/provider.ts).
// MiPush documents no authentication of these requests: the secret in the URL is what authenticates them.
// Any HTTP 200 is an acknowledgement.
import "server-only";
import { z } from "zod";
import type { VendorReceipt } from "../record-vendor-receipts";
import { malformedReceipt, receiptParam, receiptTime, tokenList, vendorTime, type ReceiptVendor } from "./types";

const entrySchema = z.object({
  param: receiptParam.optional(),
  type: z.coerce.number().int(),
  targets: z.union([z.string().max(600_000), z.array(z.string().max(512)).max(1000)]),
  jobkey: z.string().max(64).optional(),
  barStatus: z.string().max(32).optional(),
  timestamp: receiptTime.optional(),
});

export const xiaomiReceiptBodySchema = z
  .object({
    data: z
      .record(z.string().min(1).max(128), entrySchema)
      .refine((data) => Object.keys(data).length > 0 && Object.keys(data).length <= 1000, "1 to 1000 messages")
      .meta({ description: "Form field `data`: JSON text keyed by MiPush message id." }),
  })
  .meta({ description: "Xiaomi MiPush receipts (form-encoded)." });
export type XiaomiReceiptBody = z.infer<typeof xiaomiReceiptBodySchema>;

function kindOf(type: number): VendorReceipt["kind"] | null {
  if (type === 1) return "delivered";
  if (type === 2) return "clicked";
  if (type === 16) return "invalid";
  return null;
}

export const xiaomiReceipts: ReceiptVendor<XiaomiReceiptBody> = {
  channel: "xiaomi",
  name: "Xiaomi MiPush",
  media: "application/x-www-form-urlencoded",
  schema: xiaomiReceiptBodySchema,
  example: {
    data: {
      sdm00000001fake: {
        param: "4f1c2a7e-5b3d-4e8f-9a06-1d2c3b4a5e6f",
        type: 1,
        targets: "d//igwEhgBGCI2TG6lWqlKoH4C6k1m9g,d//igwEhgBGCI2TG6lWqlKoH4C6k1m9h",
        jobkey: "h1x2y3z",
        barStatus: "Enable",
        timestamp: 1764900000000,
      },
    },
  },
  documented:
    "Xiaomi MiPush receipts (dev.mi.com pId=1558): Herald asks for them with each push (extra.callback, " +
    "extra.callback.param = the campaign id, extra.callback.type 19 = delivered + clicked + invalid target). " +
    "MiPush posts the form field `data` (JSON keyed by message id). MiPush documents no authentication: " +
    "the secret in the URL authenticates the request.",
  decode(text) {
    const data = new URLSearchParams(text).get("data");
    if (data === null) throw malformedReceipt("The Xiaomi receipt has no form field `data`.");
    try {
      return { data: JSON.parse(data) as unknown };
    } catch {
      throw malformedReceipt("The Xiaomi receipt's field `data` is not valid JSON.");
    }
  },
  receipts(body) {
    const out: VendorReceipt[] = [];
    for (const entry of Object.values(body.data)) {
      const kind = kindOf(entry.type);
      if (!kind) continue;
      const at = vendorTime(entry.timestamp);
      for (const token of tokenList(entry.targets))
        out.push({ campaignId: entry.param ?? null, token, kind, at, code: `XIAOMI_RECEIPT_${entry.type}` });
    }
    return out;
  },
  authenticate: () => "missing",
  answer: { status: 200, body: { result: "ok" } },
};
