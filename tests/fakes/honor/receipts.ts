// The fake Honor Push's receipt mode: after an accepted send, one receipt per delivered token (status
// 0; 2 for a token with the dead prefix) to the receipt URL "configured in the Honor console"
// (ReceiptModeConfig.url). Honor's console takes a receipt URL and its send body a biTag (VENDORS.md §2,
// §11), but no source seen here gives the receipt body or a signature [unconfirmed]: the body is modelled
// on Huawei's (../hms/receipts.ts), unsigned.
import { huaweiStyleDeliveryReceipt, huaweiStylePoster, huaweiStyleReceipts } from "../hms/receipts";
import type { ReceiptModeConfig, ReceiptPost } from "../receipt-poster";

export const honorPoster = huaweiStylePoster;
export const honorDeliveryReceipt = huaweiStyleDeliveryReceipt;

// The receipt requests for one accepted send.
export function honorReceipts(
  config: ReceiptModeConfig,
  input: { appId: string; biTag: string | undefined; tokens: string[]; requestId: string },
): ReceiptPost[] {
  return huaweiStyleReceipts(config, { ...input, signed: false });
}
