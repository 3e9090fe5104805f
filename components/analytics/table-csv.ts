// CSV of a table as shown: the visible columns' headers and raw values (rates as fractions 0..1),
// and the browser download of it.
import { toCsv } from "@/lib/analytics/csv";

// The CSV text of `rows` under `columns` (lib/analytics/csv: RFC 4180, BOM, formula guard).
export function tableCsv<T>(rows: readonly T[], columns: ReadonlyArray<{ header: string; value: (row: T) => string | number | null }>): string {
  return toCsv(rows, columns.map((column) => ({ header: column.header, value: column.value })));
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
