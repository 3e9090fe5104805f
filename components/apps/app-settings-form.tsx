"use client";
// Edit an app's settings on its detail page.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { updateApp } from "@/server/apps/actions";
import { AppSettingsFields, type AppSettingsValues } from "./app-settings-fields";
import { useFormAction } from "@/components/forms/use-form-action";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";

export function AppSettingsForm({
  appId,
  values,
  timeZones,
  canManage,
}: {
  appId: string;
  values: AppSettingsValues;
  timeZones: string[];
  canManage: boolean;
}) {
  const t = useTranslations("apps");
  const common = useTranslations("common");
  const [saved, setSaved] = useState(false);
  const { result, pending, onSubmit } = useFormAction(updateApp, () => setSaved(true));
  const text = useActionResultText("apps", formResultRules);
  const formError = text.formError(result);
  return (
    <form
      onSubmit={(event) => {
        setSaved(false);
        onSubmit(event);
      }}
      noValidate
      className="space-y-4"
    >
      <input type="hidden" name="appId" value={appId} />
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {saved && result.ok ? <Alert tone="success">{t("settings.saved")}</Alert> : null}
      <fieldset disabled={!canManage} className="space-y-4">
        <AppSettingsFields values={values} timeZones={timeZones} errors={(field) => text.fieldErrors(result, field)} />
      </fieldset>
      {canManage ? (
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>
            {pending ? common("saving") : common("save")}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
