"use client";
// The inline target: the expression as text (checked as you type, the failing position pointed
// out), with the syntax help one click away.
// SLOT (visual builder): components/segments/segment-builder.tsx `SegmentBuilder({ value, onChange })`
// edits the same expression text; once it exists, a "Visual / Text" toggle goes above the field here.
import { useTranslations } from "next-intl";
import { ExpressionField } from "@/components/segments/expression-field";
import { SyntaxHelp } from "@/components/segments/syntax-help";
import { useComposer } from "./composer-context";

export function ExpressionEditor({ errors }: { errors?: string[] }) {
  const t = useTranslations("campaigns.composer.audience");
  const segments = useTranslations("segments");
  const { draft, update, app } = useComposer();
  const setExpression = (expression: string) => update((d) => ({ ...d, expression }));
  return (
    <div className="space-y-2">
      <ExpressionField appId={app.id} value={draft.expression} onChange={setExpression} hint={t("expressionHint")} errors={errors} preview={false} />
      <details className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">{segments("help.title")}</summary>
        <div className="mt-2"><SyntaxHelp onPick={setExpression} /></div>
      </details>
    </div>
  );
}
