"use client";
// The campaign's conversion goal in the report: per variant and the holdout, the devices counted,
// those that reported the goal event within the window after their send, the rate, the events' value,
// and each variant's lift over the holdout with the p-value of the difference (two-proportion z-test).
// Sortable, with its CSV like the other tables.
import { useFormatter, useTranslations } from "next-intl";
import type { ConversionGroup, ConversionReport } from "@/lib/analytics/conversions";
import { HOLDOUT_GROUP } from "@/lib/analytics/conversions";
import { countColumn, DataTable, rateColumn, type Column } from "../data-table";
import { points, pValue } from "../format";

interface Props {
  data: ConversionReport;
  fileName: string;
}

type Row = ConversionGroup & { liftPoints: number | null; pValue: number | null; valueText: string };

function windowText(seconds: number, t: ReturnType<typeof useTranslations<"conversions.report">>): string {
  return seconds % 86_400 === 0
    ? t("windowDays", { count: seconds / 86_400 })
    : t("windowHours", { count: Math.round((seconds / 3600) * 100) / 100 });
}

export function ConversionsBlock({ data, fileName }: Props) {
  const t = useTranslations("conversions.report");
  const format = useFormatter();
  const money = (value: number, currency: string) =>
    currency
      ? format.number(value, { style: "currency", currency, maximumFractionDigits: 2 })
      : format.number(value, { maximumFractionDigits: 2 });
  const rows: Row[] = data.groups.map((g) => ({
    ...g,
    liftPoints: g.lift?.absolute ?? null,
    pValue: g.lift?.pValue ?? null,
    valueText: g.values.map((v) => money(v.value, v.currency)).join(" + "),
  }));
  const hasHoldout = data.groups.some((g) => g.key === HOLDOUT_GROUP);
  const columns: Column<Row>[] = [
    {
      key: "key",
      header: t("group"),
      value: (row) => (row.key === HOLDOUT_GROUP ? t("holdout") : t("variant", { variant: row.key })),
      cell: (row) => (
        <span className="font-medium">
          {row.key === HOLDOUT_GROUP ? t("holdout") : t("variant", { variant: row.key })}
        </span>
      ),
    },
    countColumn(format, "devices", t("devices")),
    countColumn(format, "conversions", t("conversions")),
    rateColumn(format, "rate", t("rate")),
    countColumn(format, "events", t("events")),
    { key: "value", header: t("value"), value: (row) => row.valueText || null, numeric: true },
    {
      key: "liftPoints",
      header: t("lift"),
      value: (row) => row.liftPoints,
      cell: (row) => (row.liftPoints === null ? "—" : t("points", { value: points(format, row.liftPoints) })),
      numeric: true,
    },
    {
      key: "pValue",
      header: t("pValue"),
      value: (row) => row.pValue,
      cell: (row) =>
        row.pValue === null ? (
          "—"
        ) : (
          <span className={row.pValue < data.significanceLevel ? "font-medium text-emerald-700" : "text-slate-600"}>
            {pValue(format, row.pValue)}
          </span>
        ),
      numeric: true,
    },
  ];
  return (
    <div data-testid="conversions-block">
      <DataTable
        title={t("title", { event: data.goalEvent })}
        description={
          <>
            {t("description", { event: data.goalEvent, window: windowText(data.windowSeconds, t) })}{" "}
            {hasHoldout ? t("method", { level: format.number(data.significanceLevel) }) : t("noHoldout")}
          </>
        }
        rows={rows}
        columns={columns}
        rowKey={(row) => row.key}
        fileName={fileName}
        empty={t("empty")}
      />
    </div>
  );
}
