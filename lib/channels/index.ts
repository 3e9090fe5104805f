// The channels Herald sends through, one description each (lib/channels/<channel>.ts), read by the
// app page, the apps domain and the dispatcher alike. Adding a channel: its description here, its
// adapter in server/dispatch/providers/<channel>/, a line in server/dispatch/channels.ts, a fake
// under tests/fakes/ and, when it has a credential, its form fields in components/apps/credential-fields.tsx.
import type { z } from "zod";
import { apnsChannel } from "./apns";
import { fcmChannel } from "./fcm";
import { hmsChannel } from "./hms";
import { honorChannel } from "./honor";
import { jpushChannel } from "./jpush";
import { mqttChannel } from "./mqtt";
import { oppoChannel } from "./oppo";
import { pollChannel } from "./poll";
import { smsChannel } from "./sms";
import { vivoChannel } from "./vivo";
import { webpushChannel } from "./webpush";
import { xiaomiChannel } from "./xiaomi";
import { xmppChannel } from "./xmpp";
import type { CredentialDescription } from "./types";

// Every channel Herald can send through, in the order the app page shows their credentials.
export const channels = [
  fcmChannel,
  apnsChannel,
  hmsChannel,
  honorChannel,
  xiaomiChannel,
  oppoChannel,
  vivoChannel,
  jpushChannel,
  webpushChannel,
  xmppChannel,
  mqttChannel,
  pollChannel,
  smsChannel,
] as const;

type Described = (typeof channels)[number];
// A channel Herald can send through ("poll" is the inbox).
export type ChannelId = Described["id"];
// Their ids, in the same order.
export const channelIds = channels.map((channel) => channel.id) as ChannelId[];

type WithCredential = Extract<Described, { credential: CredentialDescription }>;
// A channel whose app may store a credential.
export type CredentialChannel = WithCredential["id"];
// The unsealed secret of a channel's credential (FcmSecret, MqttSecret).
export type CredentialSecret<C extends CredentialChannel> = ReturnType<
  Extract<WithCredential, { id: C }>["credential"]["secret"]
>;
// The channels whose app may store a credential, in the app page's order.
export const credentialChannels = channels.flatMap((channel) =>
  channel.credential ? [channel.id] : [],
) as CredentialChannel[];

// The description of a channel Herald sends through, or undefined for any other channel name.
export function channelDescription(id: string): Described | undefined {
  return channels.find((channel) => channel.id === id);
}

// True for channels that keep a stored credential (the dispatcher records provider errors on it).
export function isCredentialChannel(channel: string): channel is CredentialChannel {
  return (credentialChannels as string[]).includes(channel);
}

function credentialOf(channel: CredentialChannel): CredentialDescription<z.ZodType, unknown> {
  return channels.find((c) => c.id === channel)!.credential as unknown as CredentialDescription<z.ZodType, unknown>;
}

// Validates form input for a channel: the secret to seal and its summary, or zod's error.
export function parseCredential<C extends CredentialChannel>(channel: C, raw: unknown) {
  const credential = credentialOf(channel);
  const parsed = credential.form.safeParse(raw);
  if (!parsed.success) return { ok: false as const, error: parsed.error };
  const secret = credential.secret(parsed.data) as CredentialSecret<C>;
  return { ok: true as const, secret, summary: credential.summary(secret) };
}

export type { ChannelAddress, ChannelDescription, CredentialDescription, ProviderSecret } from "./types";
export { deviceChannels, devicePlatforms, type DeviceChannel, type DevicePlatform } from "./devices";
export { fcmChannel, type FcmSecret } from "./fcm";
export { mqttChannel, redactUrl, type MqttSecret } from "./mqtt";
export { pollChannel } from "./poll";
export { hmsChannel } from "./hms";
export { honorChannel } from "./honor";
export { xiaomiChannel } from "./xiaomi";
export { oppoChannel } from "./oppo";
export { vivoChannel } from "./vivo";
export { jpushChannel } from "./jpush";
export { apnsChannel, type ApnsSecret } from "./apns";
export { xmppChannel, canonicalBareJid, type XmppSecret } from "./xmpp";
export { smsChannel, type SmsSecret, type TwilioSmsSecret, type AliyunSmsSecret } from "./sms";
export { webpushChannel, type WebPushSecret, type WebPushSubscription } from "./webpush";
