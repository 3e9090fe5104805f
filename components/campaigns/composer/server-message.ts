"use client";
// The save's refusal in the user's language: field problems point at the fields; conflicts, missing
// rights and the rest get a sentence of their own.
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action-result";

export function useServerMessage(result: ActionResult<unknown>): string | null {
  const t = useTranslations("campaigns.composer.errors");
  const errors = useTranslations("campaigns.errors");
  const common = useTranslations("common");
  if (result.ok || result.status === 0) return null;
  if (result.fieldErrors && Object.keys(result.fieldErrors).length) return t("fixFields");
  if (result.status === 401) return errors("signedOut");
  if (result.status === 403) return t("forbidden");
  if (result.status === 404) return errors("notFound");
  if (result.status === 409) {
    if (result.message.startsWith("Someone else changed")) return errors("conflict");
    if (result.message.includes("already used")) return t("formUsed");
    return t("notEditable");
  }
  return common("genericError");
}
