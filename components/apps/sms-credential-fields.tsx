"use client";
// The SMS channel's credential inputs: a provider choice, then Twilio's account SID, auth token and
// sender, or Alibaba Cloud SMS's AccessKey, sign name and template (lib/channels/sms.ts smsForm). Only
// the chosen provider's inputs are shown and sent; texts under apps.credentials.sms.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { smsProviders, type SmsProvider } from "@/lib/channels/sms";

type Errors = (field: string) => string[] | undefined;

const providerFields: Record<SmsProvider, Array<{ name: string; secret?: boolean; placeholder?: string }>> = {
  twilio: [
    { name: "accountSid", placeholder: "AC…" },
    { name: "authToken", secret: true },
    { name: "sender", placeholder: "+15017122661 / MG…" },
  ],
  aliyun: [
    { name: "accessKeyId", placeholder: "LTAI…" },
    { name: "accessKeySecret", secret: true },
    { name: "signName" },
    { name: "templateCode", placeholder: "SMS_123456789" },
    { name: "templateParam", placeholder: "code" },
  ],
};

// The SMS provider credential's inputs.
export function SmsFields({ errors }: { errors: Errors }) {
  const t = useTranslations("apps.credentials.sms");
  const [provider, setProvider] = useState<SmsProvider>("twilio");
  return (
    <div className="space-y-4">
      <Field label={t("provider")} errors={errors("provider")}>
        <NativeSelect
          name="provider"
          value={provider}
          onChange={(event) => setProvider(event.target.value as SmsProvider)}
        >
          {smsProviders.map((option) => (
            <option key={option} value={option}>
              {t(`providers.${option}`)}
            </option>
          ))}
        </NativeSelect>
      </Field>
      {providerFields[provider].map((spec) => (
        <Field key={spec.name} label={t(spec.name)} hint={t(`${spec.name}Hint`)} errors={errors(spec.name)}>
          <Input
            name={spec.name}
            {...(spec.secret ? { type: "password", autoComplete: "new-password" } : { autoComplete: "off" })}
            {...(spec.placeholder ? { placeholder: spec.placeholder } : {})}
            spellCheck={false}
          />
        </Field>
      ))}
    </div>
  );
}
