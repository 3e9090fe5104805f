"use client";
// A count per key (failures by error code, suppressions by reason) with each key's share of the total.
import { useFormatter, useTranslations } from "next-intl";
import { DataTable, type Column } from "./data-table";
import { percent } from "./format";

export interface CountRow {
  key: string;
  count: number;
}

export interface CountTableProps {
  title: string;
  description?: string;
  rows: CountRow[];
  keyHeader: string;
  labels?: Record<string, string>;
  // Keys shown in a monospace font (error codes).
  codeKeys?: boolean;
  fileName: string;
  empty: string;
}

export function CountTable({ title, description, rows, keyHeader, labels = {}, codeKeys = false, fileName, empty }: CountTableProps) {
  const t = useTranslations("analytics");
  const format = useFormatter();
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const columns: Column<CountRow>[] = [
    { key: "key", header: keyHeader, value: (row) => labels[row.key] ?? row.key, cell: (row) => <span className={codeKeys ? "font-mono text-xs" : "font-medium"}>{labels[row.key] ?? row.key}</span> },
    { key: "code", header: t("table.code"), value: (row) => row.key, csvOnly: true },
    { key: "count", header: t("table.devices"), value: (row) => row.count, cell: (row) => format.number(row.count), numeric: true },
    {
      key: "share",
      header: t("table.share"),
      value: (row) => (total ? row.count / total : null),
      numeric: true,
      cell: (row) => (
        <span className="inline-flex items-center justify-end gap-2">
          <span className="hidden h-1.5 w-16 overflow-hidden rounded bg-slate-100 sm:inline-block" aria-hidden>
            <span className="block h-1.5 rounded bg-slate-400" style={{ width: `${total ? (100 * row.count) / total : 0}%` }} />
          </span>
          {percent(format, total ? row.count / total : null)}
        </span>
      ),
    },
  ];
  return <DataTable title={title} description={description} rows={rows} columns={columns} rowKey={(row) => row.key} fileName={fileName} initialSort={{ key: "count", direction: "desc" }} empty={empty} />;
}
