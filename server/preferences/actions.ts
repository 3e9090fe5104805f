"use server";
// Language and time zone choices, stored in cookies; allowed for everyone (the sign-in page has the language
// switch too).
import { cookies } from "next/headers";
import { isLocale, localeCookie } from "@/lib/locales";
import { parseZoneChoice, serializeZoneChoice, timeZoneCookie } from "@/lib/time/zone-choice";

export async function setLocale(locale: string): Promise<void> {
  if (!isLocale(locale)) return;
  (await cookies()).set(localeCookie, locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
}

// The time zone times are shown in (lib/time/zone-choice.ts); anything malformed is ignored.
export async function setTimeZoneChoice(value: string): Promise<void> {
  const choice = parseZoneChoice(value);
  if (serializeZoneChoice(choice) !== value) return;
  (await cookies()).set(timeZoneCookie, value, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
}
