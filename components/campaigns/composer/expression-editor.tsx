"use client";
// The inline target, in one of two editors of the same expression text: the text field (checked as
// you type, the failing position pointed out, syntax help a click away) or the visual builder
// (rows of conditions; the text it writes is shown under it so staff learn the language).
import { useTranslations } from "next-intl";
import { ToggleGroup } from "radix-ui";
import { useState } from "react";
import { ExpressionField } from "@/components/segments/expression-field";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { SyntaxHelp } from "@/components/segments/syntax-help";
import { GroupErrors } from "./choices";
import { useComposer } from "./composer-context";

type Mode = "text" | "visual";

export function ExpressionEditor({ errors }: { errors?: string[] }) {
  const t = useTranslations("campaigns.composer.audience");
  const segments = useTranslations("segments");
  const { draft, update, app } = useComposer();
  const [mode, setMode] = useState<Mode>("text");
  const setExpression = (expression: string) => update((d) => ({ ...d, expression }));
  return (
    <div className="space-y-2">
      <ToggleGroup.Root
        type="single"
        value={mode}
        onValueChange={(next) => next && setMode(next as Mode)}
        aria-label={t("mode.label")}
        className="inline-flex rounded-md border border-slate-200 bg-slate-50 p-0.5"
      >
        {(["visual", "text"] as const).map((option) => (
          <ToggleGroup.Item key={option} value={option} className="rounded px-3 py-1 text-sm font-medium text-slate-600 focus-visible:ring-2 focus-visible:ring-brand-500/40 focus-visible:outline-none data-[state=on]:bg-white data-[state=on]:text-slate-900 data-[state=on]:shadow-sm">
            {t(`mode.${option}`)}
          </ToggleGroup.Item>
        ))}
      </ToggleGroup.Root>
      {mode === "visual" ? (
        <div className="space-y-1.5">
          <SegmentBuilder value={draft.expression} onChange={setExpression} onEditAsText={() => setMode("text")} />
          {/* The builder says itself when there is no condition; the text it writes is shown to learn from. */}
          {draft.expression.trim() ? (
            <p className="text-xs text-slate-500">
              {t("mode.expression")}: <code className="font-mono break-words text-slate-800">{draft.expression}</code>
            </p>
          ) : null}
          <GroupErrors errors={errors} />
        </div>
      ) : (
        <>
          <ExpressionField appId={app.id} value={draft.expression} onChange={setExpression} hint={t("expressionHint")} errors={errors} preview={false} />
          <details className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
            <summary className="cursor-pointer text-sm font-medium text-slate-700">{segments("help.title")}</summary>
            <div className="mt-2"><SyntaxHelp onPick={setExpression} /></div>
          </details>
        </>
      )}
    </div>
  );
}
