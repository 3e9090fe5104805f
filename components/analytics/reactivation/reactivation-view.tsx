// The re-activation report for product managers: how the method works, each dormancy cohort's
// re-activated share (all campaigns pooled, treated vs holdout, lift), the monthly trend, and the
// per-campaign and per-month tables.
import { Moon } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { differenceOfProportions, proportion } from "@/lib/analytics/stats";
import type { DormancyCohort, ReactivationReport } from "@/lib/analytics/types";
import { BarsChart } from "../charts/bars-chart";
import { LinesChart } from "../charts/lines-chart";
import { measureColors, seriesColors } from "../charts/palette";
import { percent, points } from "../format";
import { ReactivationCampaignTable, ReactivationMonthTable } from "./reactivation-tables";
import { TypeFilter } from "./type-filter";

// One cohort summed over the report's campaigns.
export function pooledCohort(report: ReactivationReport, cohort: DormancyCohort) {
  const sum = { treated: 0, treatedReactivated: 0, holdout: 0, holdoutReactivated: 0 };
  for (const c of report.byCampaign) {
    const x = c.cohorts[cohort];
    sum.treated += x.treated;
    sum.treatedReactivated += x.treatedReactivated;
    sum.holdout += x.holdout;
    sum.holdoutReactivated += x.holdoutReactivated;
  }
  const lift =
    sum.holdout > 0 && sum.treated > 0
      ? differenceOfProportions(sum.treatedReactivated, sum.treated, sum.holdoutReactivated, sum.holdout)
      : null;
  return {
    ...sum,
    treatedRate: proportion(sum.treatedReactivated, sum.treated),
    holdoutRate: proportion(sum.holdoutReactivated, sum.holdout),
    lift,
  };
}

export async function ReactivationView({
  report,
  type,
  query,
}: {
  report: ReactivationReport;
  type: string;
  query: string;
}) {
  const t = await getTranslations("analytics.reactivation");
  const format = await getFormatter();
  const pooled = report.cohorts.map((cohort) => ({ cohort, ...pooledCohort(report, cohort) }));
  const any = pooled.some((p) => p.treated > 0);
  const monthLabel = (month: string) =>
    format.dateTime(new Date(`${month}-01T12:00:00Z`), { year: "numeric", month: "short", timeZone: "UTC" });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <TypeFilter value={type} />
        <p className="text-xs text-slate-500">{t("window", { hours: report.windowHours })}</p>
      </div>
      <Card title={t("methodTitle")}>
        <div className="grid gap-4 text-sm text-slate-700 md:grid-cols-3">
          <p>{t("method1")}</p>
          <p>{t("method2", { hours: report.windowHours })}</p>
          <p>{t("method3")}</p>
        </div>
      </Card>
      {!any ? (
        <EmptyState icon={<Moon className="size-10" />} title={t("emptyTitle")}>
          {t("emptyBody")}
        </EmptyState>
      ) : (
        <>
          <dl className="grid gap-4 md:grid-cols-3" aria-label={t("cohortSummary")}>
            {pooled.map((p) => (
              <div
                key={p.cohort}
                className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
                data-testid={`cohort-${p.cohort}`}
              >
                <dt className="text-xs font-medium text-slate-500">
                  {t("cohortTitle", { cohort: t(`cohorts.${p.cohort}`) })}
                </dt>
                <dd className="mt-1 flex items-baseline gap-2">
                  <span className="text-2xl font-semibold tabular-nums">{percent(format, p.treatedRate)}</span>
                  <span className="text-sm text-slate-500">
                    {t("vsHoldout", { rate: percent(format, p.holdoutRate) })}
                  </span>
                </dd>
                <dd className="mt-1 text-xs text-slate-500">
                  {p.lift
                    ? t("liftLine", {
                        value: points(format, p.lift.value),
                        low: points(format, p.lift.low),
                        high: points(format, p.lift.high),
                      })
                    : t("noLift")}
                </dd>
                <dd className="mt-0.5 text-xs text-slate-400">
                  {t("cohortDevices", { treated: format.number(p.treated), holdout: format.number(p.holdout) })}
                </dd>
              </div>
            ))}
          </dl>
          <div className="grid gap-6 xl:grid-cols-2">
            <Card title={t("byCohortChartTitle")} className="min-w-0">
              <BarsChart
                value="rate"
                label={t("byCohortChart")}
                data={pooled.map((p) => ({
                  label: t(`cohorts.${p.cohort}`),
                  treated: p.treatedRate,
                  holdout: p.holdoutRate,
                }))}
                series={[
                  { key: "treated", name: t("groups.treated"), color: measureColors.treated },
                  { key: "holdout", name: t("groups.holdout"), color: measureColors.holdout },
                ]}
              />
            </Card>
            <Card title={`${t("byMonthChartTitle")} (UTC)`} className="min-w-0">
              <LinesChart
                label={t("byMonthChart")}
                data={report.byMonth.map((m) => ({
                  label: monthLabel(m.month),
                  ...Object.fromEntries(report.cohorts.map((c) => [c, m.cohorts[c].rate])),
                }))}
                series={report.cohorts.map((c, i) => ({
                  key: c,
                  name: t(`cohorts.${c}`),
                  color: seriesColors[i % seriesColors.length]!,
                }))}
              />
            </Card>
          </div>
          <ReactivationCampaignTable report={report} query={query} />
          <ReactivationMonthTable report={report} />
        </>
      )}
    </div>
  );
}
