"use client";
// "New app": the settings form in a dialog; on success the API key is shown once.
import { Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormDialog } from "@/components/forms/form-dialog";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { useFormAction } from "@/components/forms/use-form-action";
import { Button } from "@/components/ui/button";
import { createApp } from "@/server/apps/actions";
import { AppSettingsFields, emptyAppSettings } from "./app-settings-fields";

export function CreateAppDialog({ timeZones }: { timeZones: string[] }) {
  const t = useTranslations("apps");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ appId: string; apiKey: string } | null>(null);
  const { result, pending, onSubmit, reset } = useFormAction(createApp, (data) => {
    setOpen(false);
    setCreated({ appId: data.appId, apiKey: data.apiKey });
  });
  const text = useActionResultText("apps", formResultRules);
  return (
    <>
      <FormDialog
        open={open}
        onOpenChange={(next) => { setOpen(next); if (!next) reset(); }}
        onCancel={() => setOpen(false)}
        trigger={<Button><Plus className="size-4" aria-hidden />{t("create.button")}</Button>}
        title={t("create.title")}
        description={t("create.description")}
        onSubmit={onSubmit}
        error={text.formError(result)}
        submitLabel={pending ? t("create.submitting") : t("create.submit")}
        submitDisabled={pending}
        footerClassName="pt-2"
      >
        <AppSettingsFields values={emptyAppSettings} timeZones={timeZones} errors={(field) => text.fieldErrors(result, field)} />
      </FormDialog>
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
