// The one interface every push channel implements (FCM, MQTT, inbox, ...). A provider is built fresh
// from an app's credential for a stretch of work and closed afterwards; it talks to its vendor only,
// never to the database. The dispatcher loads and unseals the credential, hands it rendered messages
// and records what it answers. Providers import only lib/, node builtins, their vendor's client and
// other files of providers/.
import type { DeviceChannel, DevicePlatform } from "@/lib/channels";

// The notification one device gets, already resolved to its variant and best locale.
export interface RenderedContent {
  title: string;
  body: string;
  // Short versions for channels with tighter limits (lib/campaigns/provider-payloads.ts textFor).
  shortTitle?: string;
  shortBody?: string;
  imageUrl?: string;
  url?: string;
  data?: Record<string, string>;
}

// Delivery options shared by every message of a campaign.
export interface DeliveryOptions {
  priority: "high" | "normal";
  ttlSeconds?: number;
  collapseKey?: string;
  sound?: string;
  badge?: number;
  // The vendors' message class (phone makers cap marketing pushes per device and day): news and
  // announcements go as "service" where the vendor allows it, promotions as "marketing". Absent:
  // providers send their vendor's marketing class explicitly (never leave the class out).
  messageClass?: "service" | "marketing";
}

// One message to one device. `deliveryId` is the Delivery row's id (as a string: it is a bigint).
export interface OutgoingMessage {
  deliveryId: string;
  deviceId: string;
  installationId: string;
  platform: DevicePlatform;
  token: string | null;
  campaignId: string;
  variantKey: string | null;
  locale: string | null;
  content: RenderedContent;
}

export interface OutgoingBatch {
  appId: string;
  campaignId: string;
  options: DeliveryOptions;
  messages: OutgoingMessage[];
  // Aborted when the campaign is paused or cancelled or the worker shuts down: stop early, report the rest as retry.
  signal?: AbortSignal;
  // When this send happened: the payload's sentAt on every self-built channel, and its inbox copy's, so
  // a device sees one sentAt for a message however it reads it (default: when the provider sends).
  sentAt?: Date;
}

// What happened to one message. Every message of a batch gets exactly one result.
export type SendResult =
  | { deliveryId: string; outcome: "sent"; providerMessageId?: string }
  // Transient (quota, unavailable, internal, timeout): try again later; retryAfterMs when the vendor said.
  // `quota`: the vendor refused because the app's daily quota is spent (nothing more goes out before
  // the vendor's midnight): the dispatcher does not retry it but suppresses it as vendor_quota.
  | { deliveryId: string; outcome: "retry"; errorCode: string; retryAfterMs?: number; quota?: true }
  // The token is dead (unregistered, malformed): the device becomes invalid and is never sent to again.
  | { deliveryId: string; outcome: "invalid_token"; errorCode: string }
  // This message can never be sent as it is (too large, rejected content): failed, no retry.
  | { deliveryId: string; outcome: "failed"; errorCode: string };

// Thrown by send() when the credential or project setup is wrong (bad key, sender id mismatch):
// nothing in the batch can succeed until staff fix the app's settings, so the campaign pauses.
export class ProviderConfigurationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ProviderConfigurationError";
  }
}

// Static facts about a channel that the dispatcher plans with.
export interface ProviderLimits {
  // Most messages per send() call (FCM: 500).
  maxBatch: number;
  // Calls the dispatcher may have in flight at once per worker for one credential.
  concurrency: number;
  // Largest payload the vendor accepts, in bytes.
  maxPayloadBytes: number;
}

export interface PushProvider {
  readonly channel: DeviceChannel;
  readonly limits: ProviderLimits;
  send(batch: OutgoingBatch): Promise<SendResult[]>;
  // Releases connections (HTTP/2 sessions, MQTT client). Safe to call twice.
  close(): Promise<void>;
}

// The credential as the dispatcher hands it over (server/dispatch/channels.ts loads and unseals it):
// the secret, typed per channel (FcmSecret, MqttSecret from lib/channels; null for channels that need
// none, such as the inbox).
export interface ProviderCredentialInput<Secret = unknown> {
  appId: string;
  channel: DeviceChannel;
  secret: Secret;
}

export type ProviderFactory<Secret = unknown> = (credential: ProviderCredentialInput<Secret>) => PushProvider;

// Refuses a send on a closed provider or a batch larger than the provider takes (a dispatcher bug,
// not a vendor answer): the same check for every channel.
export function assertSendable(name: string, closed: boolean, batch: OutgoingBatch, maxBatch: number) {
  if (closed) throw new Error(`${name} provider is closed`);
  if (batch.messages.length > maxBatch)
    throw new Error(`${name} batches hold at most ${maxBatch} messages (got ${batch.messages.length})`);
}
