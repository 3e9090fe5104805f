"use client";
// The form inputs for each channel's credential. A new channel adds its entry here and its schema in
// its description, lib/channels/<channel>.ts.
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import type { CredentialChannel } from "@/lib/channels";
import {
  HmsFields,
  HonorFields,
  JpushFields,
  OppoFields,
  VivoFields,
  WebpushFields,
  XiaomiFields,
} from "./vendor-credential-fields";

type Errors = (field: string) => string[] | undefined;

export const credentialFields: Record<CredentialChannel, (props: { errors: Errors }) => ReactNode> = {
  fcm: function FcmFields({ errors }) {
    const t = useTranslations("apps.credentials.fcm");
    return (
      <Field label={t("json")} hint={t("jsonHint")} errors={errors("serviceAccountJson")}>
        <Textarea
          name="serviceAccountJson"
          rows={8}
          spellCheck={false}
          autoComplete="off"
          className="font-mono text-xs"
          placeholder='{ "type": "service_account", "project_id": "…", … }'
        />
      </Field>
    );
  },
  mqtt: function MqttFields({ errors }) {
    const t = useTranslations("apps.credentials.mqtt");
    return (
      <div className="space-y-4">
        <Field label={t("brokerUrl")} hint={t("brokerUrlHint")} errors={errors("brokerUrl")}>
          <Input name="brokerUrl" placeholder="mqtts://broker.example.com:8883" autoComplete="off" spellCheck={false} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("username")} errors={errors("username")}>
            <Input name="username" autoComplete="off" />
          </Field>
          <Field label={t("password")} errors={errors("password")}>
            <Input name="password" type="password" autoComplete="new-password" />
          </Field>
        </div>
        <Field label={t("topicPrefix")} hint={t("topicPrefixHint")} errors={errors("topicPrefix")}>
          <Input name="topicPrefix" placeholder="herald" autoComplete="off" spellCheck={false} />
        </Field>
      </div>
    );
  },
  hms: HmsFields,
  honor: HonorFields,
  xiaomi: XiaomiFields,
  oppo: OppoFields,
  vivo: VivoFields,
  jpush: JpushFields,
  webpush: WebpushFields,
};
