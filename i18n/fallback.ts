// What next-intl does with a missing or broken message (i18n/request.ts). It is logged with its key,
// and the page shows the key path ("audit.columns.time") in its place, so the Chinese page walk
// (tests/e2e/chinese-throughout.test.ts) and anyone reading the page can see it, rather than an
// English text or nothing.
import { IntlErrorCode, type IntlError } from "next-intl";

export function onMessageError(error: IntlError): void {
  const level = error.code === IntlErrorCode.MISSING_MESSAGE ? "warn" : "error";
  console[level](`[i18n] ${error.code}: ${error.originalMessage ?? error.message}`);
}

export function messageFallback({ namespace, key }: { namespace?: string; key: string }): string {
  return namespace ? `${namespace}.${key}` : key;
}
