"use client";
// How the audience is divided: the holdout first, then the variants' shares of the rest, as one bar
// with the running total of the splits (which must be exactly 100).
import { useTranslations } from "next-intl";
import { cn } from "@/lib/cn";
import type { VariantDraft } from "@/lib/campaigns/draft";

const colors = ["bg-brand-500", "bg-emerald-500", "bg-amber-500", "bg-fuchsia-500", "bg-sky-500"];

const percent = (text: string) => {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : 0;
};

export function SplitBar({ variants, holdout, id }: { variants: VariantDraft[]; holdout: string; id?: string }) {
  const t = useTranslations("campaigns.composer.variants");
  const held = Math.min(50, percent(holdout));
  const total = variants.reduce((sum, v) => sum + percent(v.split), 0);
  const scale = total > 0 ? (100 - held) / Math.max(total, 100) : 0;
  return (
    <div className="space-y-1.5">
      <div className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden>
        {held > 0 ? (
          <div
            className="h-full bg-[repeating-linear-gradient(45deg,#cbd5e1_0_4px,#e2e8f0_4px_8px)]"
            style={{ width: `${held}%` }}
          />
        ) : null}
        {variants.map((v, i) => (
          <div
            key={v.key}
            className={cn("h-full", colors[i % colors.length])}
            style={{ width: `${percent(v.split) * scale}%` }}
          />
        ))}
      </div>
      <p id={id} className={cn("text-xs", total === 100 ? "text-slate-600" : "font-medium text-red-600")}>
        {variants.map((v, i) => (
          <span key={v.key} className="mr-3 inline-flex items-center gap-1">
            <span aria-hidden className={cn("inline-block size-2 rounded-full", colors[i % colors.length])} />
            {t("share", { key: v.key, percent: percent(v.split) })}
          </span>
        ))}
        {held > 0 ? <span className="mr-3">{t("heldOut", { percent: held })}</span> : null}
        <span>{total === 100 ? t("totalOk") : t("totalWrong", { total })}</span>
      </p>
    </div>
  );
}
