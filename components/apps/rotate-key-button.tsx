"use client";
// "Rotate API key" with a confirmation; the new key is shown once and the old one stops working.
import { RefreshCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { idleResult, type ActionResult } from "@/lib/action-result";
import { rotateApiKey } from "@/server/apps/actions";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { useResultText } from "@/components/forms/result-text";

export function RotateKeyButton({ appId, appName }: { appId: string; appName: string }) {
  const t = useTranslations("apps");
  const common = useTranslations("common");
  const router = useRouter();
  const text = useResultText("apps");
  const [open, setOpen] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);
  const [result, setResult] = useState<ActionResult>(idleResult);
  const [pending, startTransition] = useTransition();
  function rotate() {
    startTransition(async () => {
      const next = await rotateApiKey({ appId });
      setResult(next);
      if (next.ok) {
        setOpen(false);
        setNewKey(next.data.apiKey);
        router.refresh();
      }
    });
  }
  const error = text.formError(result);
  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => { setOpen(next); setResult(idleResult); }}
        trigger={<Button variant="secondary"><RefreshCw className="size-4" aria-hidden />{t("key.rotate")}</Button>}
        title={t("key.rotateTitle")}
        description={t("key.rotateBody", { name: appName })}
        closeLabel={common("close")}
      >
        {error ? <Alert tone="error" className="mb-4">{error}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>{common("cancel")}</Button>
          <Button variant="danger" onClick={rotate} disabled={pending}>{pending ? t("key.rotating") : t("key.rotateConfirm")}</Button>
        </div>
      </Dialog>
      <OneTimeSecret title={t("key.rotatedTitle")} label={t("key.label")} warning={t("key.warning")} secret={newKey} onClose={() => setNewKey(null)} />
    </>
  );
}
