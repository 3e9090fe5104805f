"use client";
// "New app": the settings form in a dialog; on success the API key is shown once.
import { Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { createApp } from "@/server/apps/actions";
import { AppSettingsFields, emptyAppSettings } from "./app-settings-fields";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { useFormAction } from "@/components/forms/use-form-action";
import { useResultText } from "@/components/forms/result-text";

export function CreateAppDialog({ timeZones }: { timeZones: string[] }) {
  const t = useTranslations("apps");
  const common = useTranslations("common");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ appId: string; apiKey: string } | null>(null);
  const { result, pending, onSubmit, reset } = useFormAction(createApp, (data) => {
    setOpen(false);
    setCreated({ appId: data.appId, apiKey: data.apiKey });
    router.refresh();
  });
  const text = useResultText("apps");
  const formError = text.formError(result);
  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => { setOpen(next); if (!next) reset(); }}
        trigger={<Button><Plus className="size-4" aria-hidden />{t("create.button")}</Button>}
        title={t("create.title")}
        description={t("create.description")}
        closeLabel={common("close")}
      >
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          {formError ? <Alert tone="error">{formError}</Alert> : null}
          <AppSettingsFields values={emptyAppSettings} timeZones={timeZones} errors={(field) => text.fieldErrors(result, field)} />
          <div className="flex justify-end gap-2 pt-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>{common("cancel")}</Button>
            <Button type="submit" disabled={pending}>{pending ? t("create.submitting") : t("create.submit")}</Button>
          </div>
        </form>
      </Dialog>
      <OneTimeSecret
        title={t("key.createdTitle")}
        label={t("key.label")}
        warning={t("key.warning")}
        secret={created?.apiKey ?? null}
        onClose={() => {
          const appId = created?.appId;
          setCreated(null);
          if (appId) router.push(`/apps/${appId}`);
        }}
      />
    </>
  );
}
