"use client";
// A count per key (failures by error code, suppressions by reason) with each key's share of the total.
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { BreakdownTable, countColumn, type Column } from "./data-table";
import { percent, type NumberFormatter } from "./format";
import type { Translate } from "./funnel-table";

export interface CountRow {
  key: string;
  count: number;
}

export interface CountTableProps {
  title: string;
  description?: ReactNode;
  rows: CountRow[];
  keyHeader: string;
  labels?: Record<string, string>;
  // Keys shown in a monospace font (error codes).
  codeKeys?: boolean;
  fileName: string;
  empty: string;
  // A count links to the devices behind it (key -> URL).
  hrefs?: Record<string, string>;
}

// The columns of a count table: the label, the raw key (CSV only), the count and its share.
export function countColumns(
  t: Translate,
  format: NumberFormatter,
  rows: readonly CountRow[],
  {
    keyHeader,
    labels = {},
    codeKeys = false,
  }: { keyHeader: string; labels?: Record<string, string>; codeKeys?: boolean },
): Column<CountRow>[] {
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const share = (row: CountRow) => (total ? row.count / total : null);
  return [
    {
      key: "key",
      header: keyHeader,
      value: (row) => labels[row.key] ?? row.key,
      cell: (row) =>
        codeKeys ? (
          <code className="font-mono text-xs">{labels[row.key] ?? row.key}</code>
        ) : (
          <span className="font-medium">{labels[row.key] ?? row.key}</span>
        ),
    },
    { key: "code", header: t("table.code"), value: (row) => row.key, csvOnly: true },
    countColumn(format, "count", t("table.devices")),
    {
      key: "share",
      header: t("table.share"),
      value: share,
      numeric: true,
      cell: (row) => (
        <span className="inline-flex items-center justify-end gap-2">
          <span className="hidden h-1.5 w-16 overflow-hidden rounded bg-slate-100 sm:inline-block" aria-hidden>
            <span className="block h-1.5 rounded bg-slate-400" style={{ width: `${(share(row) ?? 0) * 100}%` }} />
          </span>
          {percent(format, share(row))}
        </span>
      ),
    },
  ];
}

export function CountTable({ keyHeader, labels, codeKeys, hrefs, ...table }: CountTableProps) {
  const t = useTranslations("analytics");
  const format = useFormatter();
  const columns = countColumns(t, format, table.rows, { keyHeader, labels, codeKeys }).map((column) =>
    column.key === "count" && hrefs
      ? {
          ...column,
          cell: (row: CountRow) =>
            hrefs[row.key] ? (
              <Link href={hrefs[row.key]!} className="text-brand-700 hover:underline" data-testid="count-link">
                {format.number(row.count)}
              </Link>
            ) : (
              format.number(row.count)
            ),
        }
      : column,
  );
  return <BreakdownTable {...table} columns={columns} sortBy="count" />;
}
