// A service-account key in Google's JSON layout with a freshly generated RSA key, for tests and
// benchmarks against the fake (whose OAuth endpoint accepts any well-formed signed assertion).
import type { FcmSecret } from "@/lib/channels";
import { newPrivateKey, serviceAccountKey } from "@/scripts/lib/service-account";

let privateKey: string | undefined;

// One RSA key per process (generation takes tens of milliseconds); the project and email vary.
export function fakeServiceAccount(
  projectId = "herald-test",
  clientEmail = `firebase-adminsdk@${projectId}.iam.gserviceaccount.com`,
): FcmSecret {
  privateKey ??= newPrivateKey();
  return serviceAccountKey(
    projectId,
    { keyId: "fake-key", clientEmail, clientId: "100000000000000000000" },
    privateKey,
  );
}
