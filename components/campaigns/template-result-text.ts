"use client";
// Turns a template or duplicate action's failed result into text in the user's language.
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action-result";

export function useTemplateResultText() {
  const t = useTranslations("templates.errors");
  const common = useTranslations("common");
  return {
    // Errors under the name field, translated.
    nameErrors(result: ActionResult): string[] | undefined {
      if (result.ok || !result.fieldErrors?.name) return undefined;
      return result.fieldErrors.name.map((code) => (t.has(code) ? t(code) : code));
    },
    // The message for the whole dialog (null while idle, on success, or when a field says it all).
    formError(result: ActionResult): string | null {
      if (result.ok || result.status === 0 || result.fieldErrors?.name) return null;
      if (result.status === 401) return t("signedOut");
      if (result.status === 403) return t("forbidden");
      if (result.status === 404) return t("notFound");
      if (result.status === 409) return t("conflict");
      if (result.status >= 500) return common("genericError");
      return result.message;
    },
  };
}
