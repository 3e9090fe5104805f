"use client";
// Confirms deleting a campaign template.
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useActionResultText } from "@/components/forms/result-text";
import { Button } from "@/components/ui/button";
import { deleteTemplateAction } from "@/server/campaigns/template-actions";
import { templateResultRules } from "./result-rules";

export function DeleteTemplateButton({ template }: { template: { id: string; name: string } }) {
  const t = useTranslations("templates.delete");
  const text = useActionResultText("templates", templateResultRules);
  return (
    <ConfirmDialog
      danger
      trigger={<Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" aria-label={t("label", { name: template.name })}><Trash2 className="size-4" aria-hidden />{t("button")}</Button>}
      title={t("title", { name: template.name })}
      description={t("body")}
      confirmLabel={t("confirm")}
      run={() => deleteTemplateAction({ templateId: template.id })}
      errorText={text.formError}
    />
  );
}
