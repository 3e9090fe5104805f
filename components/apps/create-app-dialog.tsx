"use client";
// "New app": the settings form in a dialog; on success the API key is shown once.
import { Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CreateDialog } from "@/components/forms/create-dialog";
import { useFormDialog } from "@/components/forms/form-dialog";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { createApp } from "@/server/apps/actions";
import { AppSettingsFields, emptyAppSettings } from "./app-settings-fields";

export function CreateAppDialog({ timeZones }: { timeZones: string[] }) {
  const t = useTranslations("apps");
  const router = useRouter();
  const [created, setCreated] = useState<{ appId: string; apiKey: string } | null>(null);
  const { result, dialog } = useFormDialog(createApp, (data) => setCreated({ appId: data.appId, apiKey: data.apiKey }));
  const text = useActionResultText("apps", formResultRules);
  return (
    <>
      <CreateDialog namespace="apps" icon={Plus} dialog={dialog} errorText={text.formError}>
        <AppSettingsFields
          values={emptyAppSettings}
          timeZones={timeZones}
          errors={(field) => text.fieldErrors(result, field)}
        />
      </CreateDialog>
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
