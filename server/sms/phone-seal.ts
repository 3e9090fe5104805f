// How a PhoneNumber's E.164 number is sealed at rest (server/crypto.ts seal, AES-256-GCM). The
// context binds the sealed text to its app, so a number copied into another app's row does not open.
// Registration (the phone-number half of SMS signalling) seals with this; the fallback unseals just
// before handing a message to the sender, and the number is never logged.
import "server-only";
import { seal, unseal } from "@/server/crypto";

function context(appId: string): string {
  return `PhoneNumber:${appId}`;
}

export function sealPhoneNumber(e164: string, appId: string): string {
  return seal(e164, context(appId));
}

export function unsealPhoneNumber(sealed: string, appId: string): string {
  return unseal<string>(sealed, context(appId));
}
