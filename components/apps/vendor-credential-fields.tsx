"use client";
// The credential form inputs of the phone makers' push channels (Huawei Push Kit, Honor Push, Xiaomi
// MiPush, OPPO Push, vivo Push, JPush) and Web Push's VAPID keys, each a list of fields drawn by one
// component. Each is an entry of credentialFields (credential-fields.tsx) once its channel is listed in
// lib/channels; the field names match the channels' credential forms in lib/channels/<id>.ts, the texts are under
// apps.credentials.<id>: the label is the field's name, the hint `<name>Hint`.
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { hmsServiceCategories } from "@/lib/channels/hms";

type Errors = (field: string) => string[] | undefined;

// One input: a secret is a password input; `hint` shows the `<name>Hint` text.
interface InputSpec {
  name: string;
  secret?: boolean;
  hint?: boolean;
  numeric?: boolean;
  placeholder?: string;
  mono?: boolean;
}

// A row of the form: one input, two side by side, a select of fixed options with a "none" entry
// (`<name>None`), or a note (a text key).
type Row = InputSpec | [InputSpec, InputSpec] | { select: string; options: readonly string[] } | { note: string };

// The fields of each channel, in form order.
const vendorRows: Record<"hms" | "honor" | "xiaomi" | "oppo" | "vivo" | "jpush" | "webpush", Row[]> = {
  // Huawei Push Kit: app id, app secret, the self-classified category for service messages, receipt id.
  hms: [
    [
      { name: "vendorAppId", hint: true, numeric: true, placeholder: "104433559" },
      { name: "appSecret", secret: true },
    ],
    { select: "serviceCategory", options: hmsServiceCategories },
    { name: "receiptId", hint: true },
  ],
  // Honor Push: app id, OAuth client id and client secret.
  honor: [
    { name: "vendorAppId", hint: true, numeric: true },
    [{ name: "clientId" }, { name: "clientSecret", secret: true }],
    { note: "classNote" },
  ],
  // Xiaomi: AppSecret, package name and the private (service) and public (marketing) channel ids.
  xiaomi: [
    { name: "appSecret", secret: true, hint: true },
    { name: "packageName", hint: true, placeholder: "com.example.app" },
    [
      { name: "serviceChannelId", hint: true },
      { name: "marketingChannelId", hint: true },
    ],
  ],
  // OPPO: AppKey, MasterSecret and the optional private channel id.
  oppo: [
    [{ name: "appKey" }, { name: "masterSecret", secret: true, hint: true }],
    { name: "serviceChannelId", hint: true },
  ],
  // vivo: App ID, App key, App secret (from the vivo developer console's push service page).
  vivo: [
    { name: "vendorAppId", hint: true, numeric: true, placeholder: "104562" },
    { name: "appKey" },
    { name: "appSecret", secret: true, hint: true },
  ],
  // JPush: AppKey and Master Secret (from the JPush console's app settings).
  jpush: [
    { name: "appKey", hint: true, mono: true },
    { name: "masterSecret", secret: true, hint: true, mono: true },
  ],
  // Web Push: the VAPID subject, and an existing key pair to import (both empty: Herald generates one).
  webpush: [
    { name: "subject", hint: true, placeholder: "mailto:push@example.com" },
    { note: "keysNote" },
    { name: "publicKey", hint: true, mono: true },
    { name: "privateKey", secret: true, hint: true, mono: true },
  ],
};

// The inputs of one channel's credential.
function VendorFields({ channel, errors }: { channel: keyof typeof vendorRows; errors: Errors }) {
  const t = useTranslations(`apps.credentials.${channel}`);
  const input = (spec: InputSpec) => (
    <Field
      key={spec.name}
      label={t(spec.name)}
      hint={spec.hint ? t(`${spec.name}Hint`) : undefined}
      errors={errors(spec.name)}
    >
      <Input
        name={spec.name}
        {...(spec.secret ? { type: "password", autoComplete: "new-password" } : { autoComplete: "off" })}
        {...(spec.numeric ? { inputMode: "numeric" as const } : {})}
        {...(spec.placeholder ? { placeholder: spec.placeholder } : {})}
        {...(spec.mono ? { className: "font-mono" } : {})}
        spellCheck={false}
      />
    </Field>
  );
  return (
    <div className="space-y-4">
      {vendorRows[channel].map((row, index) => {
        if (Array.isArray(row))
          return (
            <div key={index} className="grid gap-4 sm:grid-cols-2">
              {row.map(input)}
            </div>
          );
        if ("note" in row)
          return (
            <p key={index} className="text-xs text-slate-500">
              {t(row.note)}
            </p>
          );
        if ("select" in row)
          return (
            <Field key={index} label={t(row.select)} hint={t(`${row.select}Hint`)} errors={errors(row.select)}>
              <NativeSelect name={row.select} defaultValue="">
                <option value="">{t(`${row.select}None`)}</option>
                {row.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </NativeSelect>
            </Field>
          );
        return input(row);
      })}
    </div>
  );
}

type FieldsProps = { errors: Errors };

// Huawei Push Kit's credential inputs.
export const HmsFields = ({ errors }: FieldsProps) => <VendorFields channel="hms" errors={errors} />;
// Honor Push's credential inputs.
export const HonorFields = ({ errors }: FieldsProps) => <VendorFields channel="honor" errors={errors} />;
// Xiaomi MiPush's credential inputs.
export const XiaomiFields = ({ errors }: FieldsProps) => <VendorFields channel="xiaomi" errors={errors} />;
// OPPO Push's credential inputs.
export const OppoFields = ({ errors }: FieldsProps) => <VendorFields channel="oppo" errors={errors} />;
// vivo Push's credential inputs.
export const VivoFields = ({ errors }: FieldsProps) => <VendorFields channel="vivo" errors={errors} />;
// JPush's credential inputs.
export const JpushFields = ({ errors }: FieldsProps) => <VendorFields channel="jpush" errors={errors} />;
// Web Push's VAPID inputs.
export const WebpushFields = ({ errors }: FieldsProps) => <VendorFields channel="webpush" errors={errors} />;
