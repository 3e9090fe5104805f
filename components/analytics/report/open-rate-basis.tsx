// Which denominator the open rate uses and why, in plain words (receipts when every channel of the
// campaign reports them, sends otherwise), with the other figure for comparison.
import { Info } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import type { Funnel } from "@/lib/analytics/types";
import { basisKey, percent } from "../format";

export async function OpenRateBasis({ funnel }: { funnel: Funnel }) {
  const t = await getTranslations("analytics.basis");
  const format = await getFormatter();
  const key = basisKey(funnel);
  // For comparison, the same opens against everything sent (what the rate would be without receipts).
  const other = key !== "sent" && funnel.sent ? funnel.opened / funnel.sent : null;
  return (
    <div
      className="flex gap-2 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700"
      data-testid="open-rate-basis"
    >
      <Info className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div>
        <p className="font-medium">{t(`formula.${key}`)}</p>
        <p className="text-brand-700/80">{t(`why.${key}`)}</p>
        {other !== null ? (
          <p className="mt-1 text-brand-700/80">{t("againstSends", { rate: percent(format, other) })}</p>
        ) : null}
      </div>
    </div>
  );
}
