// CSV export of table rows: RFC 4180 (CRLF line ends, fields quoted when they hold a comma, quote,
// CR or LF, quotes doubled), with a UTF-8 byte order mark so Excel reads non-ASCII text correctly.
// Text cells are typed by staff and devices (campaign names, tags), so a spreadsheet must never run one
// as a formula (OWASP's CSV injection advice): a cell starting with a trigger (=, +, -, @, tab, CR) gets
// a leading apostrophe, and so does every piece of it that starts with a trigger after a separator
// some spreadsheet may split on (, ; tab |), e.g. `semi;=1+1;x`; such cells are always quoted, so a
// reader that honours quotes keeps them whole. Numbers stay numbers.

// One column of an export: its header and how to read the cell from a row.
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined | Date;
}

export const CSV_BOM = "\uFEFF";

const formulaStart = /^[=+\-@\t\r]/;
const formulaAfterSeparator = /([,;|\t][ \u00a0]*)([=+\-@\t\r])/g;

function neutralise(value: string): string {
  const inner = value.replace(formulaAfterSeparator, "$1'$2");
  return formulaStart.test(inner) ? `'${inner}` : inner;
}

function cell(value: string | number | boolean | null | undefined | Date): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "number") text = Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "boolean") text = String(value);
  else text = neutralise(value);
  return /[",;|\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The whole file as text: BOM, header line, one line per row, CRLF after every line.
export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(","));
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}
