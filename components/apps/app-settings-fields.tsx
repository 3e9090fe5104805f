"use client";
// The app settings inputs shared by the create dialog and the settings form.
import { useTranslations } from "next-intl";
import { useId } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

export interface AppSettingsValues {
  name: string;
  androidPackage: string;
  iosBundleId: string;
  webOrigin: string;
  timezone: string;
  quietHoursStart: string;
  quietHoursEnd: string;
  approvalThreshold: string;
  promoCapPerDay: string;
  promoCapPerWeek: string;
}

export const emptyAppSettings: AppSettingsValues = {
  name: "",
  androidPackage: "",
  iosBundleId: "",
  webOrigin: "",
  timezone: "UTC",
  quietHoursStart: "",
  quietHoursEnd: "",
  approvalThreshold: "10000",
  promoCapPerDay: "",
  promoCapPerWeek: "",
};

interface Props {
  values: AppSettingsValues;
  timeZones: string[];
  errors: (field: keyof AppSettingsValues) => string[] | undefined;
}

// Time zones use a datalist: type to filter the ~400 IANA names, and the server checks the value.
export function AppSettingsFields({ values, timeZones, errors }: Props) {
  const t = useTranslations("apps");
  const listId = useId();
  return (
    <div className="space-y-4">
      <Field label={t("fields.name")} errors={errors("name")}>
        <Input name="name" defaultValue={values.name} required maxLength={80} autoComplete="off" />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("fields.androidPackage")} hint={t("hints.androidPackage")} errors={errors("androidPackage")}>
          <Input
            name="androidPackage"
            defaultValue={values.androidPackage}
            placeholder="com.example.app"
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field label={t("fields.iosBundleId")} hint={t("hints.iosBundleId")} errors={errors("iosBundleId")}>
          <Input
            name="iosBundleId"
            defaultValue={values.iosBundleId}
            placeholder="com.example.app"
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
      </div>
      <Field label={t("fields.webOrigin")} hint={t("hints.webOrigin")} errors={errors("webOrigin")}>
        <Input
          name="webOrigin"
          type="url"
          defaultValue={values.webOrigin}
          placeholder="https://www.example.com"
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <Field label={t("fields.timezone")} hint={t("hints.timezone")} errors={errors("timezone")}>
        <Input name="timezone" list={listId} defaultValue={values.timezone} autoComplete="off" spellCheck={false} />
      </Field>
      <datalist id={listId}>
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("fields.quietHours")}</legend>
        <p className="text-xs text-slate-500">{t("hints.quietHours")}</p>
        <div className="grid grid-cols-2 gap-4">
          <Field label={t("fields.quietHoursStart")} errors={errors("quietHoursStart")}>
            <Input name="quietHoursStart" type="time" defaultValue={values.quietHoursStart} />
          </Field>
          <Field label={t("fields.quietHoursEnd")} errors={errors("quietHoursEnd")}>
            <Input name="quietHoursEnd" type="time" defaultValue={values.quietHoursEnd} />
          </Field>
        </div>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("fields.campaignPolicy")}</legend>
        <Field
          label={t("fields.approvalThreshold")}
          hint={t("hints.approvalThreshold")}
          errors={errors("approvalThreshold")}
        >
          <Input
            name="approvalThreshold"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            defaultValue={values.approvalThreshold}
          />
        </Field>
        <p className="text-xs text-slate-500">{t("hints.promoCaps")}</p>
        <div className="grid grid-cols-2 gap-4">
          <Field label={t("fields.promoCapPerDay")} errors={errors("promoCapPerDay")}>
            <Input
              name="promoCapPerDay"
              type="number"
              inputMode="numeric"
              min={1}
              max={100}
              step={1}
              defaultValue={values.promoCapPerDay}
            />
          </Field>
          <Field label={t("fields.promoCapPerWeek")} errors={errors("promoCapPerWeek")}>
            <Input
              name="promoCapPerWeek"
              type="number"
              inputMode="numeric"
              min={1}
              max={500}
              step={1}
              defaultValue={values.promoCapPerWeek}
            />
          </Field>
        </div>
      </fieldset>
    </div>
  );
}
