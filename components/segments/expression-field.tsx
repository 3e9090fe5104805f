"use client";
// The audience expression editor: a textarea checked in the browser ~300 ms after typing stops
// (the parser is isomorphic), the failing position shown under it, and the live audience once it parses.
import { CheckCircle2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";
import { Textarea } from "@/components/ui/input";
import { tryParseSegment } from "@/lib/segments";
import { AudiencePreview } from "./audience-preview";
import { ParseErrorView } from "./parse-error-view";
import { useDebouncedValue } from "./use-debounced-value";

interface Props {
  appId: string;
  value: string;
  onChange: (value: string) => void;
  hint: string;
  // Server-side errors other than parse errors (required, too long), already translated.
  errors?: string[];
  // Show the live audience under the field (default); the campaign composer shows its own.
  preview?: boolean;
}

export function ExpressionField({ appId, value, onChange, hint, errors, preview = true }: Props) {
  const t = useTranslations("segments");
  const id = useId();
  const settled = useDebouncedValue(value, 300);
  const parsed = useMemo(() => (settled.trim() ? tryParseSegment(settled) : null), [settled]);
  const typing = settled !== value;
  const issue = parsed && !parsed.ok ? parsed.error : null;
  const describedBy = [`${id}-hint`, issue ? `${id}-error` : null, errors?.length ? `${id}-errors` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {t("fields.expression")}
      </label>
      <Textarea
        id={id}
        name="expression"
        rows={3}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        invalid={Boolean(issue || errors?.length)}
        aria-describedby={describedBy}
        className="font-mono text-[13px] leading-5"
        placeholder="tag:vip and not tag:churned"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
      {errors?.length ? (
        <p id={`${id}-errors`} role="alert" className="text-xs text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
      {typing && value.trim() ? <p className="text-xs text-slate-500">{t("parse.checking")}</p> : null}
      {!typing && issue ? <ParseErrorView id={`${id}-error`} source={settled} issue={issue} /> : null}
      {!typing && parsed?.ok ? (
        <p className="flex items-center gap-1 text-xs text-emerald-700">
          <CheckCircle2 className="size-3.5" aria-hidden />
          {t("parse.ok")}
        </p>
      ) : null}
      {!value.trim() ? <p className="text-xs text-slate-500">{t("parse.empty")}</p> : null}
      {preview && parsed?.ok ? <AudiencePreview appId={appId} expression={settled} /> : null}
    </div>
  );
}
