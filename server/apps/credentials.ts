// Server-only access to a stored provider credential, for the dispatch code: the unsealed secret,
// and the health the app page shows (the provider's last refusal, the last successful send).
import "server-only";
import { db } from "@/server/db";
import { sqlPool } from "@/server/sql";
import type { CredentialChannel, CredentialSecret } from "@/lib/channels";
import { unsealCredential } from "./credential-seal";

// The unsealed credential of an app for a channel, or null when none is configured.
export async function loadCredential<C extends CredentialChannel>(
  appId: string,
  channel: C,
): Promise<CredentialSecret<C> | null> {
  const row = await db.providerCredential.findUnique({
    where: { appId_channel: { appId, channel } },
    select: { secretSealed: true },
  });
  return row ? unsealCredential(appId, channel, row.secretSealed) : null;
}

// Least time between two writes of a credential's last success by one process: sending records it
// at most once a minute per credential, not once per batch (a 100,000-device FCM send is 200 batches).
export const successWriteIntervalMs = 60_000;
// App and channel -> when this process last wrote (or skipped writing) its success.
const successWrites = new Map<string, number>();

// Records that a provider refused an app's credential (the app page shows it as failing until a
// later success, a passing test or a new key).
export async function recordCredentialError(appId: string, channel: CredentialChannel, message: string): Promise<void> {
  // The next success this process sees must clear it at once, not after the minute's wait.
  successWrites.delete(`${appId}|${channel}`);
  // The database's clock, as for lastSucceededAt: the two are compared.
  await sqlPool().query(
    `update "ProviderCredential" set "lastError" = $3, "lastErrorAt" = now()
      where "appId" = $1 and channel = $2::"Channel"`,
    [appId, channel, message.slice(0, 500)],
  );
}

// Records that a send through an app's credential succeeded, which ends a recorded error. Cheap: one
// statement at most once a minute per credential and process, and that statement writes only when the
// last success is older than a minute or an error came after it, so several workers on one credential
// write about once a minute between them. An error another process recorded within this process's
// minute is therefore cleared up to a minute late. Answers whether it wrote.
export async function recordCredentialSuccess(
  appId: string,
  channel: CredentialChannel,
  now = Date.now(),
): Promise<boolean> {
  const key = `${appId}|${channel}`;
  const last = successWrites.get(key);
  if (last !== undefined && now - last < successWriteIntervalMs) return false;
  successWrites.set(key, now);
  // Entries older than the interval are worth nothing; dropping them keeps the map to the active credentials.
  if (successWrites.size > 1000)
    for (const [other, at] of successWrites) if (now - at >= successWriteIntervalMs) successWrites.delete(other);
  try {
    const { rowCount } = await sqlPool().query(
      `update "ProviderCredential" set "lastSucceededAt" = now()
        where "appId" = $1 and channel = $2::"Channel"
          and ("lastSucceededAt" is null or "lastSucceededAt" < now() - $3 * interval '1 millisecond'
               or "lastErrorAt" >= "lastSucceededAt")`,
      [appId, channel, successWriteIntervalMs],
    );
    return (rowCount ?? 0) > 0;
  } catch (error) {
    // Not written: the next success tries again.
    successWrites.delete(key);
    throw error;
  }
}

// Whether the app page shows a credential as failing: a refusal no success came after.
export function credentialFailing(credential: {
  lastError: string | null;
  lastErrorAt: Date | null;
  lastSucceededAt: Date | null;
}): boolean {
  if (credential.lastError === null) return false;
  if (!credential.lastSucceededAt || !credential.lastErrorAt) return true;
  return credential.lastSucceededAt.getTime() < credential.lastErrorAt.getTime();
}
