"use client";
// The composer's payload meters: for each push service the campaign may use, how much of each of its
// limits the largest localised message takes, which variant and locale that is: red when over a size
// limit (the server then refuses to save), amber when a title or body is longer than the vendor shows
// (it is sent cut short). Recomputed on every change; measuring is cheap (a few JSON.stringify).
import { AlertTriangle, CheckCircle2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";
import { payloadBudget, type BudgetCampaign, type BudgetRow } from "@/lib/campaigns/payload";
import { cn } from "@/lib/cn";

function Meter({ row }: { row: BudgetRow }) {
  const t = useTranslations("payload");
  const channels = useTranslations("enums.channel");
  const id = useId();
  const label = row.part ? t(`part.${row.part}`, { channel: channels(row.provider) }) : channels(row.provider);
  const share = row.limit ? row.used / row.limit : 0;
  const clips = !row.ok && row.effect === "clipped";
  const tone = clips ? "bg-amber-500" : !row.ok ? "bg-red-600" : share > 0.9 ? "bg-amber-500" : "bg-emerald-600";
  const overText = t(clips ? "clipped" : "over");
  const overTone = clips ? "text-amber-800" : "text-red-700";
  const amount = t(row.unit === "bytes" ? "usedBytes" : "usedChars", { used: row.used, limit: row.limit });
  return (
    <li className="space-y-1">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span id={`${id}-label`} className="font-medium text-slate-800">
          {label}
          {row.provider === "webpush" ? (
            <span className="ml-1 text-xs font-normal text-slate-500">{t("webpushNote")}</span>
          ) : null}
        </span>
        <span
          className={cn(
            "flex shrink-0 items-center gap-1 whitespace-nowrap tabular-nums",
            row.ok ? "text-slate-600" : cn("font-semibold", overTone),
          )}
        >
          {row.ok ? (
            <CheckCircle2 className="size-3.5 text-emerald-600" aria-hidden />
          ) : (
            <AlertTriangle className="size-3.5" aria-hidden />
          )}
          {amount}
          {row.ok ? null : <span className="sr-only">{overText}</span>}
        </span>
      </div>
      <div
        role="meter"
        aria-labelledby={`${id}-label`}
        aria-valuemin={0}
        aria-valuemax={row.limit}
        aria-valuenow={Math.min(row.used, row.limit)}
        aria-valuetext={`${amount}${row.ok ? "" : `, ${overText}`}`}
        aria-describedby={row.worst ? `${id}-worst` : undefined}
        className="h-2 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={cn("h-full rounded-full transition-[width]", tone)}
          style={{ width: `${(Math.min(share, 1) * 100).toFixed(1)}%` }}
        />
      </div>
      {row.worst ? (
        <p id={`${id}-worst`} className={cn("text-xs", row.ok ? "text-slate-500" : overTone)}>
          {t("worst", { variant: row.worst.variantKey, locale: row.worst.locale })}
          {clips ? ` · ${t("clippedTo", { limit: row.limit })}` : null}
        </p>
      ) : null}
    </li>
  );
}

// Meters for `variants` and `delivery` as campaignContentInput has them (form state is fine).
export function PayloadBudget({ variants, delivery, configured }: BudgetCampaign) {
  const t = useTranslations("payload");
  const titleId = useId();
  const rows = useMemo(() => payloadBudget({ variants, delivery, configured }), [variants, delivery, configured]);
  const over = rows.filter((row) => !row.ok && row.effect === "refused").length;
  const clipped = rows.filter((row) => !row.ok && row.effect === "clipped").length;
  return (
    <section aria-labelledby={titleId} className="space-y-3 rounded-md border border-slate-200 bg-white p-3">
      <div>
        <h3 id={titleId} className="text-sm font-semibold text-slate-800">
          {t("title")}
        </h3>
        <p className="text-xs text-slate-500">{t("description")}</p>
      </div>
      {rows.length ? (
        <ul className="space-y-3">
          {rows.map((row) => (
            <Meter key={`${row.provider}-${row.part ?? ""}`} row={row} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">{t("none")}</p>
      )}
      <div role="status" className="space-y-1 text-sm">
        {over ? <p className="font-medium text-red-700">{t("blocked", { count: over })}</p> : null}
        {clipped ? (
          <p className="font-medium text-amber-800" data-testid="payload-clips">
            {t("clips", { count: clipped })}
          </p>
        ) : null}
        {!over && !clipped && rows.length ? <p className="text-slate-600">{t("allFit")}</p> : null}
      </div>
    </section>
  );
}
