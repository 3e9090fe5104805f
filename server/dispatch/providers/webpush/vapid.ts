// VAPID (RFC 8292) with the `web-push` library: generating an app's key pair, checking an imported
// pair, and the Authorization header a push service checks. web-push signs a fresh ES256 JWT for
// every sendNotification when handed vapidDetails; the provider signs one per push-service origin
// and reuses it until shortly before it expires (vapidHeaderCache), which is what RFC 8292 §2 allows.
import { createECDH } from "node:crypto";
import webpush from "web-push";
import { isP256PrivateKey, isP256PublicKey, type WebPushSecret } from "@/lib/channels/webpush";

// A new P-256 key pair, base64url (65-byte public point, 32-byte private scalar).
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}

// Why a key pair is unusable, or null: both base64url P-256 keys, and the private key's public point
// is the public key given (a pair mixed from two apps signs headers no push service accepts).
export function vapidKeyPairProblem(
  publicKey: string,
  privateKey: string,
): "publicKey" | "privateKey" | "mismatch" | null {
  if (!isP256PublicKey(publicKey)) return "publicKey";
  if (!isP256PrivateKey(privateKey)) return "privateKey";
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(privateKey, "base64url"));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, "base64url")) ? null : "mismatch";
  } catch {
    return "privateKey";
  }
}

// How long a signed header is valid (web-push's own default is 12 hours; RFC 8292 allows 24).
export const vapidLifetimeSeconds = 12 * 3600;
// A header is signed again this long before it expires.
const renewMarginSeconds = 3600;

// The `Authorization: vapid t=<JWT>, k=<public key>` header for pushes to `audience` (the push
// service's origin), valid until `expiresAt` (Unix seconds).
export function vapidAuthorization(secret: WebPushSecret, audience: string, expiresAt: number): string {
  return webpush.getVapidHeaders(audience, secret.subject, secret.publicKey, secret.privateKey, "aes128gcm", expiresAt)
    .Authorization;
}

// Signed headers per audience for one credential, renewed an hour before they expire.
export function vapidHeaderCache(secret: WebPushSecret, now: () => number = Date.now) {
  const cache = new Map<string, { header: string; renewAt: number }>();
  return (audience: string): string => {
    const seconds = Math.floor(now() / 1000);
    const hit = cache.get(audience);
    if (hit && hit.renewAt > seconds) return hit.header;
    const expiresAt = seconds + vapidLifetimeSeconds;
    const header = vapidAuthorization(secret, audience, expiresAt);
    cache.set(audience, { header, renewAt: expiresAt - renewMarginSeconds });
    return header;
  };
}

// "Test credentials": signs a VAPID header with the stored pair and checks that the keys belong
// together; no push is sent (a push service only answers for a real subscription).
export async function verifyWebPushCredential(
  secret: WebPushSecret,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const problem = vapidKeyPairProblem(secret.publicKey, secret.privateKey);
  if (problem === "mismatch")
    return { ok: false, code: "VAPID_KEY_MISMATCH", message: "The private key does not belong to the public key." };
  if (problem) return { ok: false, code: "VAPID_KEY_INVALID", message: `The VAPID ${problem} is not a P-256 key.` };
  try {
    vapidAuthorization(secret, "https://push.example.net", Math.floor(Date.now() / 1000) + 600);
  } catch (error) {
    return { ok: false, code: "VAPID_SIGN_FAILED", message: (error as Error).message };
  }
  return { ok: true };
}
