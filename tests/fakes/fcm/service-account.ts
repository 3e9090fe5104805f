// A service-account key in Google's JSON layout with a freshly generated RSA key, for tests and
// benchmarks against the fake (whose OAuth endpoint accepts any well-formed signed assertion).
import { generateKeyPairSync } from "node:crypto";
import type { FcmSecret } from "@/lib/channels";

let privateKey: string | undefined;

// One RSA key per process (generation takes tens of milliseconds); the project and email vary.
export function fakeServiceAccount(
  projectId = "herald-test",
  clientEmail = `firebase-adminsdk@${projectId}.iam.gserviceaccount.com`,
): FcmSecret {
  privateKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  return {
    type: "service_account",
    project_id: projectId,
    private_key_id: "fake-key",
    private_key: privateKey,
    client_email: clientEmail,
    client_id: "100000000000000000000",
    token_uri: "https://oauth2.googleapis.com/token",
  };
}
