// The polling channel: devices with channel `poll` are reached only through their inbox
// (GET /api/v1/devices/{installationId}/inbox). Sending is writing the inbox row: `sent` once it
// is stored; the device's fetch later marks the Delivery `delivered`.
import "server-only";
import { log } from "@/server/log";
import type { OutgoingBatch, ProviderFactory, SendResult } from "@/server/dispatch/providers/types";
import { appendToInbox } from "./store";

// Builds the inbox provider (no credential: the database is the transport).
export const createInboxProvider: ProviderFactory<null> = () => ({
  channel: "poll",
  limits: { maxBatch: 1000, concurrency: 4, maxPayloadBytes: 64 * 1024 },
  async send(batch: OutgoingBatch): Promise<SendResult[]> {
    try {
      await appendToInbox(batch.messages, { appId: batch.appId, options: batch.options, sentAt: batch.sentAt });
      return batch.messages.map((m) => ({ deliveryId: m.deliveryId, outcome: "sent" }));
    } catch (error) {
      log.warn(
        { err: error, campaignId: batch.campaignId, messages: batch.messages.length },
        "writing inbox messages failed; will retry",
      );
      return batch.messages.map((m) => ({
        deliveryId: m.deliveryId,
        outcome: "retry",
        errorCode: "inbox_write_failed",
      }));
    }
  },
  async close() {},
});
