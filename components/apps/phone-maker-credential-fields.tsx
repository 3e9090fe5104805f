"use client";
// The credential form inputs of the phone makers' push channels (Huawei Push Kit, Honor Push). Each
// is an entry of credentialFields (credential-fields.tsx) once its channel is listed in lib/channels;
// the schemas are in lib/channels/hms.ts and lib/channels/honor.ts.
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { hmsServiceCategories } from "@/lib/channels/hms";

type Errors = (field: string) => string[] | undefined;

// Huawei Push Kit: app id, app secret, the self-classified category for service messages, receipt id.
export function HmsFields({ errors }: { errors: Errors }) {
  const t = useTranslations("apps.credentials.hms");
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("appId")} hint={t("appIdHint")} errors={errors("appId")}>
          <Input name="appId" inputMode="numeric" autoComplete="off" spellCheck={false} placeholder="104433559" />
        </Field>
        <Field label={t("appSecret")} errors={errors("appSecret")}>
          <Input name="appSecret" type="password" autoComplete="new-password" spellCheck={false} />
        </Field>
      </div>
      <Field label={t("serviceCategory")} hint={t("serviceCategoryHint")} errors={errors("serviceCategory")}>
        <NativeSelect name="serviceCategory" defaultValue="">
          <option value="">{t("serviceCategoryNone")}</option>
          {hmsServiceCategories.map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label={t("receiptId")} hint={t("receiptIdHint")} errors={errors("receiptId")}>
        <Input name="receiptId" autoComplete="off" spellCheck={false} />
      </Field>
    </div>
  );
}

// Honor Push: app id, OAuth client id and client secret.
export function HonorFields({ errors }: { errors: Errors }) {
  const t = useTranslations("apps.credentials.honor");
  return (
    <div className="space-y-4">
      <Field label={t("appId")} hint={t("appIdHint")} errors={errors("appId")}>
        <Input name="appId" inputMode="numeric" autoComplete="off" spellCheck={false} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("clientId")} errors={errors("clientId")}>
          <Input name="clientId" autoComplete="off" spellCheck={false} />
        </Field>
        <Field label={t("clientSecret")} errors={errors("clientSecret")}>
          <Input name="clientSecret" type="password" autoComplete="new-password" spellCheck={false} />
        </Field>
      </div>
      <p className="text-xs text-slate-500">{t("classNote")}</p>
    </div>
  );
}
