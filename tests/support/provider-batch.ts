// Batches as the dispatcher hands them to a provider, for provider tests: made-up Android devices of
// app-1's campaign-1, variant A, English.
import type { OutgoingBatch, OutgoingMessage } from "@/server/dispatch/providers/types";

// The message for the `index`th device of a batch; delivery ids count up from `firstDeliveryId`.
export function testMessage(
  token: string | null,
  index: number,
  content: OutgoingMessage["content"],
  firstDeliveryId = 1000,
): OutgoingMessage {
  return {
    deliveryId: String(firstDeliveryId + index),
    deviceId: `device-${index}`,
    installationId: `install-${index}`,
    platform: "android",
    token,
    campaignId: "campaign-1",
    variantKey: "A",
    locale: "en",
    content,
  };
}

// A batch of `messages` with the delivery `options`.
export function testBatch(options: OutgoingBatch["options"], messages: OutgoingMessage[]): OutgoingBatch {
  return { appId: "app-1", campaignId: "campaign-1", options, messages };
}
