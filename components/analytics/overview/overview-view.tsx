// The analytics overview of one app over a range: headline figures, the daily trend, the split by
// campaign type, by channel and phone maker, suppressions by reason, and the top campaigns. Every
// figure comes from the rollups (server/analytics).
import { BarChart3 } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { RangeSelection } from "@/lib/analytics/range-params";
import type { Overview } from "@/lib/analytics/types";
import { ActivityChart } from "../charts/activity-chart";
import { measureColors } from "../charts/palette";
import { basisKey, percent } from "../format";
import { KpiCards } from "../kpi-cards";
import { ReachSplit } from "./reach-split";
import { SmsReportBlock } from "../report/sms-report";
import { runningOpenRate } from "./running-open-rate";
import { TopCampaignsTable } from "./top-campaigns-table";
import { TypeSplit } from "./type-split";

export async function OverviewView({
  overview,
  selection,
  appName,
  query,
}: {
  overview: Overview;
  selection: RangeSelection;
  appName: string;
  query: string;
}) {
  const t = await getTranslations("analytics");
  const format = await getFormatter();
  const totals = overview.totals;
  const day = (date: string) =>
    format.dateTime(new Date(`${date}T12:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const days = (from: string, to: string) => `${day(from)} – ${day(to)}`;
  const period = t("overview.period", { days: days(selection.fromDate, selection.toDate), zone: selection.timeZone });
  if (totals.targeted === 0 && totals.sent === 0) {
    return (
      <>
        <p className="mb-4 text-sm text-slate-600">{period}</p>
        <EmptyState icon={<BarChart3 className="size-10" />} title={t("overview.emptyTitle")}>
          {t("overview.emptyBody", { app: appName })}
        </EmptyState>
      </>
    );
  }
  const number = (n: number) => format.number(n);
  const trend = runningOpenRate(overview);
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">{period}</p>
      <KpiCards
        label={t("overview.kpis")}
        items={[
          {
            key: "sent",
            label: t("measures.sent"),
            value: number(totals.sent),
            note: t("overview.sentNote", { targeted: number(totals.targeted), failed: number(totals.failed) }),
            accent: measureColors.sent,
          },
          {
            key: "received",
            label: t("measures.received"),
            value: number(totals.received),
            note: t("overview.receivedNote", {
              share: percent(format, totals.sent ? totals.received / totals.sent : null),
            }),
            accent: measureColors.received,
          },
          {
            key: "opened",
            label: t("measures.opened"),
            value: number(totals.opened),
            note: t("overview.openedNote"),
            accent: measureColors.opened,
          },
          {
            key: "openRate",
            label: t("measures.openRate"),
            value: percent(format, totals.openRate),
            note: t(`basis.formula.${basisKey(totals)}`),
            accent: measureColors.openRate,
          },
          {
            key: "ctr",
            label: t("measures.clickThroughRate"),
            value: percent(format, totals.clickThroughRate),
            note: t("overview.clicksNote", { clicks: number(totals.clicked) }),
            accent: measureColors.clicked,
          },
        ]}
      />
      <Card title={t("overview.trend")}>
        <ActivityChart
          points={trend.points}
          timeZone={selection.timeZone}
          granularity="day"
          showRate
          rateName={trend.running ? t("overview.openRateToDate") : undefined}
          label={t("overview.trendChart", { zone: selection.timeZone })}
          height={300}
        />
        <p className="mt-2 text-xs text-slate-500">
          {t(trend.running ? "overview.trendHintRunning" : "overview.trendHint", { zone: selection.timeZone })}
        </p>
      </Card>
      <TypeSplit rows={overview.byType} />
      <ReachSplit overview={overview} />
      {overview.sms ? <SmsReportBlock sms={overview.sms} filePrefix="sms" /> : null}
      <TopCampaignsTable rows={overview.topCampaigns} query={query} />
    </div>
  );
}
