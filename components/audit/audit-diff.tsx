// One audit entry's changes as readable lines in the page's language: "State: Draft → Scheduled";
// enumerated values by their names, secrets as "(changed, not recorded)" (lib/audit/labels.ts).
import { getFormatter, getTranslations } from "next-intl/server";
import { changeLines } from "@/lib/audit/labels";
import { messageLookup } from "./message-lookup";

export async function AuditDiff({ diff }: { diff: unknown }) {
  const t = await getTranslations("audit");
  const names = await getTranslations("auditNames");
  const format = await getFormatter();
  if (diff === null || diff === undefined || (typeof diff === "object" && Object.keys(diff).length === 0))
    return <span className="text-slate-400">—</span>;
  const lines = changeLines(diff, await messageLookup(), (n) => format.number(n));
  return (
    <details className="group">
      <summary className="cursor-pointer text-sm text-brand-700 hover:underline">
        {t("changes", { count: lines.length })}
      </summary>
      <dl className="mt-2 space-y-1 text-xs">
        {lines.map((line) => (
          <div key={line.field} className="flex flex-wrap gap-x-1.5" data-field={line.field}>
            <dt className="font-medium text-slate-700">{names("fieldLabel", { field: line.label })}</dt>
            <dd className="break-all text-slate-800">
              {line.kind === "change" ? (
                <>
                  <span className="text-red-700">{line.before}</span>
                  <span className="px-1 text-slate-400" aria-label={t("to")}>
                    →
                  </span>
                  <span className="text-emerald-700">{line.after}</span>
                </>
              ) : (
                line.value
              )}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
