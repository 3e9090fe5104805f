// The fake vivo Push's receipt mode: a push whose content named extra.callback (single sends, and saved
// list payloads) gets an arrival receipt posted there once accepted, per vivo server API v2.9.2 2.1
// (extra.callback ≤ 128 characters, extra["callback.param"] ≤ 64; VENDORS.md §5, §11 [VIVO-doc]). Body:
// JSON keyed by task id, {"<taskId>":{param, targets (comma-joined regIds), ackTime, ackType}} [shape
// unconfirmed]. Regids with the dead prefix get no receipt (vivo reports dead regids in the send answer:
// 10302, invalidUsers). Unsigned: vivo documents no authentication.
import type { ReceiptModeConfig, ReceiptPost } from "../receipt-poster";

// Whether a regId that arrived gets a receipt: mode on, the content named extra.callback, not a dead regId.
export function vivoDeliveryReceipt(config: ReceiptModeConfig, regId: string, content: Record<string, unknown>) {
  const url = (content.extra as Record<string, unknown> | undefined)?.callback;
  return config.enabled && typeof url === "string" && !!url && !regId.startsWith(config.deadPrefix);
}

// The receipt request for one accepted push (`content`: the send body or the saved list payload).
export function vivoReceipts(
  config: ReceiptModeConfig,
  input: { taskId: string; regIds: string[]; content: Record<string, unknown> },
): ReceiptPost[] {
  const extra = input.content.extra as Record<string, unknown> | undefined;
  const url = extra?.callback;
  const targets = input.regIds.filter((regId) => !regId.startsWith(config.deadPrefix));
  if (typeof url !== "string" || !url || !targets.length) return [];
  const param = typeof extra?.["callback.param"] === "string" ? extra["callback.param"] : "";
  const body = { [input.taskId]: { param, targets: targets.join(","), ackTime: Date.now(), ackType: 1 } };
  return [{ url, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }];
}
