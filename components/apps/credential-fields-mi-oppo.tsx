"use client";
// The credential form inputs of Xiaomi MiPush and OPPO Push (schemas in lib/channels/xiaomi.ts and
// lib/channels/oppo.ts). credential-fields.tsx lists them once the channels are wired in.
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type Errors = (field: string) => string[] | undefined;

// AppSecret, package name and the private (service) and public (marketing) channel ids.
export function XiaomiFields({ errors }: { errors: Errors }) {
  const t = useTranslations("apps.credentials.xiaomi");
  return (
    <div className="space-y-4">
      <Field label={t("appSecret")} hint={t("appSecretHint")} errors={errors("appSecret")}>
        <Input name="appSecret" type="password" autoComplete="new-password" spellCheck={false} />
      </Field>
      <Field label={t("packageName")} hint={t("packageNameHint")} errors={errors("packageName")}>
        <Input name="packageName" placeholder="com.example.app" autoComplete="off" spellCheck={false} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("serviceChannelId")} hint={t("serviceChannelIdHint")} errors={errors("serviceChannelId")}>
          <Input name="serviceChannelId" autoComplete="off" spellCheck={false} />
        </Field>
        <Field label={t("marketingChannelId")} hint={t("marketingChannelIdHint")} errors={errors("marketingChannelId")}>
          <Input name="marketingChannelId" autoComplete="off" spellCheck={false} />
        </Field>
      </div>
    </div>
  );
}

// AppKey, MasterSecret and the optional private channel id.
export function OppoFields({ errors }: { errors: Errors }) {
  const t = useTranslations("apps.credentials.oppo");
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("appKey")} errors={errors("appKey")}>
          <Input name="appKey" autoComplete="off" spellCheck={false} />
        </Field>
        <Field label={t("masterSecret")} hint={t("masterSecretHint")} errors={errors("masterSecret")}>
          <Input name="masterSecret" type="password" autoComplete="new-password" spellCheck={false} />
        </Field>
      </div>
      <Field label={t("serviceChannelId")} hint={t("serviceChannelIdHint")} errors={errors("serviceChannelId")}>
        <Input name="serviceChannelId" autoComplete="off" spellCheck={false} />
      </Field>
    </div>
  );
}
