"use client";
// The expression field in visual mode: the builder, the text it writes (read-only, so staff learn
// the language), server errors, and the live audience. Submits the same "expression" form field
// as the text editor.
import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";
import { tryParseSegment } from "@/lib/segments";
import { AudiencePreview } from "./audience-preview";
import { SegmentBuilder } from "./segment-builder";
import { useDebouncedValue } from "./use-debounced-value";

interface Props {
  appId: string;
  value: string;
  onChange: (value: string) => void;
  onEditAsText: () => void;
  // Server-side errors, already translated.
  errors?: string[];
}

export function VisualExpressionField({ appId, value, onChange, onEditAsText, errors }: Props) {
  const t = useTranslations("segments");
  const id = useId();
  const settled = useDebouncedValue(value, 300);
  const parses = useMemo(() => !settled.trim() || tryParseSegment(settled).ok, [settled]);
  return (
    <div className="space-y-1.5">
      <input type="hidden" name="expression" value={value} />
      <p className="text-sm font-medium text-slate-700">{t("fields.expression")}</p>
      <SegmentBuilder value={value} onChange={onChange} onEditAsText={onEditAsText} />
      {value.trim() ? (
        <p className="text-xs text-slate-500">
          <span id={`${id}-expression`}>{t("mode.expression")}: </span>
          <code aria-labelledby={`${id}-expression`} className="font-mono break-words text-slate-800">
            {value}
          </code>
        </p>
      ) : null}
      {errors?.length ? (
        <p role="alert" className="text-xs text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
      {parses && settled.trim() ? <AudiencePreview appId={appId} expression={settled} /> : null}
    </div>
  );
}
