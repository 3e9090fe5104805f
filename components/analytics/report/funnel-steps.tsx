// The delivery funnel as horizontal bars, targeted -> suppressed -> sent -> received -> opened ->
// clicked, each with its count and the rate against the step it follows; failed and queued beside.
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { Funnel } from "@/lib/analytics/types";
import { measureColors } from "../charts/palette";
import { basisKey, percent } from "../format";

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

// `hrefs`: a step's count links to the devices behind it.
export async function FunnelSteps({ funnel, hrefs = {} }: { funnel: Funnel; hrefs?: Record<string, string> }) {
  const t = await getTranslations("analytics");
  const format = await getFormatter();
  const base = Math.max(1, funnel.targeted);
  const steps = [
    { key: "targeted", count: funnel.targeted, color: "#334155", rate: null as string | null },
    {
      key: "suppressed",
      count: funnel.suppressed,
      color: "#cbd5e1",
      rate: t("report.ofTargeted", { rate: percent(format, ratio(funnel.suppressed, funnel.targeted)) }),
    },
    {
      key: "sent",
      count: funnel.sent,
      color: measureColors.sent,
      rate: t("report.ofTargeted", { rate: percent(format, ratio(funnel.sent, funnel.targeted)) }),
    },
    {
      key: "received",
      count: funnel.received,
      color: measureColors.received,
      rate: t("report.ofSent", { rate: percent(format, ratio(funnel.received, funnel.sent)) }),
    },
    {
      key: "opened",
      count: funnel.opened,
      color: measureColors.opened,
      rate: t("report.openRateOf", {
        rate: percent(format, funnel.openRate),
        basis: t(`basis.short.${basisKey(funnel)}`),
      }),
    },
    {
      key: "clicked",
      count: funnel.clicked,
      color: measureColors.clicked,
      rate: t("report.ctrOf", { rate: percent(format, funnel.clickThroughRate) }),
    },
  ];
  return (
    <div>
      <ol className="space-y-2.5" aria-label={t("report.funnel")}>
        {steps.map((step) => (
          <li
            key={step.key}
            className="grid grid-cols-[7rem_1fr_auto] items-center gap-3 text-sm sm:grid-cols-[9rem_1fr_6rem_11rem]"
            data-testid={`funnel-${step.key}`}
          >
            <span className="font-medium text-slate-700">{t(`measures.${step.key}`)}</span>
            <span className="h-6 overflow-hidden rounded bg-slate-100" aria-hidden>
              <span
                className="block h-6 rounded"
                style={{
                  width: `${Math.max(step.count > 0 ? 0.5 : 0, (100 * step.count) / base)}%`,
                  background: step.color,
                }}
              />
            </span>
            <span className="text-right font-semibold tabular-nums text-slate-900">
              {hrefs[step.key] ? (
                <Link href={hrefs[step.key]!} className="text-brand-700 hover:underline">
                  {format.number(step.count)}
                </Link>
              ) : (
                format.number(step.count)
              )}
            </span>
            <span className="col-span-3 text-xs text-slate-500 sm:col-span-1">{step.rate}</span>
          </li>
        ))}
      </ol>
      <p className="mt-3 text-xs text-slate-500">
        {t("report.funnelAside", {
          failed: format.number(funnel.failed),
          queued: format.number(funnel.queued),
          dismissed: format.number(funnel.dismissed),
        })}
      </p>
    </div>
  );
}
