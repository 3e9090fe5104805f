// Apple Push Notification service (APNs): iOS apps addressed by the device token APNs gave them,
// reached over HTTP/2 with token-based authentication (a .p8 signing key, its key id and the team id).
// The app stores its key, ids, bundle id (the apns-topic) and the environment. Sent by
// server/dispatch/providers/apns. Sources: developer.apple.com "Establishing a token-based connection
// to APNs", "Sending notification requests to APNs", "Handling notification responses from APNs".
// Isomorphic: the key is checked structurally here (PEM, PKCS#8 or SEC1, curve P-256); signing it is
// the server's proof ("Test credentials").
import { z } from "zod";
import { requiredText } from "./fields";
import { credentialDescription, type ChannelDescription } from "./types";

export const apnsEnvironments = ["production", "sandbox"] as const;
export type ApnsEnvironment = (typeof apnsEnvironments)[number];

// The sealed APNs secret.
export interface ApnsSecret {
  // The .p8 signing key's PEM text (ES256, P-256).
  key: string;
  keyId: string;
  teamId: string;
  // The app's bundle id: every request's apns-topic.
  bundleId: string;
  environment: ApnsEnvironment;
}

// DER bytes of the OIDs a P-256 key names: id-ecPublicKey (1.2.840.10045.2.1) and prime256v1
// (1.2.840.10045.3.1.7), each with its tag and length.
const ecPublicKeyOid = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const prime256v1Oid = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

function contains(bytes: Uint8Array, needle: number[]): boolean {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

// True when `text` is one PEM private key on the P-256 curve: Apple's .p8 (PKCS#8, "PRIVATE KEY"
// naming id-ecPublicKey and prime256v1) or the same key in SEC1 form ("EC PRIVATE KEY").
export function isP256PrivateKeyPem(text: string): boolean {
  const match = /^-----BEGIN (EC )?PRIVATE KEY-----\s+([A-Za-z0-9+/=\s]+?)\s*-----END \1?PRIVATE KEY-----$/.exec(
    text.trim(),
  );
  if (!match) return false;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(match[2]!.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  } catch {
    return false;
  }
  // A P-256 private key is 32 bytes; its DER wrapping stays under 200 bytes (RSA keys are far larger).
  if (bytes.length < 60 || bytes.length > 200 || bytes[0] !== 0x30) return false;
  const pkcs8 = !match[1];
  return contains(bytes, prime256v1Oid) && (!pkcs8 || contains(bytes, ecPublicKeyOid));
}

// Apple's key ids and team ids: 10 upper-case letters and digits.
const appleId = /^[A-Z0-9]{10}$/;
// A bundle id: reverse-DNS, letters, digits, hyphens and dots, at least two parts.
export const bundleIdPattern = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

// The app page's form. An empty bundle id takes the app's iOS bundle id (server/apps/actions.ts).
export const apnsForm = z.object({
  key: z
    .string("apnsKeyRequired")
    .trim()
    .min(1, { error: "apnsKeyRequired", abort: true })
    .refine(isP256PrivateKeyPem, "apnsKeyInvalid"),
  keyId: requiredText("apnsKeyIdRequired", "apnsKeyIdInvalid", appleId),
  teamId: requiredText("apnsTeamIdRequired", "apnsTeamIdInvalid", appleId),
  bundleId: z
    .string("apnsBundleIdRequired")
    .trim()
    .min(1, { error: "apnsBundleIdRequired", abort: true })
    .max(155, "apnsBundleIdInvalid")
    .regex(bundleIdPattern, "apnsBundleIdInvalid"),
  environment: z.enum(apnsEnvironments, "apnsEnvironmentInvalid"),
});

// The APNs channel.
export const apnsChannel = {
  id: "apns",
  name: "APNs",
  credential: credentialDescription({
    form: apnsForm,
    secret: (input): ApnsSecret => ({ ...input, key: `${input.key.trim()}\n` }),
    // Everything but the key, which is never shown again.
    summary: (secret) => ({
      keyId: secret.keyId,
      teamId: secret.teamId,
      bundleId: secret.bundleId,
      environment: secret.environment,
    }),
    required: true,
    missing: "No APNs signing key is configured for this app (Apps → Provider credentials).",
  }),
  // Device tokens are 32 bytes today (64 hex digits); Apple warns they may grow, so up to 200 bytes.
  address: { kind: "token", maxLength: 400, description: "The APNs device token of the app installation, in hex." },
  // APNs refuses a payload over 4096 bytes (413 PayloadTooLarge; VoIP pushes may take 5120).
  payloadBytes: 4096,
} as const satisfies ChannelDescription<"apns">;

// A device token as iOS hands it over, hex-encoded: 64 hex digits or more (Apple: tokens may grow).
export const apnsTokenPattern = /^[0-9a-fA-F]{64,400}$/;
// Most bytes of an apns-collapse-id.
export const apnsCollapseIdMaxBytes = 64;
