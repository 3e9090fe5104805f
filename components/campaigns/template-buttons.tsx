"use client";
// "Duplicate" and "Save as template" on a campaign's page, for users who may write its type.
// Duplicating uses one idempotency key per page view, so a double click makes one copy; it then
// opens the copy.
import { CheckCircle2, Copy, LayoutTemplate } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { idleResult, type ActionResult } from "@/lib/action-result";
import { duplicateCampaignAction, saveCampaignAsTemplateAction } from "@/server/campaigns/template-actions";
import { useTemplateResultText } from "./template-result-text";

const nameMax = 120;

export function CampaignTemplateButtons({ campaignId, campaignName }: { campaignId: string; campaignName: string }) {
  const t = useTranslations("templates");
  const common = useTranslations("common");
  const text = useTemplateResultText();
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
      router.refresh();
    });
  const duplicateError = text.formError(duplicateResult);
  const saveError = text.formError(saveResult);
  return (
    <>
      <Button variant="secondary" onClick={duplicate} disabled={duplicating}>
        <Copy className="size-4" aria-hidden />{duplicating ? t("duplicate.working") : t("duplicate.button")}
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          setSaveResult(idleResult);
          if (next) setName(campaignName);
        }}
        trigger={<Button variant="secondary"><LayoutTemplate className="size-4" aria-hidden />{t("save.button")}</Button>}
        title={t("save.title")}
        description={t("save.description")}
        closeLabel={common("close")}
      >
        <form
          noValidate
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          {saveError ? <Alert tone="error">{saveError}</Alert> : null}
          <Field label={t("save.name")} hint={t("save.nameHint")} errors={text.nameErrors(saveResult)}>
            <Input name="name" value={name} onChange={(event) => setName(event.target.value)} maxLength={nameMax} required autoComplete="off" autoFocus />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>{common("cancel")}</Button>
            <Button type="submit" disabled={saving}>{saving ? t("save.working") : t("save.submit")}</Button>
          </div>
        </form>
      </Dialog>
      {/* Inline, short messages: these buttons sit in the page header's action row. */}
      {duplicateError ? <p role="alert" className="max-w-xs text-sm text-red-700">{duplicateError}</p> : null}
      <p role="status" className="flex max-w-xs items-center gap-1 text-sm text-emerald-700 empty:hidden">
        {saved ? <><CheckCircle2 className="size-4 shrink-0" aria-hidden />{saved}</> : null}
      </p>
    </>
  );
}
