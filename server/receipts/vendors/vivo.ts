// vivo Push receipts (回执). Documents: vivo server API v2.9.2, 2.1 单推 /message/send (extra.callback: a
// URL of at most 128 characters, extra.callback.param at most 64; formal pushes only: VENDORS.md §5 and
// §11 [VIVO-doc]). Herald sets the URL and the campaign id on single sends and on saved list payloads
// [that vivo calls back for list pushes is unconfirmed]. vivo POSTs JSON keyed by task id:
// {"<taskId>":{"param":"…","targets":"regId1,regId2","ackTime":…,"ackType":…}} [shape unconfirmed: no
// published copy seen here]; every listed regId is delivered. vivo documents no authentication of these
// requests: the secret in the URL authenticates them. Dead regIds come back in the send answer (10302,
// invalidUsers). Answered {"result":0}.
import "server-only";
import { z } from "zod";
import type { VendorReceipt } from "../record-vendor-receipts";
import { decodeJson, receiptParam, receiptTime, tokenList, vendorTime, type ReceiptVendor } from "./types";

export const vivoReceiptBodySchema = z
  .record(
    z.string().min(1).max(128),
    z.object({
      param: receiptParam.optional(),
      targets: z.union([z.string().max(600_000), z.array(z.string().max(512)).max(1000)]),
      ackTime: receiptTime.optional(),
      ackType: z.union([z.number(), z.string().max(32)]).optional(),
    }),
  )
  .refine((body) => Object.keys(body).length > 0 && Object.keys(body).length <= 1000, "1 to 1000 tasks")
  .meta({ description: "vivo Push arrival receipts, keyed by task id." });
export type VivoReceiptBody = z.infer<typeof vivoReceiptBodySchema>;

export const vivoReceipts: ReceiptVendor<VivoReceiptBody> = {
  channel: "vivo",
  name: "vivo Push",
  media: "application/json",
  schema: vivoReceiptBodySchema,
  example: {
    "1234567890123456789": {
      param: "4f1c2a7e-5b3d-4e8f-9a06-1d2c3b4a5e6f",
      targets: "15123456789012345678901,15123456789012345678902",
      ackTime: 1764900000000,
    },
  },
  documented:
    "vivo Push receipts (server API 2.1: extra.callback and extra.callback.param = the campaign id, sent " +
    "with each push). Every listed regId is marked delivered. vivo documents no authentication: the secret " +
    "in the URL authenticates the request.",
  decode: decodeJson,
  receipts(body) {
    const out: VendorReceipt[] = [];
    for (const task of Object.values(body)) {
      const at = vendorTime(task.ackTime);
      for (const token of tokenList(task.targets))
        out.push({ campaignId: task.param ?? null, token, kind: "delivered", at, code: "VIVO_ACK" });
    }
    return out;
  },
  authenticate: () => "missing",
  answer: { status: 200, body: { result: 0 } },
};
