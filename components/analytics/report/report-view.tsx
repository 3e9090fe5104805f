// A campaign's report: funnel with the open-rate basis explained, sends and opens over time, the A/B
// result, breakdowns by variant / platform / channel / phone maker, failures, suppressions, time to open and
// re-activation. Each table sorts and exports its CSV in the browser from the data loaded here.
import { ArrowLeft, BarChart3 } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CampaignStateBadge, CampaignTypeBadge } from "@/components/campaigns/campaign-badges";
import type { CampaignState } from "@/lib/campaigns/state";
import type { CampaignReport } from "@/lib/analytics/types";
import { deliveryListHref, type DeliveryListFilter } from "@/lib/analytics/delivery-list";
import { AnalyticsToolbar } from "../analytics-toolbar";
import { CampaignTimeline } from "../charts/campaign-timeline";
import { BarsChart } from "../charts/bars-chart";
import { measureColors } from "../charts/palette";
import { CountTable } from "../count-table";
import { dateTimeLabel } from "../format";
import { FunnelTable } from "../funnel-table";
import type { ConversionReport } from "@/lib/analytics/conversions";
import { AbResult } from "./ab-result";
import { ConversionsBlock } from "./conversions-block";
import { FunnelSteps } from "./funnel-steps";
import { OpenRateBasis } from "./open-rate-basis";
import { ReactivationBlock } from "./reactivation-block";
import { SmsReportBlock } from "./sms-report";

export interface ReportViewProps {
  report: CampaignReport;
  app: { id: string; name: string; timezone: string };
  timeZone: string;
  timeZones: string[];
  // The conversion goal's figures, when the campaign has a goal.
  conversions?: ConversionReport | null;
}

// Hourly buckets when points are less than a day apart, else daily.
function granularityOf(points: CampaignReport["overTime"]): "hour" | "day" {
  if (points.length < 2) return "hour";
  return Date.parse(points[1]!.at) - Date.parse(points[0]!.at) < 86_400_000 ? "hour" : "day";
}

