// Service-account keys in Google's JSON layout for projects whose messages go to a fake FCM (the
// simulator's, the tests' and the benchmarks'): nothing checks their signatures against Google.
import { generateKeyPairSync } from "node:crypto";
import type { FcmSecret } from "../../lib/channels";

// A fresh 2048-bit RSA private key, PEM (PKCS #8). Generating one takes tens of milliseconds.
export function newPrivateKey(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
}

// The key file of `projectId`'s service account `clientEmail`.
export function serviceAccountKey(
  projectId: string,
  account: { keyId: string; clientEmail: string; clientId: string },
  privateKey = newPrivateKey(),
): FcmSecret {
  return {
    type: "service_account",
    project_id: projectId,
    private_key_id: account.keyId,
    private_key: privateKey,
    client_email: account.clientEmail,
    client_id: account.clientId,
    token_uri: "https://oauth2.googleapis.com/token",
  };
}
