"use client";
// The expression language in short, with examples; with `onPick`, clicking an example uses it.
import { useTranslations } from "next-intl";
import { segmentExamples } from "./segment-examples";

export function SyntaxHelp({ onPick }: { onPick?: (expression: string) => void }) {
  const t = useTranslations("segments.help");
  return (
    <div className="space-y-2 text-left text-sm text-slate-700">
      <p>
        {t("intro")}
        {onPick ? ` ${t("pick")}` : null}
      </p>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
        {segmentExamples.map((example) => (
          <li key={example.key} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-3 py-1.5">
            {onPick ? (
              <button
                type="button"
                onClick={() => onPick(example.expression)}
                className={
                  "rounded font-mono text-xs text-brand-700 hover:underline focus-visible:underline " +
                  "focus-visible:outline-none"
                }
              >
                {example.expression}
              </button>
            ) : (
              <code className="font-mono text-xs text-slate-900">{example.expression}</code>
            )}
            <span className="text-xs text-slate-500">{t(`examples.${example.key}`)}</span>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">{t("fields")}</p>
    </div>
  );
}

// The same help folded under "Syntax help" below an expression field; picking an example fills it in.
export function SyntaxHelpDetails({ onPick }: { onPick: (expression: string) => void }) {
  const t = useTranslations("segments.help");
  return (
    <details className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">{t("title")}</summary>
      <div className="mt-2">
        <SyntaxHelp onPick={onPick} />
      </div>
    </details>
  );
}