export async function ReportView({ report, app, timeZone, timeZones, conversions }: ReportViewProps) {
  const t = await getTranslations("analytics");
  const enums = await getTranslations("enums");
  const reasons = await getTranslations("dispatch.progress.reasons");
  const linked = await getTranslations("linked.report");
  const format = await getFormatter();
  const c = report.campaign;
  const label = (ns: typeof enums, prefix: string) => (key: string) =>
    ns.has(`${prefix}.${key}`) ? ns(`${prefix}.${key}`) : key;
  const labelsOf = (keys: string[], read: (key: string) => string) =>
    Object.fromEntries(keys.map((key) => [key, read(key)]));
  const bucket = (key: string) => (t.has(`timeToOpen.buckets.${key}`) ? t(`timeToOpen.buckets.${key}`) : key);
  const file = (name: string) =>
    `${
      c.name
        .replace(/[^\p{L}\p{N}]+/gu, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 40) || "campaign"
    }-${name}`;
  // Counts link to the per-device list of that outcome, in the report's time zone.
  const list = (filter: DeliveryListFilter) => {
    const href = deliveryListHref(c.id, filter);
    if (timeZone === app.timezone) return href;
    return `${href}${href.includes("?") ? "&" : "?"}tz=${encodeURIComponent(timeZone)}`;
  };
  const funnelLinks = Object.fromEntries(
    (["targeted", "suppressed", "sent", "received", "opened", "clicked"] as const).map((step) => [
      step,
      list({ outcome: step === "targeted" ? "all" : step }),
    ]),
  );
  return (
    <>
      <Link
        href={`/campaigns/${c.id}`}
        className="mb-3 inline-flex items-center gap-1 text-sm text-brand-700 hover:underline"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("report.back")}
      </Link>
      <PageHeader
        title={t("report.title", { name: c.name })}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <CampaignTypeBadge type={c.type} breaking={false} />
            <CampaignStateBadge state={c.state as CampaignState} />
            <span>{t("report.inApp", { app: app.name })}</span>
            {c.startedAt ? (
              <span>· {t("report.started", { at: dateTimeLabel(format, c.startedAt, timeZone) })}</span>
            ) : null}
          </span>
        }
        actions={
          <AnalyticsToolbar
            apps={[app]}
            appId={app.id}
            basePath={`/campaigns/${c.id}/report`}
            timeZone={timeZone}
            timeZones={timeZones}
            showApp={false}
          />
        }
      />
      {report.detailRemoved ? (
        <Alert tone="info" className="mb-4">
          <span data-testid="report-detail-removed">
            {t("report.detailRemoved", {
              runs: report.detailRemoved.runs,
              through: format.dateTime(new Date(`${report.detailRemoved.through}T00:00:00Z`), {
                dateStyle: "medium",
                timeZone: "UTC",
              }),
            })}
          </span>
        </Alert>
      ) : null}
      {report.funnel.targeted === 0 ? (
        <EmptyState icon={<BarChart3 className="size-10" />} title={t("report.emptyTitle")}>
          {c.startedAt ? t("report.emptyPending") : t("report.emptyNotStarted")}
        </EmptyState>
      ) : null}
      {/* Conversions are read live from the rows: shown even before the push figures are rolled up. */}
      {report.funnel.targeted === 0 && conversions?.groups.length ? (
        <div className="mt-6">
          <ConversionsBlock data={conversions} fileName={file("conversions")} />
        </div>
      ) : null}
      {report.funnel.targeted === 0 ? null : (
        <div className="space-y-6">
          <p className="text-xs text-slate-500" data-testid="report-as-of">
            {report.asOf
              ? t("report.asOf", { at: dateTimeLabel(format, report.asOf, timeZone, true), zone: timeZone })
              : t("report.asOfUnknown")}
          </p>
          <div className="grid gap-6 2xl:grid-cols-[1.1fr_1fr]">
            <Card title={t("report.funnel")} className="min-w-0">
              <FunnelSteps funnel={report.funnel} hrefs={funnelLinks} />
              <div className="mt-4">
                <OpenRateBasis funnel={report.funnel} />
              </div>
            </Card>
            <Card title={t("report.overTime")} className="min-w-0">
              <CampaignTimeline
                points={report.overTime}
                timeZone={timeZone}
                granularity={granularityOf(report.overTime)}
                sendsLabel={t("report.sendsChart", { zone: timeZone })}
                opensLabel={t("report.opensChart", { zone: timeZone })}
              />
              <p className="mt-2 text-xs text-slate-500">{t("report.overTimeHint", { zone: timeZone })}</p>
            </Card>
          </div>
          {report.ab ? <AbResult ab={report.ab} /> : null}
          {conversions ? <ConversionsBlock data={conversions} fileName={file("conversions")} /> : null}
          <FunnelTable
            title={t("report.byVariant")}
            rows={report.byVariant}
            labels={labelsOf(
              report.byVariant.map((r) => r.key),
              (key) => (key === "holdout" ? t("ab.holdoutName") : t("ab.variantName", { variant: key })),
            )}
            keyHeader={t("ab.variant")}
            fileName={file("variants")}
            empty={t("report.noRows")}
          />
          <div className="grid gap-6 2xl:grid-cols-2">
            {(
              [
                { by: "platform", rows: report.byPlatform, counts: ["sent", "received", "opened", "clicked"] },
                { by: "channel", rows: report.byChannel, counts: ["sent", "failed", "received", "opened", "clicked"] },
                { by: "maker", rows: report.byMaker, counts: ["sent", "failed", "received", "opened", "clicked"] },
              ] as const
            ).map(({ by, rows, counts }) => (
              <FunnelTable
                key={by}
                title={t(`report.by${by[0]!.toUpperCase()}${by.slice(1)}`)}
                rows={rows}
                labels={labelsOf(
                  rows.map((r) => r.key),
                  label(enums, by),
                )}
                keyHeader={t(`report.${by}`)}
                counts={[...counts]}
                fileName={file(`${by}s`)}
                empty={t("report.noRows")}
              />
            ))}
          </div>
          <div className="grid gap-6 xl:grid-cols-2">
            <CountTable
              title={t("report.failures")}
              description={
                <>
                  {t("report.failuresHint")}{" "}
                  <Link href={list({ outcome: "failed" })} className="text-brand-700 hover:underline">
                    {linked("failedLink", { count: report.funnel.failed })}
                  </Link>
                </>
              }
              rows={report.failures.map((f) => ({ key: f.code, count: f.count }))}
              hrefs={Object.fromEntries(
                report.failures.map((f) => [f.code, list({ outcome: "failed", error: f.code })]),
              )}
              keyHeader={t("report.errorCode")}
              codeKeys
              fileName={file("failures")}
              empty={t("report.noFailures")}
            />
            <CountTable
              title={t("report.suppressions")}
              description={t("report.suppressionsHint")}
              rows={report.suppressions.map((s) => ({ key: s.reason, count: s.count }))}
              hrefs={Object.fromEntries(
                report.suppressions.map((s) => [
                  s.reason,
                  list({ outcome: "suppressed", reason: s.reason as DeliveryListFilter["reason"] }),
                ]),
              )}
              keyHeader={t("report.reason")}
              labels={labelsOf(
                report.suppressions.map((s) => s.reason),
                (key) => (reasons.has(key) ? reasons(key) : key),
              )}
              fileName={file("suppressions")}
              empty={t("report.noSuppressions")}
            />
          </div>
          <Card title={t("timeToOpen.title")}>
            {report.timeToOpen.some((b) => b.count > 0) ? (
              <BarsChart
                data={report.timeToOpen.map((b) => ({ label: bucket(b.bucket), opens: b.count }))}
                series={[{ key: "opens", name: t("measures.opened"), color: measureColors.opened }]}
                value="count"
                legend={false}
                label={t("timeToOpen.chart")}
              />
            ) : (
              <p className="py-6 text-center text-sm text-slate-500">{t("timeToOpen.empty")}</p>
            )}
            <p className="mt-2 text-xs text-slate-500">{t("timeToOpen.hint")}</p>
          </Card>
          <ReactivationBlock data={report.reactivation} holdoutPercent={c.holdoutPercent} />
        </div>
      )}
      {/* Read live from its rows: shown even before the push figures are rolled up. */}
      {report.sms ? (
        <div className="mt-6">
          <SmsReportBlock sms={report.sms} filePrefix={file("sms")} />
        </div>
      ) : null}
    </>
  );
}
