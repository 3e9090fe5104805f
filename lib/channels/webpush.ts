// Web Push (RFC 8030 + 8291 + 8292): browsers subscribed through a site's service worker, addressed
// by their PushSubscription (the push service's endpoint URL and the browser's two keys). The app's
// credential is a VAPID key pair (P-256) and the contact subject; Herald generates the pair on first
// use (server/apps/vapid-keys.ts) and an admin may import an existing one. Sent by
// server/dispatch/providers/webpush with the `web-push` library. Isomorphic.
import { z } from "zod";
import { requiredText } from "./fields";
import { credentialDescription, type ChannelDescription } from "./types";

// Base64url without padding (RFC 4648 §5), as PushSubscription.toJSON() and VAPID keys are written.
const base64urlPattern = /^[A-Za-z0-9_-]+$/;

// The bytes a base64url string decodes to, or null when it is not base64url.
export function base64urlBytes(value: string): Uint8Array | null {
  if (!base64urlPattern.test(value) || value.length % 4 === 1) return null;
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

// A P-256 public key in uncompressed form (0x04 || X || Y, 65 bytes), base64url: a VAPID public key
// and a subscription's p256dh alike.
export function isP256PublicKey(value: string): boolean {
  const bytes = base64urlBytes(value);
  return bytes !== null && bytes.length === 65 && bytes[0] === 4;
}

// A P-256 private key (the 32-byte scalar), base64url.
export function isP256PrivateKey(value: string): boolean {
  return base64urlBytes(value)?.length === 32;
}

// A VAPID subject: a mailto: address or an https: URL (RFC 8292 §2.1).
export function isVapidSubject(value: string): boolean {
  if (/^mailto:[^\s@]+@[^\s@]+$/i.test(value)) return true;
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

const optionalKey = (valid: (value: string) => boolean, invalid: string) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || null)
    .refine((value) => value === null || valid(value), invalid);

// The app page's form: the subject, and either both keys of an existing pair (import) or neither
// (Herald generates a new pair when it saves).
export const webpushForm = z
  .object({
    subject: requiredText("webpushSubjectRequired", "webpushSubjectInvalid", /^\S{1,512}$/).refine(
      isVapidSubject,
      "webpushSubjectInvalid",
    ),
    publicKey: optionalKey(isP256PublicKey, "webpushPublicKeyInvalid"),
    privateKey: optionalKey(isP256PrivateKey, "webpushPrivateKeyInvalid"),
  })
  .superRefine((input, ctx) => {
    if ((input.publicKey === null) !== (input.privateKey === null)) {
      const path = input.publicKey === null ? "publicKey" : "privateKey";
      ctx.addIssue({ code: "custom", path: [path], message: "webpushKeyPairIncomplete" });
    }
  });

// The sealed Web Push secret: the VAPID key pair (base64url) and the subject. Keys are empty only
// between the form and the server, which generates a pair for them (server/apps/vapid-keys.ts).
export interface WebPushSecret {
  subject: string;
  publicKey: string;
  privateKey: string;
}

// A PushSubscription as a browser gives it (PushSubscription.toJSON()).
export interface WebPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

// Longest endpoint URL Herald stores (push services' are about 200-500 characters).
export const webpushEndpointMaxLength = 2048;

// Why a subscription is refused, or null when it is usable (https endpoint, p256dh a P-256 point of
// 65 bytes, auth a 16-byte secret, all base64url).
export function subscriptionProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return "must be a PushSubscription object";
  const { endpoint, keys } = value as { endpoint?: unknown; keys?: unknown };
  if (typeof endpoint !== "string" || endpoint.length > webpushEndpointMaxLength)
    return `endpoint must be an https URL of at most ${webpushEndpointMaxLength} characters`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "endpoint must be an https URL";
  }
  if (url.protocol !== "https:" || url.username || url.password || url.hash) return "endpoint must be an https URL";
  if (typeof keys !== "object" || keys === null) return "keys.p256dh and keys.auth are required";
  const { p256dh, auth } = keys as { p256dh?: unknown; auth?: unknown };
  if (typeof p256dh !== "string" || !isP256PublicKey(p256dh))
    return "keys.p256dh must be a base64url P-256 public key (65 bytes, uncompressed)";
  if (typeof auth !== "string" || base64urlBytes(auth)?.length !== 16)
    return "keys.auth must be a base64url 16-byte secret";
  return null;
}

// The token Herald stores for a subscription: its canonical JSON (endpoint, then keys p256dh and
// auth; nothing else), so the same subscription registered twice is the same token and a vendor
// answer about it finds its address (server/devices/invalidate-addresses.ts compares tokens).
export function subscriptionToken(subscription: WebPushSubscription): string {
  return JSON.stringify({
    endpoint: subscription.endpoint,
    keys: { p256dh: subscription.keys.p256dh, auth: subscription.keys.auth },
  });
}

// A stored token read back as a subscription, or null when it is not one.
export function parseSubscriptionToken(token: string): WebPushSubscription | null {
  let value: unknown;
  try {
    value = JSON.parse(token);
  } catch {
    return null;
  }
  return subscriptionProblem(value) === null ? (value as WebPushSubscription) : null;
}

// The Web Push channel.
export const webpushChannel = {
  id: "webpush",
  name: "Web Push",
  credential: credentialDescription({
    form: webpushForm,
    secret: (input): WebPushSecret => ({
      subject: input.subject,
      publicKey: input.publicKey ?? "",
      privateKey: input.privateKey ?? "",
    }),
    // The public key is public (sites subscribe with it); the private key is never shown.
    summary: (secret) => ({ subject: secret.subject, publicKey: secret.publicKey || null }),
    // Never missing when sending: the first send or key request generates a pair (required: false
    // hands the provider wiring a null secret instead of pausing the campaign).
    required: false,
    missing: "No Web Push (VAPID) key pair is configured for this app (Apps → Provider credentials).",
  }),
  address: {
    kind: "token",
    maxLength: 4096,
    description:
      'The browser\'s PushSubscription as JSON: {"endpoint":"https://…","keys":{"p256dh":"…","auth":"…"}} (JSON.stringify(subscription)).',
  },
  // The plaintext JSON every push service carries once encrypted (lib/campaigns/payload.ts explains
  // the 3072 - 103 bytes).
  payloadBytes: 3072 - 103,
} as const satisfies ChannelDescription<"webpush">;
