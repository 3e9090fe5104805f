"use client";
// A breakdown of a funnel (by variant, platform, channel, campaign type): counts, the open rate with
// the denominator it used on each row, and click-through. Labels for the keys come translated.
import { useFormatter, useTranslations } from "next-intl";
import type { Funnel, FunnelRow } from "@/lib/analytics/types";
import { BreakdownTable, countColumn, rateColumn, StackedValue, type Column } from "./data-table";
import { basisKey, percent, type NumberFormatter } from "./format";

export type CountField =
  "targeted" | "suppressed" | "sent" | "failed" | "queued" | "received" | "opened" | "clicked" | "dismissed";
// A translator for the "analytics" namespace (next-intl's useTranslations / createTranslator).
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface FunnelTableProps {
  title: string;
  description?: string;
  rows: FunnelRow[];
  // Display names of the row keys (e.g. "android" -> "Android"); unknown keys show as they are.
  labels?: Record<string, string>;
  keyHeader: string;
  counts?: CountField[];
  fileName: string;
  empty: string;
  className?: string;
}

const defaultCounts: CountField[] = ["targeted", "sent", "failed", "received", "opened", "clicked"];

// The columns of a funnel breakdown (shared by the table and its CSV; the basis is its own CSV column).
export function funnelColumns(
  t: Translate,
  format: NumberFormatter,
  {
    keyHeader,
    labels = {},
    counts = defaultCounts,
  }: { keyHeader: string; labels?: Record<string, string>; counts?: CountField[] },
): Column<FunnelRow>[] {
  const basis = (row: Funnel) => t(`basis.short.${basisKey(row)}`);
  return [
    {
      key: "key",
      header: keyHeader,
      value: (row) => labels[row.key] ?? row.key,
      cell: (row) => <span className="font-medium">{labels[row.key] ?? row.key}</span>,
    },
    ...counts.map((field) => countColumn<FunnelRow, CountField>(format, field, t(`measures.${field}`))),
    {
      key: "openRate",
      header: t("measures.openRate"),
      value: (row) => row.openRate,
      numeric: true,
      cell: (row) => (
        <StackedValue value={percent(format, row.openRate)} note={row.openRate !== null ? basis(row) : null} />
      ),
    },
    { key: "openRateBasis", header: t("measures.openRateBasis"), value: (row) => basisKey(row), csvOnly: true },
    rateColumn(format, "clickThroughRate", t("measures.clickThroughRate")),
  ];
}

export function FunnelTable({ keyHeader, labels, counts, ...table }: FunnelTableProps) {
  const t = useTranslations("analytics");
  const format = useFormatter();
  const columns = funnelColumns(t, format, { keyHeader, labels, counts });
  return <BreakdownTable {...table} columns={columns} sortBy="sent" />;
}
