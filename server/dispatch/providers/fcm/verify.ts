// The FCM "test credentials" check: an OAuth access-token fetch with the service-account key, the
// same grant firebase-admin makes before its first send. Google refuses a revoked or deleted key
// there (invalid_grant), so a token proves the key; the project's FCM permission is not probed
// (a send would need a real registration token).
import { randomUUID } from "node:crypto";
import { cert } from "firebase-admin/app";
import type { FcmSecret } from "@/lib/channels/fcm";
import { routeGoogleHttps } from "./endpoint";
import { fcmEndpointFor, isSimulatorProject } from "./simulator-endpoint";

export type FcmCredentialCheck = { ok: true } | { ok: false; code: string; message: string };

// Checks a service-account key by fetching an access token from Google (or the configured fake).
export async function verifyFcmCredential(secret: FcmSecret): Promise<FcmCredentialCheck> {
  routeGoogleHttps();
  try {
    // The simulator's reserved project never reaches Google: its check is that the simulator runs.
    if (isSimulatorProject(secret.project_id)) {
      fcmEndpointFor(secret.project_id);
      return { ok: true };
    }
    // cert() keeps one credential (and its cached access token) per distinct key object for the life of
    // the process; a key of its own per check makes this a real token request, so a key revoked since the
    // last send is caught. The extra property is not part of the grant.
    const key = {
      projectId: secret.project_id,
      clientEmail: secret.client_email,
      privateKey: secret.private_key,
      heraldCheck: randomUUID(),
    };
    await cert(key).getAccessToken();
    return { ok: true };
  } catch (error) {
    const reason = error as { code?: unknown; message?: unknown };
    const message = typeof reason.message === "string" ? reason.message : String(error);
    // Google's OAuth error ("invalid_grant: Invalid JWT Signature.") names its code first.
    const oauthCode = /^([a-z_]+):/.exec(message)?.[1];
    return {
      ok: false,
      code: typeof reason.code === "string" ? reason.code : (oauthCode ?? "INVALID_CREDENTIAL"),
      message,
    };
  }
}
