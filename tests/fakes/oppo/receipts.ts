// The fake OPPO Push's receipt mode: messages that named notification.call_back_url get an arrival
// receipt posted there once accepted (and not dropped by a cap or a repeated app_message_id), as OPPO's
// 单点推送 document describes the callback fields (developmentDoc 11236: call_back_url,
// call_back_parameter; VENDORS.md §4, §11). Body: a JSON array of {messageId, appId, taskId,
// registrationIds (comma-joined), eventTime, param, eventType: "push_arrive"}, one event per message id
// and parameter, one request per URL [shape unconfirmed]. Tokens with the dead prefix get no receipt (OPPO
// reports dead regids in the send answer, code 10000). Unsigned: OPPO documents no authentication.
import type { ReceiptModeConfig, ReceiptPost } from "../receipt-poster";

// One message the fake accepted and showed.
export interface OppoShown {
  regId: string;
  messageId: string;
  notification: Record<string, unknown>;
}

// Whether a message that arrived gets a receipt: mode on, it named call_back_url, not a dead regId.
export function oppoDeliveryReceipt(config: ReceiptModeConfig, regId: string, notification: Record<string, unknown>) {
  const url = notification.call_back_url;
  return config.enabled && typeof url === "string" && !!url && !regId.startsWith(config.deadPrefix);
}

// The receipt requests for the messages one request made arrive.
export function oppoReceipts(config: ReceiptModeConfig, appKey: string, shown: OppoShown[]): ReceiptPost[] {
  const byUrl = new Map<string, Array<Record<string, unknown>>>();
  for (const item of shown) {
    const url = item.notification.call_back_url;
    if (typeof url !== "string" || !url || item.regId.startsWith(config.deadPrefix)) continue;
    const events = byUrl.get(url) ?? [];
    events.push({
      messageId: item.messageId,
      appId: appKey,
      taskId: item.messageId,
      registrationIds: item.regId,
      eventTime: String(Date.now()),
      param: typeof item.notification.call_back_parameter === "string" ? item.notification.call_back_parameter : "",
      eventType: "push_arrive",
    });
    byUrl.set(url, events);
  }
  return [...byUrl].map(([url, events]) => ({
    url,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(events),
  }));
}
