"use client";
// Counts a campaign's audience again with the live preview action and shows the fresh number.
import { RefreshCw } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { previewAudience } from "@/server/campaigns/actions";
import { useActionResultText } from "@/components/forms/result-text";
import { lifecycleResultRules } from "./result-rules";

interface Props {
  appId: string;
  appName: string;
  expression: string | null;
  testDevicesOnly: boolean;
}

export function RecountButton({ appId, appName, expression, testDevicesOnly }: Props) {
  const t = useTranslations("campaigns.detail");
  const format = useFormatter();
  const errorText = useActionResultText("campaigns", lifecycleResultRules(appName));
  const [text, setText] = useState<{ tone: "ok" | "error"; value: string } | null>(null);
  const [pending, start] = useTransition();
  function recount() {
    start(async () => {
      const result = await previewAudience({ appId, expression: expression ?? undefined, testDevicesOnly });
      setText(
        result.ok
          ? {
              tone: "ok",
              value: t("recounted", { count: result.data.total, formatted: format.number(result.data.total) }),
            }
          : { tone: "error", value: errorText.formError(result) ?? "" },
      );
    });
  }
  return (
    <div className="mt-2 space-y-1">
      <Button size="sm" variant="secondary" onClick={recount} disabled={pending}>
        <RefreshCw className={pending ? "size-4 animate-spin" : "size-4"} aria-hidden />
        {pending ? t("recounting") : t("recount")}
      </Button>
      <p aria-live="polite" className={text?.tone === "error" ? "text-xs text-red-700" : "text-xs text-slate-600"}>
        {text?.value}
      </p>
    </div>
  );
}
