// Sorting for the analytics tables: numbers numerically, text by the reader's language, and missing
// values (a rate with no denominator) always last whichever way the column is sorted.

export type SortValue = string | number | null | undefined;
export type SortDirection = "asc" | "desc";

// A copy of `rows` ordered by `value(row)`; ties keep their original order (stable).
export function sortRows<T>(
  rows: readonly T[],
  value: (row: T) => SortValue,
  direction: SortDirection,
  locale?: string,
): T[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: "base" });
  const sign = direction === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      const aMissing = a.key === null || a.key === undefined || (typeof a.key === "number" && Number.isNaN(a.key));
      const bMissing = b.key === null || b.key === undefined || (typeof b.key === "number" && Number.isNaN(b.key));
      if (aMissing || bMissing) return aMissing === bMissing ? a.index - b.index : aMissing ? 1 : -1;
      const order =
        typeof a.key === "number" && typeof b.key === "number"
          ? a.key - b.key
          : collator.compare(String(a.key), String(b.key));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map((entry) => entry.row);
}

// The direction a click on a column header leads to: a new column starts with `initial`
// (numbers read best biggest first), the same column flips.
export function nextSort(
  current: { key: string; direction: SortDirection } | null,
  key: string,
  initial: SortDirection,
): { key: string; direction: SortDirection } {
  if (current?.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: initial };
}
