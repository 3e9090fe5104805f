"use client";
// One channel's provider credential on the app page: its summary (never the secret), who set it,
// when a send through it last succeeded and last failed (with the provider's error; "Failing" only
// while no success came after it), and Configure / Replace / Test credentials / Remove.
import { KeyRound, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useTimeFormat } from "@/components/time/time-zone-context";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { removeCredential, saveCredential } from "@/server/apps/actions";
import type { CredentialChannel } from "@/lib/channels";
import type { CredentialView } from "@/server/apps/queries";
import type { ReceiptSetup } from "@/server/receipts/receipt-urls";
import { credentialFields } from "./credential-fields";
import { TestCredentialButton } from "./test-credential-button";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";

interface Props {
  appId: string;
  channel: CredentialChannel;
  credential: CredentialView | null;
  canManage: boolean;
  // Where this vendor sends receipts, when it does and the viewer may see it.
  receipts?: ReceiptSetup | null;
}

export function CredentialCard({ appId, channel, credential, canManage, receipts = null }: Props) {
  const t = useTranslations("apps.credentials");
  const common = useTranslations("common");
  const zoned = useTimeFormat();
  const text = useActionResultText("apps", formResultRules);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useFormDialog(saveCredential, () => setNotice(t("saved")));
  const Fields = credentialFields[channel];
  const when = (date: Date) => zoned.time(date);

  const actions = canManage ? (
    <>
      <FormDialog
        {...save.dialog}
        trigger={
          <Button size="sm" variant={credential ? "secondary" : "primary"} onClick={() => setNotice(null)}>
            <KeyRound className="size-4" aria-hidden />
            {credential ? t("replace") : t("configure")}
          </Button>
        }
        title={t(`${channel}.title`)}
        description={t(`${channel}.description`)}
        errorText={text.formError}
        submitLabel={common("save")}
        pendingLabel={common("saving")}
      >
        <input type="hidden" name="appId" value={appId} />
        <input type="hidden" name="channel" value={channel} />
        <Fields errors={(field) => text.fieldErrors(save.result, field)} />
        <p className="text-xs text-slate-500">{t("secretNote")}</p>
      </FormDialog>
      {credential ? (
        <ConfirmDialog
          icon={Trash2}
          texts={{
            button: t("remove"),
            label: t("removeLabel", { channel: t(`${channel}.name`) }),
            title: t("removeTitle", { channel: t(`${channel}.name`) }),
            body: t("removeBody"),
            confirm: t("removeConfirm"),
          }}
          danger
          run={() => removeCredential({ appId, channel })}
          errorText={text.formError}
          onDone={() => setNotice(t("removed"))}
        />
      ) : null}
      {credential ? <TestCredentialButton appId={appId} channel={channel} /> : null}
    </>
  ) : null;

  return (
    // Actions sit under the summary rather than in the header: long channel names and two buttons
    // do not fit side by side in the narrow column on laptops.
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          {t(`${channel}.name`)}
          {credential ? (
            <Badge tone={credential.failing ? "red" : "green"}>
              {credential.failing ? t("failing") : t("configured")}
            </Badge>
          ) : (
            <Badge>{t("notConfigured")}</Badge>
          )}
        </span>
      }
    >
      {notice ? (
        <Alert tone="success" className="mb-3">
          {notice}
        </Alert>
      ) : null}
      {credential ? (
        <div className="space-y-3 text-sm">
          <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
            {Object.entries(credential.summary).map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="text-slate-500">{t.has(`summary.${key}`) ? t(`summary.${key}`) : key}</dt>
                <dd className="font-mono text-xs break-all text-slate-800 sm:text-sm">{value ?? "—"}</dd>
              </div>
            ))}
          </dl>
          <p className="text-xs text-slate-500">
            {credential.configuredBy
              ? t("configuredOnBy", {
                  date: when(credential.configuredAt),
                  email: credential.configuredBy,
                })
              : t("configuredOn", {
                  date: when(credential.configuredAt),
                })}
          </p>
          {receipts ? (
            <div className="space-y-1 rounded-md bg-slate-50 p-3">
              <p className="text-xs text-slate-600">{receipts.console ? t("receipts.console") : t("receipts.sent")}</p>
              <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
                {(
                  [
                    ["url", receipts.url],
                    ["inboundUrl", receipts.inboundUrl],
                    ["user", receipts.user],
                    ["key", receipts.key],
                  ] as const
                ).map(([key, value]) =>
                  value ? (
                    <div key={key} className="contents">
                      <dt className="text-slate-500">{t(`receipts.${key}`)}</dt>
                      <dd className="font-mono text-xs break-all text-slate-800">{value}</dd>
                    </div>
                  ) : null,
                )}
              </dl>
            </div>
          ) : null}
          <p className="text-xs text-slate-500">
            {credential.lastSucceededAt
              ? t("lastSucceeded", { date: when(credential.lastSucceededAt) })
              : t("neverSucceeded")}
          </p>
          {credential.failing ? (
            <Alert tone="error">
              {t("lastError", { date: credential.lastErrorAt ? when(credential.lastErrorAt) : "—" })}{" "}
              <span className="font-mono text-xs">{credential.lastError}</span>
            </Alert>
          ) : credential.lastErrorAt ? (
            <p className="text-xs text-slate-500">
              {t("lastFailed", { date: when(credential.lastErrorAt) })}{" "}
              {credential.lastError ? <span className="font-mono">{credential.lastError}</span> : null}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-slate-600">{t(`${channel}.empty`)}</p>
      )}
      {actions ? (
        <div className="mt-4 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3">{actions}</div>
      ) : null}
    </Card>
  );
}
