"use client";
// "Resend to failed" on a completed campaign: asks first (how many devices, and that it can be done
// once), then sends it again to the devices whose delivery failed transiently
// (server/dispatch/resend-actions.ts). Refusals are shown in the user's language.
import { RotateCcw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useActionResultText } from "@/components/forms/result-text";
import { Alert } from "@/components/ui/alert";
import { resendFailedAction } from "@/server/dispatch/resend-actions";
import { lifecycleResultRules } from "./result-rules";

const codeKeys: Record<string, string> = {
  already_resent: "errors.alreadyResent",
  not_completed: "errors.notCompleted",
  nothing_to_resend: "errors.nothingToResend",
};

export function ResendFailedButton({
  campaignId,
  appName,
  count,
}: {
  campaignId: string;
  appName: string;
  count: number;
}) {
  const t = useTranslations("campaigns.actions.resendFailed");
  const rules = lifecycleResultRules(appName);
  const errorText = useActionResultText("campaigns", {
    ...rules,
    first: (result, text) =>
      result.code && codeKeys[result.code] ? text(codeKeys[result.code]!) : rules.first?.(result, text),
  });
  const [done, setDone] = useState<number | null>(null);
  return (
    <div className="space-y-2">
      <ConfirmDialog
        icon={RotateCcw}
        buttonStyle="secondary"
        texts={{ button: t("button"), title: t("title"), body: t("body", { count }), confirm: t("confirm") }}
        run={() => resendFailedAction({ campaignId })}
        errorText={errorText.formError}
        onDone={(data) => setDone(data.devices)}
      />
      {done !== null ? <Alert tone="success">{t("done", { count: done })}</Alert> : null}
    </div>
  );
}
