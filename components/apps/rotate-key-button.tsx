"use client";
// "Rotate API key" with a confirmation; the new key is shown once and the old one stops working.
import { RefreshCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { rotateApiKey } from "@/server/apps/actions";

export function RotateKeyButton({ appId, appName }: { appId: string; appName: string }) {
  const t = useTranslations("apps");
  const text = useActionResultText("apps", formResultRules);
  const [newKey, setNewKey] = useState<string | null>(null);
  return (
    <>
      <ConfirmDialog
        icon={RefreshCw}
        texts={{
          button: t("key.rotate"),
          title: t("key.rotateTitle"),
          body: t("key.rotateBody", { name: appName }),
          confirm: t("key.rotateConfirm"),
          pending: t("key.rotating"),
        }}
        buttonStyle="secondary"
        danger
        run={() => rotateApiKey({ appId })}
        errorText={text.formError}
        onDone={(data) => setNewKey(data.apiKey)}
      />
      <OneTimeSecret
        title={t("key.rotatedTitle")}
        label={t("key.label")}
        warning={t("key.warning")}
        secret={newKey}
        onClose={() => setNewKey(null)}
      />
    </>
  );
}
