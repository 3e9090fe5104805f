"use client";
// Puts the composer's field errors into the user's language: zod message keys under
// "campaigns.errors", composer-only keys and schedule issue codes under "campaigns.composer.errors".
// A message with no key (a server's plain-English explanation) is shown as it is.
import { useTranslations } from "next-intl";

export function useComposerErrorText() {
  const errors = useTranslations("campaigns.errors");
  const composer = useTranslations("campaigns.composer.errors");
  return (message: string): string => {
    if (message.startsWith("schedule:")) {
      const key = `schedule.${message.slice("schedule:".length)}`;
      return composer.has(key) ? composer(key) : message;
    }
    if (composer.has(message)) return composer(message);
    if (errors.has(message)) return errors(message);
    return message;
  };
}
