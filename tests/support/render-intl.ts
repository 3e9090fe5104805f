// Renders a React element to static HTML with the app's real messages for a locale, so unit tests
// can check client components' markup and strings in English and Simplified Chinese without a browser.
import { NextIntlClientProvider } from "next-intl";
import { createElement, type ComponentProps, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { loadMessages } from "@/i18n/messages";
import type { Locale } from "@/lib/locales";

export async function renderWithMessages(locale: Locale, element: ReactElement): Promise<string> {
  const messages = await loadMessages(locale);
  // A missing message is a test failure, not a silently printed key.
  const onError = (error: Error) => {
    throw error;
  };
  // The children go in as createElement's third argument; the cast is for the props type, which lists them.
  const props = { locale, messages, timeZone: "UTC", now: new Date("2026-11-25T09:41:00Z"), onError } as Omit<
    ComponentProps<typeof NextIntlClientProvider>,
    "children"
  > as ComponentProps<typeof NextIntlClientProvider>;
  return renderToStaticMarkup(createElement(NextIntlClientProvider, props, element));
}
