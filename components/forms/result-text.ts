"use client";
// Turns an ActionResult into text in the user's language: field errors and rule violations are
// message keys under "<namespace>.errors"; anything else falls back to a generic message by status.
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action-result";

export function useResultText(namespace: "apps" | "users") {
  const t = useTranslations(namespace);
  const common = useTranslations("common");
  const text = (code: string) => (t.has(`errors.${code}`) ? t(`errors.${code}`) : code);
  return {
    // Errors to show under a field, translated.
    fieldErrors(result: ActionResult, field: string): string[] | undefined {
      if (result.ok || !result.fieldErrors?.[field]) return undefined;
      return result.fieldErrors[field].map(text);
    },
    // The message for the whole form (null while idle or on success).
    formError(result: ActionResult): string | null {
      if (result.ok || result.status === 0) return null;
      const form = result.fieldErrors?.form;
      if (form?.length) return form.map(text).join(" ");
      if (result.fieldErrors && Object.keys(result.fieldErrors).length) return t("errors.fixFields");
      if (result.status === 403) return t("errors.forbidden");
      if (result.status === 404) return t("errors.notFound");
      if (result.status === 401) return t("errors.signedOut");
      return common("genericError");
    },
  };
}
