"use client";
// The inline target, in one of two editors of the same expression text: the text field (checked as
// you type, the failing position pointed out, syntax help a click away) or the visual builder
// (rows of conditions; the text it writes is shown under it so staff learn the language).
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ExpressionField } from "@/components/segments/expression-field";
import { ExpressionModeToggle, type ExpressionMode } from "@/components/segments/expression-mode-toggle";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { SyntaxHelpDetails } from "@/components/segments/syntax-help";
import { GroupErrors } from "./choices";
import { useComposer } from "./composer-context";

export function ExpressionEditor({ errors }: { errors?: string[] }) {
  const t = useTranslations("campaigns.composer.audience");
  const { draft, update, app } = useComposer();
  const [mode, setMode] = useState<ExpressionMode>("text");
  const setExpression = (expression: string) => update((d) => ({ ...d, expression }));
  return (
    <div className="space-y-2">
      <ExpressionModeToggle
        value={mode}
        onChange={setMode}
        options={["visual", "text"]}
        label={t("mode.label")}
        name={(option) => t(`mode.${option}`)}
      />
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
          <ExpressionField
            appId={app.id}
            value={draft.expression}
            onChange={setExpression}
            hint={t("expressionHint")}
            errors={errors}
            preview={false}
          />
          <SyntaxHelpDetails onPick={setExpression} />
        </>
      )}
    </div>
  );
}
