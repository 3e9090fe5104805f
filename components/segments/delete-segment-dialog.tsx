"use client";
// Confirms deleting a segment; the server refuses while unfinished campaigns use it and says how many.
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { idleResult, type ActionResult } from "@/lib/action-result";
import { deleteSegment } from "@/server/segments/actions";
import { useSegmentResultText } from "./segment-result-text";

export function DeleteSegmentDialog({ appId, segment, onDone }: { appId: string; segment: { id: string; name: string }; onDone: (message: string) => void }) {
  const t = useTranslations("segments.delete");
  const common = useTranslations("common");
  const router = useRouter();
  const text = useSegmentResultText();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ActionResult>(idleResult);
  const [pending, start] = useTransition();
  const error = text.formError(result);
  const confirm = () =>
    start(async () => {
      const next = await deleteSegment({ appId, segmentId: segment.id });
      setResult(next);
      if (!next.ok) return;
      setOpen(false);
      onDone(t("done", { name: segment.name }));
      router.refresh();
    });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => { setOpen(next); setResult(idleResult); }}
      trigger={<Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" aria-label={t("label", { name: segment.name })}><Trash2 className="size-4" aria-hidden />{t("button")}</Button>}
      title={t("title", { name: segment.name })}
      description={t("body")}
      closeLabel={common("close")}
    >
      {error ? <Alert tone="error" className="mb-4">{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => setOpen(false)}>{common("cancel")}</Button>
        <Button variant="danger" disabled={pending} onClick={confirm}>{t("confirm")}</Button>
      </div>
    </Dialog>
  );
}
