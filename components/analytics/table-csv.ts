// CSV of a table as shown: the visible columns' headers and raw values (rates as fractions 0..1),
// and the browser download of it.
import { toCsv } from "@/lib/analytics/csv";
import { sortRows, type SortDirection } from "./table-sort";

type CsvSource<T> = { key: string; header: string; value: (row: T) => string | number | null };

// The CSV text of `rows` under `columns` (lib/analytics/csv: RFC 4180, BOM, formula guard).
export function tableCsv<T>(rows: readonly T[], columns: ReadonlyArray<CsvSource<T>>): string {
  return toCsv(
    rows,
    columns.map((column) => ({ header: column.header, value: column.value })),
  );
}

// The rows in the table's current order (sorted by a column, or as loaded), as the CSV export writes them.
export function orderedRows<T>(
  rows: readonly T[],
  columns: ReadonlyArray<CsvSource<T>>,
  sort: { key: string; direction: SortDirection } | null,
  locale?: string,
): T[] {
  const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
  return column && sort ? sortRows(rows, column.value, sort.direction, locale) : [...rows];
}

// Saves `text` as a file in the browser (a Blob behind a temporary link).
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers start the download after click() returns; revoke a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
