"use client";
// Turns a lifecycle action's failed ActionResult into text in the user's language: refusals the
// server names with a code and field errors have their own messages; anything else falls back to
// the server's words.
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action-result";

export function useActionErrorText() {
  const t = useTranslations("campaigns.errors");
  const common = useTranslations("common");
  return (result: ActionResult, appName: string): string | null => {
    if (result.ok || result.status === 0) return null;
    const fields = result.fieldErrors ?? {};
    if (fields.confirmAppName) return t("confirmAppName", { app: appName });
    if (fields["campaign.expression"]) return result.code === "no_audience" ? t("noAudience") : t("expression");
    if (Object.keys(fields).some((key) => key.startsWith("schedule."))) return t("schedule");
    if (fields.reason) return t("reason");
    if (result.status === 401) return t("signedOut");
    if (result.status === 403) return result.code === "same_person" ? t("samePerson") : t("forbidden");
    if (result.status === 404) return t("notFound");
    if (result.status === 409) return result.code === "conflict" ? t("conflict") : t("invalidTransition");
    if (result.status >= 500) return common("genericError");
    return result.message;
  };
}
