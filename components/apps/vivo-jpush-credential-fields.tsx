"use client";
// The credential inputs of vivo Push and JPush, for credentialFields (credential-fields.tsx): `vivo:
// VivoFields` and `jpush: JpushFields` there once both channels are listed in lib/channels/index.ts.
// Field names match lib/channels/vivo.ts vivoForm and lib/channels/jpush.ts jpushForm.
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type Errors = (field: string) => string[] | undefined;

// vivo: App ID, App key, App secret (from the vivo developer console's push service page).
export function VivoFields({ errors }: { errors: Errors }) {
  const t = useTranslations("apps.credentials.vivo");
  return (
    <div className="space-y-4">
      <Field label={t("appId")} hint={t("appIdHint")} errors={errors("appId")}>
        <Input name="appId" inputMode="numeric" autoComplete="off" spellCheck={false} placeholder="104562" />
      </Field>
      <Field label={t("appKey")} errors={errors("appKey")}>
        <Input name="appKey" autoComplete="off" spellCheck={false} />
      </Field>
      <Field label={t("appSecret")} hint={t("appSecretHint")} errors={errors("appSecret")}>
        <Input name="appSecret" type="password" autoComplete="new-password" />
      </Field>
    </div>
  );
}

// JPush: AppKey and Master Secret (from the JPush console's app settings).
export function JpushFields({ errors }: { errors: Errors }) {
  const t = useTranslations("apps.credentials.jpush");
  return (
    <div className="space-y-4">
      <Field label={t("appKey")} hint={t("appKeyHint")} errors={errors("appKey")}>
        <Input name="appKey" autoComplete="off" spellCheck={false} className="font-mono" />
      </Field>
      <Field label={t("masterSecret")} hint={t("masterSecretHint")} errors={errors("masterSecret")}>
        <Input name="masterSecret" type="password" autoComplete="new-password" className="font-mono" />
      </Field>
    </div>
  );
}
