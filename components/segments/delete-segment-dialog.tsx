"use client";
// Confirms deleting a segment; the server refuses while unfinished campaigns use it and says how many.
import { useTranslations } from "next-intl";
import { DeleteButton } from "@/components/forms/delete-button";
import { deleteSegment } from "@/server/segments/actions";
import { segmentResultRules } from "./segment-result-rules";

export function DeleteSegmentDialog({
  appId,
  segment,
  onDone,
}: {
  appId: string;
  segment: { id: string; name: string };
  onDone: (message: string) => void;
}) {
  const t = useTranslations("segments.delete");
  return (
    <DeleteButton
      namespace="segments"
      name={segment.name}
      rules={segmentResultRules}
      run={() => deleteSegment({ appId, segmentId: segment.id })}
      onDone={() => onDone(t("done", { name: segment.name }))}
    />
  );
}
