// One APNs request for one device: the headers Apple reads (developer.apple.com "Sending notification
// requests to APNs": apns-push-type, apns-priority, apns-expiration, apns-collapse-id, apns-topic) and
// the JSON body, which is lib/campaigns/provider-payloads.ts apnsPayload, the same the composer's
// budget measures.
import { apnsCollapseIdMaxBytes } from "@/lib/channels/apns";
import { apnsIsBackground, apnsPayload } from "@/lib/campaigns/provider-payloads";
import type { DeliveryOptions, RenderedContent } from "../types";

export interface ApnsRequest {
  pushType: "alert" | "background";
  // 10 sends at once and wakes the device; 5 lets iOS pick a power-friendly moment. Apple requires
  // 5 for background pushes.
  priority: 10 | 5;
  // Unix seconds after which APNs drops an undelivered push (0: try once, store nothing); absent:
  // APNs keeps it for a while as it sees fit.
  expiry?: number;
  collapseId?: string;
  payload: ReturnType<typeof apnsPayload>;
}

// Bytes of an apns-collapse-id.
export const collapseIdBytes = (id: string) => Buffer.byteLength(id, "utf8");

// The request for one device's content.
export function apnsRequest(
  content: RenderedContent,
  options: DeliveryOptions,
  ids: { campaignId: string; deliveryId: string },
  nowMs = Date.now(),
): ApnsRequest {
  const background = apnsIsBackground(content);
  const collapseId =
    options.collapseKey && collapseIdBytes(options.collapseKey) <= apnsCollapseIdMaxBytes
      ? options.collapseKey
      : undefined;
  return {
    pushType: background ? "background" : "alert",
    priority: background || options.priority !== "high" ? 5 : 10,
    ...(options.ttlSeconds === undefined
      ? {}
      : { expiry: options.ttlSeconds === 0 ? 0 : Math.floor(nowMs / 1000) + options.ttlSeconds }),
    ...(collapseId ? { collapseId } : {}),
    payload: apnsPayload(content, options, ids),
  };
}
