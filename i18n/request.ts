// next-intl request configuration: the locale comes from the NEXT_LOCALE cookie, then the
// browser's Accept-Language, then English.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale, localeCookie, type Locale } from "@/lib/locales";
import { messageFallback, onMessageError } from "./fallback";
import { loadMessages } from "./messages";

async function pickLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(localeCookie)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  const accept = (await headers()).get("accept-language") ?? "";
  return /^\s*zh\b/i.test(accept) ? "zh-CN" : defaultLocale;
}

export default getRequestConfig(async () => {
  const locale = await pickLocale();
  const messages = await loadMessages(locale);
  return { locale, messages, timeZone: "UTC", onError: onMessageError, getMessageFallback: messageFallback };
});
