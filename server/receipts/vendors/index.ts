// The vendors whose receipts Herald takes, by channel (one endpoint each, server/device-api/receipts.ts).
import "server-only";
import type { z } from "zod";
import type { ReceiptChannel } from "../receipt-urls";
import type { VendorReceipt } from "../record-vendor-receipts";
import { honorReceipts, huaweiReceipts } from "./huawei-style";
import { jpushReceipts } from "./jpush";
import { oppoReceipts } from "./oppo";
import { parseReceiptBody, type ReceiptRequest, type ReceiptVendor } from "./types";
import { vivoReceipts } from "./vivo";
import { xiaomiReceipts } from "./xiaomi";

// A vendor with its body type erased: `read` decodes, validates and maps a body in one step.
export interface ReceiptEndpointVendor extends Omit<ReceiptVendor, "schema" | "receipts"> {
  schema: z.ZodType;
  // The receipts of a raw body; throws a 400 invalid-receipt ValidationError for a malformed one.
  read(text: string): VendorReceipt[];
}

function endpoint<Body>(vendor: ReceiptVendor<Body>): ReceiptEndpointVendor {
  return { ...vendor, read: (text) => vendor.receipts(parseReceiptBody(vendor, vendor.decode(text))) };
}

export const receiptVendors: Record<ReceiptChannel, ReceiptEndpointVendor> = {
  hms: endpoint(huaweiReceipts),
  honor: endpoint(honorReceipts),
  xiaomi: endpoint(xiaomiReceipts),
  oppo: endpoint(oppoReceipts),
  vivo: endpoint(vivoReceipts),
  jpush: endpoint(jpushReceipts),
};

export type { ReceiptRequest };
