"use client";
// A breakdown of a funnel (by variant, platform, channel, campaign type): counts, the open rate with
// the denominator it used on each row, and click-through. Labels for the keys come translated.
import { useFormatter, useTranslations } from "next-intl";
import type { Funnel, FunnelRow } from "@/lib/analytics/types";
import { DataTable, type Column } from "./data-table";
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
    ...counts.map((field): Column<FunnelRow> => ({
      key: field,
      header: t(`measures.${field}`),
      value: (row) => row[field],
      cell: (row) => format.number(row[field]),
      numeric: true,
    })),
    {
      key: "openRate",
      header: t("measures.openRate"),
      value: (row) => row.openRate,
      numeric: true,
      cell: (row) => (
        <span className="inline-flex flex-col items-end leading-tight">
          <span className="font-medium">{percent(format, row.openRate)}</span>
          {row.openRate !== null ? <span className="text-[11px] text-slate-500">{basis(row)}</span> : null}
        </span>
      ),
    },
    { key: "openRateBasis", header: t("measures.openRateBasis"), value: (row) => basisKey(row), csvOnly: true },
    {
      key: "clickThroughRate",
      header: t("measures.clickThroughRate"),
      value: (row) => row.clickThroughRate,
      cell: (row) => percent(format, row.clickThroughRate),
      numeric: true,
    },
  ];
}

export function FunnelTable({
  title,
  description,
  rows,
  labels,
  keyHeader,
  counts,
  fileName,
  empty,
  className,
}: FunnelTableProps) {
  const t = useTranslations("analytics");
  const format = useFormatter();
  const columns = funnelColumns(t, format, { keyHeader, labels, counts });
  return (
    <DataTable
      title={title}
      description={description}
      rows={rows}
      columns={columns}
      rowKey={(row) => row.key}
      fileName={fileName}
      initialSort={{ key: "sent", direction: "desc" }}
      empty={empty}
      className={className}
    />
  );
}
