// The fake JPush's receipt mode: a push that named `callback: {url, params, type}` (jpush/
// jiguang-sdk-java bean/push/callback/Callback.java; type bits per enums/callback/CallbackType.java: 1
// delivered, 2 clicked; VENDORS.md §7, §11) gets its events posted to url once its targets are
// delivered (not capped): a JSON array of {msg_id, registration_id, type, params, platform, timestamp}
// [shape unconfirmed], type 1 per delivered registration id and, when asked, 2 for those with the click
// prefix. Authenticated as Jiguang's callback document shows its requests (docs.jiguang.cn
// jums/advanced/callback): HTTP Basic appKey:masterSecret. JPush has no invalid-target callback (unknown
// ids simply get none).
import type { ReceiptModeConfig, ReceiptPost } from "../receipt-poster";

// Whether a push's delivered targets get a delivery receipt (type 1): mode on and the push named a callback
// URL asking for type 1 (dead ids excepted: see jpushReceipts).
export function jpushAsksDeliveryReceipts(config: ReceiptModeConfig, body: unknown): boolean {
  const callback = (body as { callback?: { url?: unknown; type?: unknown } }).callback;
  if (!config.enabled || !callback || typeof callback.url !== "string" || !callback.url) return false;
  return ((typeof callback.type === "number" ? callback.type : 1) & 1) === 1;
}

// The receipt requests for one accepted push.
export function jpushReceipts(
  config: ReceiptModeConfig,
  input: { msgId: string; body: unknown; delivered: string[]; appKey: string; masterSecret: string },
): ReceiptPost[] {
  const callback = (input.body as { callback?: { url?: unknown; params?: unknown; type?: unknown } }).callback;
  if (!callback || typeof callback.url !== "string" || !callback.url) return [];
  const types = typeof callback.type === "number" ? callback.type : 1;
  const params = callback.params && typeof callback.params === "object" ? callback.params : {};
  const delivered = input.delivered.filter((id) => !id.startsWith(config.deadPrefix));
  const event = (id: string, type: number) => ({
    msg_id: input.msgId,
    registration_id: id,
    type,
    params,
    platform: "android",
    timestamp: Date.now(),
  });
  const events = [
    ...(types & 1 ? delivered.map((id) => event(id, 1)) : []),
    ...(types & 2 ? delivered.filter((id) => id.startsWith(config.clickPrefix)).map((id) => event(id, 2)) : []),
  ];
  if (!events.length) return [];
  const basic = Buffer.from(`${input.appKey}:${input.masterSecret}`).toString("base64");
  return [
    {
      url: callback.url,
      headers: { "content-type": "application/json", authorization: `Basic ${basic}` },
      body: JSON.stringify(events),
    },
  ];
}
