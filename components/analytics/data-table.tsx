"use client";
// A titled analytics table: sortable columns (aria-sort on the header, a button per header) and an
// "Export CSV" button that writes exactly the rows and columns loaded, in the order shown. Headers
// wrap (long ones such as "Click-through rate" would otherwise push the last column out of a half-width
// card on a 1,400 px screen); the figures below them do not.
import { ArrowDown, ArrowUp, ArrowUpDown, Download } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { cn } from "@/lib/cn";
import { percent, type NumberFormatter } from "./format";
import { downloadCsv, orderedRows, tableCsv } from "./table-csv";
import { nextSort, type SortDirection } from "./table-sort";

// One column: `value` is what sorting and the CSV use; `cell` what the table shows (default: value).
export interface Column<T> {
  key: string;
  header: string;
  value: (row: T) => string | number | null;
  cell?: (row: T) => ReactNode;
  numeric?: boolean;
  sortable?: boolean;
  // A short note under the header (e.g. which denominator a rate uses).
  hint?: string;
  // In the CSV only (a detail the table shows inside another cell, such as a rate's basis).
  csvOnly?: boolean;
}

export interface DataTableProps<T> {
  title: string;
  description?: ReactNode;
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  // Without extension; ".csv" is added.
  fileName: string;
  initialSort?: { key: string; direction: SortDirection };
  empty: ReactNode;
  className?: string;
}

export function DataTable<T>({
  title,
  description,
  rows,
  columns,
  rowKey,
  fileName,
  initialSort,
  empty,
  className,
}: DataTableProps<T>) {
  const t = useTranslations("analytics.table");
  const locale = useLocale();
  const [sort, setSort] = useState(initialSort ?? null);
  const sorted = useMemo(() => orderedRows(rows, columns, sort, locale), [rows, columns, sort, locale]);
  const headingId = `table-${fileName}`;
  const shown = columns.filter((column) => !column.csvOnly);
  return (
    <section
      aria-labelledby={headingId}
      className={cn("min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm", className)}
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id={headingId} className="text-sm font-semibold text-slate-800">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-xs text-slate-500">{description}</p> : null}
        </div>
        <Button
          variant="secondary"
          size="sm"
          disabled={rows.length === 0}
          onClick={() => downloadCsv(`${fileName}.csv`, tableCsv(sorted, columns))}
          aria-label={t("exportLabel", { table: title })}
        >
          <Download className="size-4" aria-hidden />
          {t("export")}
        </Button>
      </header>
      {rows.length === 0 ? (
        <p className="px-4 py-8 text-center text-sm text-slate-500">{empty}</p>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <caption className="sr-only">{t("caption", { table: title })}</caption>
            <thead>
              <tr>
                {shown.map((column) => {
                  const active = sort?.key === column.key;
                  const Icon = !active ? ArrowUpDown : sort.direction === "asc" ? ArrowUp : ArrowDown;
                  return (
                    <Th
                      key={column.key}
                      aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}
                      className={cn("align-bottom normal-case tracking-normal", column.numeric && "text-right")}
                    >
                      {column.sortable === false ? (
                        column.header
                      ) : (
                        <button
                          type="button"
                          className={cn(
                            "inline-flex items-center gap-1 rounded hover:text-slate-900",
                            column.numeric && "flex-row-reverse",
                            active && "text-slate-900",
                          )}
                          onClick={() => setSort(nextSort(sort, column.key, column.numeric ? "desc" : "asc"))}
                        >
                          {column.header}
                          <Icon className={cn("size-3.5", !active && "text-slate-400")} aria-hidden />
                        </button>
                      )}
                      {column.hint ? (
                        <span className="block text-[11px] font-normal text-slate-400">{column.hint}</span>
                      ) : null}
                    </Th>
                  );
                })}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {sorted.map((row) => (
                <Tr key={rowKey(row)}>
                  {shown.map((column) => (
                    <Td key={column.key} className={cn(column.numeric && "text-right tabular-nums whitespace-nowrap")}>
                      {column.cell ? column.cell(row) : (column.value(row) ?? "—")}
                    </Td>
                  ))}
                </Tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </section>
  );
}

// A count column: the number, formatted, right-aligned.
export function countColumn<T extends Record<K, number>, K extends string>(
  format: NumberFormatter,
  key: K,
  header: string,
  csvOnly = false,
): Column<T> {
  return { key, header, value: (row) => row[key], cell: (row) => format.number(row[key]), numeric: true, csvOnly };
}

// A rate column (0..1, or null where there is no denominator) as a percentage.
export function rateColumn<T extends Record<K, number | null>, K extends string>(
  format: NumberFormatter,
  key: K,
  header: string,
): Column<T> {
  return { key, header, value: (row) => row[key], cell: (row) => percent(format, row[key]), numeric: true };
}

// A numeric cell's value with a small line under it (the basis of a rate, how many came back, an interval).
export function StackedValue({
  value,
  note,
  className = "font-medium",
}: {
  value: ReactNode;
  note?: ReactNode;
  className?: string;
}) {
  return (
    <span className="inline-flex flex-col items-end leading-tight">
      <span className={className}>{value}</span>
      {note ? <span className="text-[11px] text-slate-500">{note}</span> : null}
    </span>
  );
}

// A breakdown by key (funnel or count per variant, platform, error code): rows keyed by their key, the
// largest first by the named column.
export function BreakdownTable<R extends { key: string }>({
  sortBy,
  ...props
}: Omit<DataTableProps<R>, "rowKey" | "initialSort"> & { sortBy: string }) {
  return <DataTable {...props} rowKey={(row) => row.key} initialSort={{ key: sortBy, direction: "desc" }} />;
}
