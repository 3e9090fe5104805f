"use client";
// The XMPP credential's inputs: the server, how Herald connects (a XEP-0114 component or a bot account)
// and transport security. Only the chosen mode's fields are shown; the names match xmppForm
// (lib/channels/xmpp.ts), the texts are under apps.credentials.xmpp.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { type XmppMode, xmppModes, xmppTlsModes } from "@/lib/channels/xmpp";

type Errors = (field: string) => string[] | undefined;

export function XmppFields({ errors }: { errors: Errors }) {
  const t = useTranslations("apps.credentials.xmpp");
  const [mode, setMode] = useState<XmppMode>("component");
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t("howTo")}</p>
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <Field label={t("host")} hint={t("hostHint")} errors={errors("host")}>
          <Input name="host" placeholder="xmpp.example.com" autoComplete="off" spellCheck={false} />
        </Field>
        <Field label={t("port")} hint={t("portHint")} errors={errors("port")}>
          <Input
            name="port"
            inputMode="numeric"
            autoComplete="off"
            placeholder={mode === "component" ? "5347" : "5222"}
          />
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("mode")} errors={errors("mode")}>
          <NativeSelect name="mode" value={mode} onChange={(event) => setMode(event.target.value as XmppMode)}>
            {xmppModes.map((value) => (
              <option key={value} value={value}>
                {t(`modes.${value}`)}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label={t("tls")} hint={mode === "component" ? t("tlsComponentHint") : undefined} errors={errors("tls")}>
          <NativeSelect name="tls" key={mode} defaultValue={mode === "component" ? "none" : "starttls"}>
            {xmppTlsModes.map((value) => (
              <option key={value} value={value}>
                {t(`tlsModes.${value}`)}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      {mode === "component" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("domain")} hint={t("domainHint")} errors={errors("domain")}>
            <Input name="domain" placeholder="push.example.com" autoComplete="off" spellCheck={false} />
          </Field>
          <Field label={t("componentSecret")} errors={errors("componentSecret")}>
            <Input name="componentSecret" type="password" autoComplete="new-password" />
          </Field>
        </div>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("jid")} hint={t("jidHint")} errors={errors("jid")}>
            <Input name="jid" placeholder="herald@example.com" autoComplete="off" spellCheck={false} />
          </Field>
          <Field label={t("password")} errors={errors("password")}>
            <Input name="password" type="password" autoComplete="new-password" />
          </Field>
        </div>
      )}
    </div>
  );
}
