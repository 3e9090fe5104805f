// OPPO Push receipts (回执). Documents: open.oppomobile.com developmentDoc 11236 (单点推送:
// notification.call_back_url and call_back_parameter, which Herald sets to its receipt URL and the
// campaign id; VENDORS.md §4 and §11). OPPO POSTs a JSON array of arrival events
// [{messageId, appId, taskId, registrationIds: "regid1,regid2", eventTime, param, eventType: "push_arrive"}]
// [shape unconfirmed: no published copy seen here]; push_arrive marks deliveries delivered, other event
// types are read and change nothing. OPPO documents no authentication of these requests: the secret in
// the URL authenticates them. Dead registration ids come back in the send answer (10000, per-item
// errorCode), not here. Any HTTP 200 is an acknowledgement.
import "server-only";
import { z } from "zod";
import type { VendorReceipt } from "../record-vendor-receipts";
import { decodeJson, receiptParam, receiptTime, tokenList, vendorTime, type ReceiptVendor } from "./types";

export const oppoReceiptBodySchema = z
  .array(
    z.object({
      messageId: z.string().max(128).optional(),
      appId: z.string().max(128).optional(),
      taskId: z.string().max(128).optional(),
      registrationIds: z.union([z.string().max(600_000), z.array(z.string().max(512)).max(1000)]),
      eventTime: receiptTime.optional(),
      param: receiptParam.optional(),
      eventType: z.string().max(64),
    }),
  )
  .min(1)
  .max(1000)
  .meta({ description: "OPPO Push arrival receipts." });
export type OppoReceiptBody = z.infer<typeof oppoReceiptBodySchema>;

export const oppoReceipts: ReceiptVendor<OppoReceiptBody> = {
  channel: "oppo",
  name: "OPPO Push",
  media: "application/json",
  schema: oppoReceiptBodySchema,
  example: [
    {
      messageId: "5f3c1a2b9e8d7c6b5a4f3e2d",
      appId: "30012345",
      taskId: "5f3c1a2b9e8d7c6b5a4f3e2d",
      registrationIds: "CN_2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d",
      eventTime: "1764900000000",
      param: "4f1c2a7e-5b3d-4e8f-9a06-1d2c3b4a5e6f",
      eventType: "push_arrive",
    },
  ],
  documented:
    "OPPO Push receipts (developmentDoc 11236: call_back_url, call_back_parameter = the campaign id, sent " +
    "with each message). push_arrive marks the deliveries delivered. OPPO documents no authentication: the " +
    "secret in the URL authenticates the request.",
  decode: decodeJson,
  receipts(body) {
    const out: VendorReceipt[] = [];
    for (const event of body) {
      if (event.eventType !== "push_arrive") continue;
      const at = vendorTime(event.eventTime);
      for (const token of tokenList(event.registrationIds))
        out.push({ campaignId: event.param ?? null, token, kind: "delivered", at, code: "OPPO_PUSH_ARRIVE" });
    }
    return out;
  },
  authenticate: () => "missing",
  answer: { status: 200, body: { code: 0 } },
};
