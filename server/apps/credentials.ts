// Server-only access to a stored provider credential, for the dispatch code.
import "server-only";
import { db } from "@/server/db";
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

// Records that a provider refused an app's credential (shown on the app page until it is replaced).
export async function recordCredentialError(appId: string, channel: CredentialChannel, message: string): Promise<void> {
  await db.providerCredential.updateMany({
    where: { appId, channel },
    data: { lastError: message.slice(0, 500), lastErrorAt: new Date() },
  });
}
