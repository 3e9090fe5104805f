// One audit entry's changes as readable lines: "field: before → after"; secrets read "(changed)".
import { getTranslations } from "next-intl/server";

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export async function AuditDiff({ diff }: { diff: unknown }) {
  const t = await getTranslations("audit");
  if (diff === null || diff === undefined || (typeof diff === "object" && Object.keys(diff).length === 0))
    return <span className="text-slate-400">—</span>;
  const entries =
    typeof diff === "object" && !Array.isArray(diff)
      ? Object.entries(diff as Record<string, unknown>)
      : [["value", diff] as const];
  return (
    <details className="group">
      <summary className="cursor-pointer text-sm text-brand-700 hover:underline">
        {t("changes", { count: entries.length })}
      </summary>
      <dl className="mt-2 space-y-1 text-xs">
        {entries.map(([key, value]) => (
          <div key={key} className="flex flex-wrap gap-x-1.5">
            <dt className="font-medium text-slate-700">{key}:</dt>
            <dd className="font-mono break-all text-slate-800">
              {Array.isArray(value) && value.length === 2 ? (
                <>
                  <span className="text-red-700">{show(value[0])}</span>
                  <span className="px-1 text-slate-400" aria-label={t("to")}>
                    →
                  </span>
                  <span className="text-emerald-700">{show(value[1])}</span>
                </>
              ) : (
                show(value)
              )}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
