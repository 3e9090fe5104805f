// The JSON a device receives for one message, the same on every self-built channel: published to
// its MQTT topic and stored in its inbox. Documented for app developers in the README; `v` bumps
// only on incompatible changes (new fields may appear at any time).
import type { DeliveryOptions, OutgoingMessage } from "./types";

// One message as the device sees it.
export interface DevicePayload {
  v: 1;
  // The Delivery id: the id a receipt names, and what a device de-duplicates on (QoS 1 may repeat).
  messageId: string;
  campaignId: string;
  variant: string | null;
  locale: string | null;
  title: string;
  body: string;
  imageUrl: string | null;
  url: string | null;
  data: Record<string, string>;
  sentAt: string;
  // When the message stops being worth showing (sentAt + TTL); null: no TTL.
  expiresAt: string | null;
  collapseKey: string | null;
  priority: "high" | "normal";
}

// The moment a message with this TTL expires, or null when the campaign set none.
export function expiryFor(options: DeliveryOptions, sentAt: Date): Date | null {
  return options.ttlSeconds === undefined ? null : new Date(sentAt.getTime() + options.ttlSeconds * 1000);
}

// Everything of a message's payload but its messageId: the same for every device that gets the
// same content, variant and locale in one send.
export function devicePayloadTemplate(
  message: OutgoingMessage,
  options: DeliveryOptions,
  sentAt: Date,
): Omit<DevicePayload, "messageId"> {
  const expiresAt = expiryFor(options, sentAt);
  return {
    v: 1,
    campaignId: message.campaignId,
    variant: message.variantKey,
    locale: message.locale,
    title: message.content.title,
    body: message.content.body,
    imageUrl: message.content.imageUrl ?? null,
    url: message.content.url ?? null,
    data: message.content.data ?? {},
    sentAt: sentAt.toISOString(),
    expiresAt: expiresAt?.toISOString() ?? null,
    collapseKey: options.collapseKey ?? null,
    priority: options.priority,
  };
}

// Builds the device payload of one outgoing message.
export function buildDevicePayload(message: OutgoingMessage, options: DeliveryOptions, sentAt: Date): DevicePayload {
  // messageId second, as documented (the README's example reads in this order).
  return Object.assign(
    { v: 1 as const, messageId: message.deliveryId },
    devicePayloadTemplate(message, options, sentAt),
  );
}
