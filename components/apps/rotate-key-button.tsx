"use client";
// "Rotate API key" with a confirmation; the new key is shown once and the old one stops working.
import { RefreshCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { Button } from "@/components/ui/button";
import { rotateApiKey } from "@/server/apps/actions";

export function RotateKeyButton({ appId, appName }: { appId: string; appName: string }) {
  const t = useTranslations("apps");
  const text = useActionResultText("apps", formResultRules);
  const [newKey, setNewKey] = useState<string | null>(null);
  return (
    <>
      <ConfirmDialog
        danger
        trigger={<Button variant="secondary"><RefreshCw className="size-4" aria-hidden />{t("key.rotate")}</Button>}
        title={t("key.rotateTitle")}
        description={t("key.rotateBody", { name: appName })}
        confirmLabel={t("key.rotateConfirm")}
        pendingLabel={t("key.rotating")}
        run={() => rotateApiKey({ appId })}
        errorText={text.formError}
        onDone={(data) => setNewKey(data.apiKey)}
      />
      <OneTimeSecret title={t("key.rotatedTitle")} label={t("key.label")} warning={t("key.warning")} secret={newKey} onClose={() => setNewKey(null)} />
    </>
  );
}
