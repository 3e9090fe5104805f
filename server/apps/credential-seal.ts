// How a provider credential is sealed at rest: AES-256-GCM (server/crypto.ts) bound to its app and
// channel, so a sealed secret copied to another app or channel does not open. Server code only; no
// "server-only" marker because the simulator and the benchmarks seal credentials from plain Node.
import type { CredentialChannel, CredentialSecret } from "@/lib/channels";
import { seal, unseal } from "@/server/crypto";

// The associated data a credential is sealed under: bound to its app and channel.
export function credentialContext(appId: string, channel: CredentialChannel): string {
  return `credential:${appId}:${channel}`;
}

// Seals a channel's secret for storage in ProviderCredential.secretSealed.
export function sealCredential<C extends CredentialChannel>(
  appId: string,
  channel: C,
  secret: CredentialSecret<C>,
): string {
  return seal(secret, credentialContext(appId, channel));
}

// Opens a sealed secret of this app and channel (throws when it was sealed for another).
export function unsealCredential<C extends CredentialChannel>(
  appId: string,
  channel: C,
  sealed: string,
): CredentialSecret<C> {
  return unseal<CredentialSecret<C>>(sealed, credentialContext(appId, channel));
}
