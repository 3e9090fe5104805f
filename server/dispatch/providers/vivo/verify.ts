// The vivo "test credentials" check: one authToken fetch, not cached (the point is to ask vivo), so a
// wrong App ID, App key or App secret comes back as vivo's own code (10202 key, 10205 app, 10206 sign).
import type { VivoSecret } from "@/lib/channels/vivo";
import { VendorNetworkError } from "../vendor-https";
import { fetchVivoToken, VivoAuthError } from "./auth";
import { VivoClient } from "./client";
import { vivoSettings, type VivoSettings } from "./settings";

// The "test credentials" answer.
export type VivoCredentialCheck = { ok: true } | { ok: false; code: string; message: string };

// Checks a credential against vivo by fetching an authToken.
export async function verifyVivoCredential(
  secret: VivoSecret,
  overrides: Partial<VivoSettings> = {},
): Promise<VivoCredentialCheck> {
  const client = new VivoClient(secret, vivoSettings(overrides));
  try {
    await fetchVivoToken(client.http, secret);
    return { ok: true };
  } catch (error) {
    if (error instanceof VivoAuthError) return { ok: false, code: `VIVO_${error.code}`, message: error.message };
    if (error instanceof VendorNetworkError) return { ok: false, code: error.code, message: error.message };
    throw error;
  } finally {
    client.close();
  }
}
