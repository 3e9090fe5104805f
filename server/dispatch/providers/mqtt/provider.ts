// The MQTT channel: each message is published at QoS 1 to its device's own topic and counts as
// `sent` when the broker acknowledges it (PUBACK). The device confirms receipt separately (receipts.ts).
// With MQTT 5 the message also carries a Message Expiry Interval from the campaign's TTL, so a
// broker holding it for an offline persistent session drops it when it is no longer worth showing.
import type { IClientPublishOptions } from "mqtt";
import { mqttChannel, type MqttSecret } from "@/lib/channels/mqtt";
import { buildDevicePayload } from "../device-payload";
import { type OutgoingBatch, ProviderConfigurationError, type ProviderFactory, type SendResult } from "../types";
import { MqttTransientError } from "./connect";
import { acquirePublisher, type PublisherLease } from "./publisher";
import { messageTopic } from "./topics";

// Herald's own cap on one message (lib/channels/mqtt.ts).
export const mqttMaxPayloadBytes = mqttChannel.payloadBytes;
// Most messages per send() call: they are pipelined on one connection, so this only bounds a batch.
export const mqttMaxBatch = 1000;

function retryAll(batch: OutgoingBatch, errorCode: string, only?: Set<string>): SendResult[] {
  return batch.messages
    .filter((m) => !only || only.has(m.deliveryId))
    .map((m) => ({ deliveryId: m.deliveryId, outcome: "retry" as const, errorCode }));
}

// Builds an MQTT provider for one app's broker: its own, or the default one (the dispatcher resolves
// which, server/mqtt/broker.ts). With none (null) every send is a configuration error.
export const createMqttProvider: ProviderFactory<MqttSecret | null> = (credential) => {
  // Shared by concurrent send() calls; replaced when its connection is lost.
  let leasing: Promise<PublisherLease> | null = null;
  let closed = false;

  async function publisherFor(secret: MqttSecret) {
    for (let tries = 0; ; tries++) {
      leasing ??= acquirePublisher(secret);
      const current = leasing;
      const lease = await current.catch((error: unknown) => {
        if (leasing === current) leasing = null;
        throw error;
      });
      const usable = !lease.publisher.closed && !lease.publisher.configurationError;
      if (usable || tries >= 2) return lease.publisher;
      if (leasing === current) {
        leasing = null;
        lease.release();
      }
    }
  }

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    if (closed) throw new Error("this MQTT provider is closed");
    const secret = credential.secret;
    if (!secret) throw new ProviderConfigurationError("mqtt_no_broker", mqttChannel.credential.missing);
    let publisher;
    try {
      publisher = await publisherFor(secret);
    } catch (error) {
      if (error instanceof MqttTransientError) return retryAll(batch, error.code);
      throw error;
    }
    const sentAt = batch.sentAt ?? new Date();
    const ttl = batch.options.ttlSeconds;
    // MQTT 5 only; 3.1.1 has no expiry and no properties (the payload's expiresAt still tells the device).
    const options: IClientPublishOptions =
      publisher.protocolVersion === 5
        ? {
            qos: 1,
            properties: {
              payloadFormatIndicator: true,
              contentType: "application/json",
              ...(ttl !== undefined ? { messageExpiryInterval: Math.max(1, ttl) } : {}),
            },
          }
        : { qos: 1 };

    const results = new Map<string, SendResult>();
    const inFlight: Promise<void>[] = [];
    for (const message of batch.messages) {
      if (batch.signal?.aborted || publisher.closed || publisher.configurationError) break;
      const payload = Buffer.from(JSON.stringify(buildDevicePayload(message, batch.options, sentAt)));
      if (payload.length > mqttMaxPayloadBytes) {
        results.set(message.deliveryId, {
          deliveryId: message.deliveryId,
          outcome: "failed",
          errorCode: "payload_too_large",
        });
        continue;
      }
      const topic = messageTopic(secret.topicPrefix, batch.appId, message.installationId);
      // Pipelined: at most `window` messages await their PUBACK; this waits for a free slot.
      if (!(await publisher.acquire())) break;
      inFlight.push(
        publisher.publish(topic, payload, options).then((result) => {
          const { deliveryId } = message;
          results.set(
            deliveryId,
            result.ok
              ? { deliveryId, outcome: "sent" }
              : result.kind === "failed"
                ? { deliveryId, outcome: "failed", errorCode: result.code }
                : { deliveryId, outcome: "retry", errorCode: result.code },
          );
        }),
      );
    }
    await Promise.all(inFlight);
    if (publisher.configurationError && ![...results.values()].some((r) => r.outcome === "sent"))
      throw publisher.configurationError;
    const stoppedCode = batch.signal?.aborted
      ? "aborted"
      : publisher.configurationError
        ? publisher.configurationError.code
        : "mqtt_connection_lost";
    return batch.messages.map(
      (m) => results.get(m.deliveryId) ?? { deliveryId: m.deliveryId, outcome: "retry", errorCode: stoppedCode },
    );
  }

  return {
    channel: "mqtt",
    // One connection per worker for a broker; its in-flight window, not parallel calls, gives throughput.
    limits: { maxBatch: mqttMaxBatch, concurrency: 1, maxPayloadBytes: mqttMaxPayloadBytes },
    send,
    async close() {
      closed = true;
      const current = leasing;
      leasing = null;
      await current?.then(
        (lease) => lease.release(),
        () => undefined,
      );
    },
  };
};
