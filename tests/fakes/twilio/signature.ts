// Twilio's webhook signature, written from its documentation (https://www.twilio.com/docs/usage/security#validating-requests):
// take the full URL Twilio requested, append each POST parameter's name and value sorted by name
// (case-sensitive, byte order), HMAC-SHA1 the string with the account's auth token, base64. Sent in the
// X-Twilio-Signature header. Kept apart from the twilio library on purpose, so a test proves Herald's
// check (twilio.validateRequest) accepts what the documented algorithm produces.
import { createHmac } from "node:crypto";

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const text = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac("sha1", authToken).update(Buffer.from(text, "utf8")).digest("base64");
}
