"use client";
// Confirms deleting a segment; the server refuses while unfinished campaigns use it and says how many.
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useActionResultText } from "@/components/forms/result-text";
import { Button } from "@/components/ui/button";
import { deleteSegment } from "@/server/segments/actions";
import { segmentResultRules } from "./segment-result-rules";

export function DeleteSegmentDialog({ appId, segment, onDone }: { appId: string; segment: { id: string; name: string }; onDone: (message: string) => void }) {
  const t = useTranslations("segments.delete");
  const text = useActionResultText("segments", segmentResultRules);
  return (
    <ConfirmDialog
      danger
      trigger={<Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" aria-label={t("label", { name: segment.name })}><Trash2 className="size-4" aria-hidden />{t("button")}</Button>}
      title={t("title", { name: segment.name })}
      description={t("body")}
      confirmLabel={t("confirm")}
      run={() => deleteSegment({ appId, segmentId: segment.id })}
      errorText={text.formError}
      onDone={() => onDone(t("done", { name: segment.name }))}
    />
  );
}
