"use client";
// The re-activation report's tables: per campaign and dormancy cohort (treated vs holdout, lift with
// its 95% interval), and per month and cohort. Sortable, exportable as CSV.
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import type { DormancyCohort, ReactivationReport } from "@/lib/analytics/types";
import { countColumn, DataTable, rateColumn, StackedValue, type Column } from "../data-table";
import { percent, points } from "../format";

type CampaignRow = {
  id: string;
  name: string;
  type: string;
  cohort: DormancyCohort;
} & ReactivationReport["byCampaign"][number]["cohorts"][DormancyCohort];
type MonthRow = {
  month: string;
  cohort: DormancyCohort;
} & ReactivationReport["byMonth"][number]["cohorts"][DormancyCohort];

const rate = (a: number, b: number) => (b > 0 ? a / b : null);

export function ReactivationCampaignTable({ report, query }: { report: ReactivationReport; query: string }) {
  const t = useTranslations("analytics.reactivation");
  const types = useTranslations("campaigns.type");
  const format = useFormatter();
  const rows: CampaignRow[] = report.byCampaign
    .flatMap((c) =>
      report.cohorts.map((cohort) => ({ id: c.id, name: c.name, type: c.type, cohort, ...c.cohorts[cohort] })),
    )
    .filter((row) => row.treated + row.holdout > 0);
  const count = (
    key: "treated" | "treatedReactivated" | "holdout" | "holdoutReactivated",
    header: string,
    csvOnly = false,
  ) => countColumn<CampaignRow, typeof key>(format, key, header, csvOnly);
  // A group's re-activated share with how many came back under it (the count is its own CSV column).
  const share = (
    key: "treatedRate" | "holdoutRate",
    header: string,
    back: (row: CampaignRow) => number,
    of: (row: CampaignRow) => number,
  ): Column<CampaignRow> => ({
    key,
    header,
    value: (row) => rate(back(row), of(row)),
    numeric: true,
    cell: (row) => (
      <StackedValue
        value={percent(format, rate(back(row), of(row)))}
        note={of(row) > 0 ? t("cameBack", { count: format.number(back(row)) }) : null}
      />
    ),
  });
  const columns: Column<CampaignRow>[] = [
    {
      key: "name",
      header: t("columns.campaign"),
      value: (row) => row.name,
      cell: (row) => (
        <Link
          href={`/campaigns/${row.id}/report?${query}`}
          className="inline-block min-w-44 font-medium text-brand-700 hover:underline"
        >
          {row.name}
        </Link>
      ),
    },
    { key: "type", header: t("columns.type"), value: (row) => types(row.type), csvOnly: true },
    {
      key: "cohort",
      header: t("columns.cohort"),
      value: (row) => t(`cohorts.${row.cohort}`),
      cell: (row) => <span className="whitespace-nowrap">{t(`cohorts.${row.cohort}`)}</span>,
    },
    count("treated", t("columns.treated")),
    count("treatedReactivated", t("columns.reactivated"), true),
    share(
      "treatedRate",
      t("columns.treatedRate"),
      (row) => row.treatedReactivated,
      (row) => row.treated,
    ),
    count("holdout", t("columns.holdout")),
    count("holdoutReactivated", t("columns.holdoutReactivated"), true),
    share(
      "holdoutRate",
      t("columns.holdoutRate"),
      (row) => row.holdoutReactivated,
      (row) => row.holdout,
    ),
    {
      key: "lift",
      header: t("columns.lift"),
      hint: t("columns.liftHint"),
      value: (row) => row.lift?.value ?? null,
      numeric: true,
      cell: (row) =>
        row.lift ? (
          <StackedValue
            className={
              row.lift.low > 0
                ? "font-medium text-emerald-700"
                : row.lift.high < 0
                  ? "font-medium text-red-700"
                  : undefined
            }
            value={t("liftValue", { value: points(format, row.lift.value) })}
            note={t("ci", { low: points(format, row.lift.low), high: points(format, row.lift.high) })}
          />
        ) : (
          <span className="text-slate-400">{t("noLift")}</span>
        ),
    },
    { key: "liftLow", header: t("columns.liftLow"), value: (row) => row.lift?.low ?? null, csvOnly: true },
    { key: "liftHigh", header: t("columns.liftHigh"), value: (row) => row.lift?.high ?? null, csvOnly: true },
    { key: "id", header: t("columns.campaignId"), value: (row) => row.id, csvOnly: true },
  ];
  return (
    <DataTable
      title={t("byCampaign")}
      description={t("byCampaignHint")}
      rows={rows}
      columns={columns}
      rowKey={(row) => `${row.id}-${row.cohort}`}
      fileName="reactivation-by-campaign"
      initialSort={{ key: "treated", direction: "desc" }}
      empty={t("empty")}
    />
  );
}

export function ReactivationMonthTable({ report }: { report: ReactivationReport }) {
  const t = useTranslations("analytics.reactivation");
  const format = useFormatter();
  const monthLabel = (month: string) =>
    format.dateTime(new Date(`${month}-01T12:00:00Z`), { year: "numeric", month: "long", timeZone: "UTC" });
  const rows: MonthRow[] = report.byMonth
    .flatMap((m) => report.cohorts.map((cohort) => ({ month: m.month, cohort, ...m.cohorts[cohort] })))
    .filter((row) => row.treated > 0);
  const columns: Column<MonthRow>[] = [
    {
      key: "month",
      header: `${t("columns.month")} (UTC)`,
      value: (row) => row.month,
      cell: (row) => <span className="font-medium">{monthLabel(row.month)}</span>,
    },
    { key: "cohort", header: t("columns.cohort"), value: (row) => t(`cohorts.${row.cohort}`) },
    countColumn(format, "treated", t("columns.treated")),
    countColumn(format, "treatedReactivated", t("columns.reactivated")),
    rateColumn(format, "rate", t("columns.treatedRate")),
  ];
  return (
    <DataTable
      title={t("byMonth")}
      description={t("byMonthHint")}
      rows={rows}
      columns={columns}
      rowKey={(row) => `${row.month}-${row.cohort}`}
      fileName="reactivation-by-month"
      initialSort={{ key: "month", direction: "desc" }}
      empty={t("empty")}
    />
  );
}
