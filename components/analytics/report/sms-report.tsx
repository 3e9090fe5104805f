"use client";
// A campaign's SMS signalling in its report: signals sent, delivered (provider status callbacks),
// failed, their cost, and how many signalled devices then fetched their message from the inbox; per
// country with a CSV export, and why devices got no SMS.
import { useFormatter, useTranslations } from "next-intl";
import { microsToPrice } from "@/lib/sms/policy";
import type { SmsFigures, SmsReport } from "@/lib/analytics/types";
import { CountTable } from "../count-table";
import { countColumn, DataTable, type Column } from "../data-table";
import { percent } from "../format";
import { KpiCards } from "../kpi-cards";

type CountryRow = SmsFigures & { country: string };

// `filePrefix` names the CSV files ("<prefix>-by-country.csv"): a text, as a server page hands it over.
export function SmsReportBlock({ sms, filePrefix }: { sms: SmsReport; filePrefix: string }) {
  const t = useTranslations("analytics.sms");
  const format = useFormatter();
  const money = (micros: number) => `${microsToPrice(Math.round(micros))} ${sms.currency}`;
  const { totals } = sms;
  const share = (part: number, whole: number) => percent(format, whole ? part / whole : null);
  const columns: Column<CountryRow>[] = [
    { key: "country", header: t("country"), value: (row) => row.country },
    countColumn(format, "signalled", t("signalled")),
    countColumn(format, "sent", t("sent")),
    countColumn(format, "delivered", t("delivered")),
    countColumn(format, "failed", t("failed")),
    countColumn(format, "segments", t("segments")),
    {
      key: "cost",
      header: t("cost", { currency: sms.currency }),
      value: (row) => microsToPrice(Math.round(row.costMicros)),
      numeric: true,
    },
    countColumn(format, "fetched", t("fetched")),
  ];
  return (
    <section aria-labelledby="sms-report-heading" className="space-y-4">
      <div>
        <h2 id="sms-report-heading" className="text-base font-semibold text-slate-900">
          {t("title")}
        </h2>
        <p className="text-sm text-slate-600">{t("description")}</p>
      </div>
      <KpiCards
        label={t("title")}
        items={[
          {
            key: "sms-sent",
            label: t("sent"),
            value: format.number(totals.sent),
            note: t("ofSignalled", { count: totals.signalled }),
          },
          {
            key: "sms-delivered",
            label: t("delivered"),
            value: format.number(totals.delivered),
            note: share(totals.delivered, totals.sent),
          },
          { key: "sms-failed", label: t("failed"), value: format.number(totals.failed) },
          {
            key: "sms-cost",
            label: t("costTotal"),
            value: money(totals.costMicros),
            note: t("segmentsNote", { count: totals.segments }),
          },
          {
            key: "sms-fetched",
            label: t("fetched"),
            value: format.number(totals.fetched),
            note: share(totals.fetched, totals.sent),
          },
        ]}
      />
      {/* Side by side only where the eight-column country table fits half the width (as ReachSplit). */}
      <div className="grid gap-6 2xl:grid-cols-2">
        <DataTable
          title={t("byCountry")}
          rows={sms.byCountry}
          columns={columns}
          rowKey={(row) => row.country}
          fileName={`${filePrefix}-by-country`}
          initialSort={{ key: "signalled", direction: "desc" }}
          empty={t("none")}
        />
        <CountTable
          title={t("reasons")}
          description={t("reasonsHint")}
          rows={sms.reasons.map((r) => ({ key: r.reason, count: r.count }))}
          keyHeader={t("reason")}
          labels={Object.fromEntries(
            sms.reasons.map((r) => [
              r.reason,
              t.has(`reasonNames.${r.reason}`) ? t(`reasonNames.${r.reason}`) : r.reason,
            ]),
          )}
          fileName={`${filePrefix}-not-sent`}
          empty={t("noReasons")}
        />
      </div>
    </section>
  );
}
