"use client";
// Turns a segment action's result into text in the user's language: field errors are message keys
// under "segments.errors" ("inUse:<n>" carries the number of campaigns); parser messages pass through.
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action-result";

export function useSegmentResultText() {
  const t = useTranslations("segments.errors");
  const common = useTranslations("common");
  const text = (code: string) => {
    const inUse = /^inUse:(\d+)$/.exec(code);
    if (inUse) return t("inUse", { count: Number(inUse[1]) });
    return t.has(code) ? t(code) : code;
  };
  return {
    // Translated errors under a field; parse errors (not a known code) are left out when `onlyCodes`.
    fieldErrors(result: ActionResult, field: string, onlyCodes = false): string[] | undefined {
      if (result.ok || !result.fieldErrors?.[field]) return undefined;
      const codes = onlyCodes ? result.fieldErrors[field].filter((code) => t.has(code)) : result.fieldErrors[field];
      return codes.length ? codes.map(text) : undefined;
    },
    // The message for the whole form (null while idle or on success).
    formError(result: ActionResult): string | null {
      if (result.ok || result.status === 0) return null;
      const form = result.fieldErrors?.form;
      if (form?.length) return form.map(text).join(" ");
      if (result.fieldErrors && Object.keys(result.fieldErrors).length) return t("fixFields");
      if (result.status === 403) return t("forbidden");
      if (result.status === 404) return t("notFound");
      if (result.status === 401) return t("signedOut");
      return common("genericError");
    },
  };
}
