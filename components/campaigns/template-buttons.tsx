"use client";
// "Duplicate" and "Save as template" on a campaign's page, for users who may write its type.
// Duplicating uses one idempotency key per page view, so a double click makes one copy; it then
// opens the copy.
import { CheckCircle2, Copy, LayoutTemplate } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionResultText } from "@/components/forms/result-text";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { idleResult, type ActionResult } from "@/lib/action-result";
import { duplicateCampaignAction, saveCampaignAsTemplateAction } from "@/server/campaigns/template-actions";
import { templateResultRules } from "./result-rules";

export function CampaignTemplateButtons({ campaignId, campaignName }: { campaignId: string; campaignName: string }) {
  const t = useTranslations("templates");
  const text = useActionResultText("templates", templateResultRules);
  const router = useRouter();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [duplicating, startDuplicate] = useTransition();
  const [duplicateResult, setDuplicateResult] = useState<ActionResult>(idleResult);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(campaignName);
  const [saveResult, setSaveResult] = useState<ActionResult>(idleResult);
  const [saving, startSave] = useTransition();
  const [saved, setSaved] = useState<string | null>(null);

  const duplicate = () =>
    startDuplicate(async () => {
      const result = await duplicateCampaignAction({ campaignId, idempotencyKey });
      setDuplicateResult(result);
      if (result.ok) router.push(`/campaigns/${result.data.campaignId}`);
    });
  const save = () =>
    startSave(async () => {
      const result = await saveCampaignAsTemplateAction({ campaignId, name });
      setSaveResult(result);
      if (!result.ok) return;
      setOpen(false);
      setSaved(t("save.done", { name: name.trim() }));
    });
  const duplicateError = text.formError(duplicateResult);
  return (
    <>
      <Button variant="secondary" onClick={duplicate} disabled={duplicating}>
        <Copy className="size-4" aria-hidden />
        {duplicating ? t("duplicate.working") : t("duplicate.button")}
      </Button>
      <FormDialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          setSaveResult(idleResult);
          if (next) setName(campaignName);
        }}
        onCancel={() => setOpen(false)}
        trigger={
          <Button variant="secondary">
            <LayoutTemplate className="size-4" aria-hidden />
            {t("save.button")}
          </Button>
        }
        title={t("save.title")}
        description={t("save.description")}
        form={{
          result: saveResult,
          pending: saving,
          onSubmit: (event) => {
            event.preventDefault();
            save();
          },
        }}
        errorText={text.formError}
        submitLabel={t("save.submit")}
        pendingLabel={t("save.working")}
      >
        <Field label={t("save.name")} hint={t("save.nameHint")} errors={text.fieldErrors(saveResult, "name")}>
          <Input
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            autoComplete="off"
            autoFocus
          />
        </Field>
      </FormDialog>
      {/* Inline, short messages: these buttons sit in the page header's action row. */}
      {duplicateError ? (
        <p role="alert" className="max-w-xs text-sm text-red-700">
          {duplicateError}
        </p>
      ) : null}
      <p role="status" className="flex max-w-xs items-center gap-1 text-sm text-emerald-700 empty:hidden">
        {saved ? (
          <>
            <CheckCircle2 className="size-4 shrink-0" aria-hidden />
            {saved}
          </>
        ) : null}
      </p>
    </>
  );
}
