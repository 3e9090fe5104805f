"use server";
// Language choice, stored in a cookie; allowed for everyone (the sign-in page has the switch too).
import { cookies } from "next/headers";
import { isLocale, localeCookie } from "@/lib/locales";

export async function setLocale(locale: string): Promise<void> {
  if (!isLocale(locale)) return;
  (await cookies()).set(localeCookie, locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
}
