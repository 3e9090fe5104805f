"use client";
// The app settings inputs shared by the create dialog and the settings form.
import { useTranslations } from "next-intl";
import { useId } from "react";
import { FieldGroup } from "@/components/ui/field-group";
import { Field } from "@/components/ui/field";
import { CodeInput, Input, NativeSelect, NumberInput } from "@/components/ui/input";

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
  vendorQuotaPolicy: "fallback" | "suppress";
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
  vendorQuotaPolicy: "fallback",
};

// The two promotion caps, per day and per week, and the most each may be.
const promoCaps = [
  { field: "promoCapPerDay", max: 100 },
  { field: "promoCapPerWeek", max: 500 },
] as const;

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
        <Input name="name" defaultValue={values.name} required autoComplete="off" />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        {(["androidPackage", "iosBundleId"] as const).map((field) => (
          <Field key={field} label={t(`fields.${field}`)} hint={t(`hints.${field}`)} errors={errors(field)}>
            <CodeInput name={field} defaultValue={values[field]} placeholder="com.example.app" />
          </Field>
        ))}
      </div>
      <Field label={t("fields.webOrigin")} hint={t("hints.webOrigin")} errors={errors("webOrigin")}>
        <CodeInput name="webOrigin" type="url" defaultValue={values.webOrigin} placeholder="https://www.example.com" />
      </Field>
      <Field label={t("fields.timezone")} hint={t("hints.timezone")} errors={errors("timezone")}>
        <CodeInput name="timezone" list={listId} defaultValue={values.timezone} />
      </Field>
      <datalist id={listId}>
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <FieldGroup legend={t("fields.quietHours")}>
        <p className="text-xs text-slate-500">{t("hints.quietHours")}</p>
        <div className="grid grid-cols-2 gap-4">
          {(["quietHoursStart", "quietHoursEnd"] as const).map((field) => (
            <Field key={field} label={t(`fields.${field}`)} errors={errors(field)}>
              <Input name={field} type="time" defaultValue={values[field]} />
            </Field>
          ))}
        </div>
      </FieldGroup>
      <FieldGroup legend={t("fields.campaignPolicy")}>
        <Field
          label={t("fields.approvalThreshold")}
          hint={t("hints.approvalThreshold")}
          errors={errors("approvalThreshold")}
        >
          <NumberInput name="approvalThreshold" min={1} defaultValue={values.approvalThreshold} />
        </Field>
        <p className="text-xs text-slate-500">{t("hints.promoCaps")}</p>
        <div className="grid grid-cols-2 gap-4">
          {promoCaps.map(({ field, max }) => (
            <Field key={field} label={t(`fields.${field}`)} errors={errors(field)}>
              <NumberInput name={field} min={1} max={max} defaultValue={values[field]} />
            </Field>
          ))}
        </div>
        <Field
          label={t("fields.vendorQuotaPolicy")}
          hint={t("hints.vendorQuotaPolicy")}
          errors={errors("vendorQuotaPolicy")}
        >
          <NativeSelect name="vendorQuotaPolicy" defaultValue={values.vendorQuotaPolicy}>
            <option value="fallback">{t("vendorQuotaPolicy.fallback")}</option>
            <option value="suppress">{t("vendorQuotaPolicy.suppress")}</option>
          </NativeSelect>
        </Field>
      </FieldGroup>
    </div>
  );
}
