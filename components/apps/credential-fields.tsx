"use client";
// The form inputs for each channel's credential. A new channel adds its entry here and its schema in
// its description, lib/channels/<channel>.ts.
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import type { CredentialChannel } from "@/lib/channels";
import { apnsEnvironments } from "@/lib/channels/apns";
import { SmsFields } from "./sms-credential-fields";
import {
  HmsFields,
  HonorFields,
  JpushFields,
  OppoFields,
  VivoFields,
  WebpushFields,
  XiaomiFields,
} from "./vendor-credential-fields";
import { XmppFields } from "./xmpp-credential-fields";

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
  apns: function ApnsFields({ errors }) {
    const t = useTranslations("apps.credentials.apns");
    return (
      <div className="space-y-4">
        <Field label={t("key")} hint={t("keyHint")} errors={errors("key")}>
          <Textarea
            name="key"
            rows={6}
            spellCheck={false}
            autoComplete="off"
            className="font-mono text-xs"
            placeholder={"-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----"}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("keyId")} hint={t("keyIdHint")} errors={errors("keyId")}>
            <Input name="keyId" autoComplete="off" spellCheck={false} className="font-mono" placeholder="ABC123DEFG" />
          </Field>
          <Field label={t("teamId")} hint={t("teamIdHint")} errors={errors("teamId")}>
            <Input name="teamId" autoComplete="off" spellCheck={false} className="font-mono" placeholder="DEF123GHIJ" />
          </Field>
        </div>
        <Field label={t("bundleId")} hint={t("bundleIdHint")} errors={errors("bundleId")}>
          <Input name="bundleId" autoComplete="off" spellCheck={false} placeholder="com.example.app" />
        </Field>
        <Field label={t("environment")} hint={t("environmentHint")} errors={errors("environment")}>
          <NativeSelect name="environment" defaultValue="production">
            {apnsEnvironments.map((environment) => (
              <option key={environment} value={environment}>
                {t(`environments.${environment}`)}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
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
  xmpp: XmppFields,
  sms: SmsFields,
};
