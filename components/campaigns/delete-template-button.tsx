"use client";
// Confirms deleting a campaign template.
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { idleResult, type ActionResult } from "@/lib/action-result";
import { deleteTemplateAction } from "@/server/campaigns/template-actions";
import { useTemplateResultText } from "./template-result-text";

export function DeleteTemplateButton({ template }: { template: { id: string; name: string } }) {
  const t = useTranslations("templates.delete");
  const common = useTranslations("common");
  const text = useTemplateResultText();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ActionResult>(idleResult);
  const [pending, start] = useTransition();
  const error = text.formError(result);
  const confirm = () =>
    start(async () => {
      const next = await deleteTemplateAction({ templateId: template.id });
      setResult(next);
      if (!next.ok) return;
      setOpen(false);
      router.refresh();
    });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => { setOpen(next); setResult(idleResult); }}
      trigger={<Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" aria-label={t("label", { name: template.name })}><Trash2 className="size-4" aria-hidden />{t("button")}</Button>}
      title={t("title", { name: template.name })}
      description={t("body")}
      closeLabel={common("close")}
    >
      {error ? <Alert tone="error" className="mb-4">{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => setOpen(false)}>{common("cancel")}</Button>
        <Button variant="danger" disabled={pending} onClick={confirm}>{t("confirm")}</Button>
      </div>
    </Dialog>
  );
}
