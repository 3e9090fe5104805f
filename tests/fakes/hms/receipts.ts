// The fake Huawei Push Kit's receipt mode (also used by the fake Honor Push): after an accepted send,
// one receipt per token to the receipt URL "configured in AppGallery Connect" (ReceiptModeConfig.url),
// in Huawei's shape: POST JSON {"statuses":[{biTag, appid, token, status, timestamp, requestId}]}, at
// most 100 statuses per request, signed with X-HUAWEI-CALLBACK-ID: timestamp=..;nonce=..;value=
// Base64(HmacSHA256(key, timestamp + nonce + user)) when a user and key are configured. status 0 for a
// delivered token, 2 (app uninstalled) for a token with the dead prefix. Sources: HMSCore-References
// https-send-receipt-api-0000001051066120, HMSCore-Guides msg-receipt-guide-0000001050040176 (VENDORS.md
// §11 [HW-rcpt]). Honor's console takes a receipt URL too; its body is modelled on Huawei's
// [unconfirmed], unsigned.
import { createHmac, randomBytes } from "node:crypto";
import { ReceiptPoster, type ReceiptModeConfig, type ReceiptPost } from "../receipt-poster";

// Huawei's statuses the fake sends.
export const huaweiDelivered = 0;
export const huaweiUninstalled = 2;

// Whether a token that arrived gets a delivery receipt (mode on, a URL configured, not a dead token).
export function huaweiStyleDeliveryReceipt(config: ReceiptModeConfig, token: string): boolean {
  return config.enabled && !!config.url && !token.startsWith(config.deadPrefix);
}

// The receipt requests for one accepted send: `biTag` and `tokens` as sent (illegal ones excluded).
export function huaweiStyleReceipts(
  config: ReceiptModeConfig,
  input: { appId: string; biTag: string | undefined; tokens: string[]; requestId: string; signed: boolean },
): ReceiptPost[] {
  if (!config.url || !input.tokens.length) return [];
  const statuses = input.tokens.map((token) => ({
    ...(input.biTag !== undefined ? { biTag: input.biTag } : {}),
    appid: input.appId,
    token,
    status: token.startsWith(config.deadPrefix) ? huaweiUninstalled : huaweiDelivered,
    timestamp: Date.now(),
    requestId: input.requestId,
  }));
  const posts: ReceiptPost[] = [];
  for (let i = 0; i < statuses.length; i += 100) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (input.signed && config.user !== null && config.key !== null) {
      const timestamp = String(Date.now());
      const nonce = randomBytes(8).toString("hex");
      const value = createHmac("sha256", config.key).update(`${timestamp}${nonce}${config.user}`).digest("base64");
      headers["x-huawei-callback-id"] = `timestamp=${timestamp};nonce=${nonce};value=${value}`;
    }
    posts.push({ url: config.url, headers, body: JSON.stringify({ statuses: statuses.slice(i, i + 100) }) });
  }
  return posts;
}

// The poster a Huawei-style fake holds.
export function huaweiStylePoster(initial: Partial<ReceiptModeConfig> = {}): ReceiptPoster {
  return new ReceiptPoster(initial);
}
