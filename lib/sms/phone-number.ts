// Phone numbers for SMS signals: validated as E.164 (libphonenumber-js's metadata: a real number plan
// of a real country), their country (the SMS price table's key) and the masked text the console,
// exports and API answers show: the calling code and the last four digits only ("+86 *******5678").
// Isomorphic; the number itself is sealed at rest (server/sms/phone-numbers.ts).
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export interface ValidPhoneNumber {
  // "+8613812345678"
  e164: string;
  // ISO 3166-1 alpha-2; "001" for non-geographic numbers (satellite, global services).
  country: string;
  masked: string;
}

const e164Shape = /^\+[1-9]\d{6,14}$/;

// Masks an E.164 number: "+<calling code> " then stars for all but the last four national digits.
export function maskPhoneNumber(e164: string, callingCode: string): string {
  const national = e164.slice(1 + callingCode.length);
  const shown = national.slice(-4);
  return `+${callingCode} ${"*".repeat(Math.max(national.length - shown.length, 0))}${shown}`;
}

// The number when `raw` is an E.164 number ("+" and digits only) valid for its country's plan; null otherwise.
export function validPhoneNumber(raw: string): ValidPhoneNumber | null {
  const value = raw.trim();
  if (!e164Shape.test(value)) return null;
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed || !parsed.isValid() || parsed.number !== value) return null;
  return {
    e164: parsed.number,
    country: parsed.country ?? "001",
    masked: maskPhoneNumber(parsed.number, parsed.countryCallingCode),
  };
}
