// CSV exports: RFC 4180 quoting, CRLF, a UTF-8 BOM for Excel, formula-looking text defused, and the
// analytics date ranges.
import { describe, expect, it } from "vitest";
import { CSV_BOM, toCsv } from "@/lib/analytics/csv";
import { lastDaysRange, localDays } from "@/lib/analytics/range";

interface Row {
  name: string;
  count: number;
  rate: number | null;
  at?: Date;
}

const columns = [
  { header: "Name", value: (r: Row) => r.name },
  { header: "Count", value: (r: Row) => r.count },
  { header: "Open rate", value: (r: Row) => r.rate },
];

describe("toCsv", () => {
  it("defuses a formula after any separator a spreadsheet may split on, and quotes that cell", () => {
    const row = (name: string) =>
      toCsv<Row>([{ name, count: 1, rate: null }], columns)
        .slice(1)
        .split("\r\n")[1];
    expect(row("semi;=1+1;x")).toBe(`"semi;'=1+1;x",1,`);
    expect(row("a|@SUM(A1)")).toBe(`"a|'@SUM(A1)",1,`);
    expect(row("tab\t-2+3")).toBe(`"tab\t'-2+3",1,`);
    expect(row("Sale, +1 more")).toBe(`"Sale, '+1 more",1,`);
    expect(row("=HYPERLINK(1);=2")).toBe(`"'=HYPERLINK(1);'=2",1,`);
    // Separators alone, or followed by ordinary text, change nothing but the quoting.
    expect(row("a;b")).toBe(`"a;b",1,`);
    expect(row("plain")).toBe("plain,1,");
  });

  it("writes a BOM, a header and CRLF-terminated rows", () => {
    const text = toCsv<Row>(
      [
        { name: "Spring sale", count: 3, rate: 0.25 },
        { name: "新闻", count: 0, rate: null },
      ],
      columns,
    );
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.slice(1)).toBe("Name,Count,Open rate\r\nSpring sale,3,0.25\r\n新闻,0,\r\n");
    expect(Buffer.from(text, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("quotes fields with commas, quotes and line breaks, doubling quotes", () => {
    const text = toCsv<Row>(
      [
        { name: 'Say "hi", then\nleave', count: 1, rate: 1 },
        { name: "a\rb", count: 2, rate: 0 },
      ],
      columns,
    );
    expect(text.slice(1).split("\r\n").slice(1).join("|")).toBe('"Say ""hi"", then\nleave",1,1|"a\rb",2,0|');
  });

  it("defuses text a spreadsheet would run as a formula, but not numbers", () => {
    const text = toCsv<Row>(
      [
        { name: '=HYPERLINK("x")', count: -5, rate: null },
        { name: "@sum", count: 1, rate: null },
        { name: "-1", count: 1, rate: null },
      ],
      columns,
    );
    const lines = text.slice(1).split("\r\n");
    expect(lines[1]).toBe('"\'=HYPERLINK(""x"")",-5,');
    expect(lines[2]).toBe("'@sum,1,");
    expect(lines[3]).toBe("'-1,1,");
  });

  it("writes dates as ISO, non-finite numbers and nulls as empty, and an empty table as its header", () => {
    const cols = [
      { header: "At", value: (r: Row) => r.at },
      { header: "N", value: (r: Row) => r.count },
      { header: "Flag", value: () => true },
    ];
    expect(
      toCsv<Row>([{ name: "", count: Number.NaN, rate: null, at: new Date("2026-01-02T03:04:05Z") }], cols).slice(1),
    ).toBe("At,N,Flag\r\n2026-01-02T03:04:05.000Z,,true\r\n");
    expect(toCsv<Row>([], columns)).toBe(`${CSV_BOM}Name,Count,Open rate\r\n`);
  });
});

describe("analytics ranges", () => {
  it("starts the last N days at local midnight and lists each local day", () => {
    const now = new Date("2026-03-30T10:00:00Z");
    const range = lastDaysRange(7, "Europe/Berlin", now);
    // 2026-03-24 00:00 in Berlin is 23:00 UTC the day before (CET, before the switch on the 29th);
    // the range ends at the end of today, 2026-03-31 00:00 in Berlin = 22:00 UTC (CEST).
    expect(range).toEqual({
      from: "2026-03-23T23:00:00.000Z",
      to: "2026-03-30T22:00:00.000Z",
      timeZone: "Europe/Berlin",
    });
    expect(localDays(range)).toEqual([
      "2026-03-24",
      "2026-03-25",
      "2026-03-26",
      "2026-03-27",
      "2026-03-28",
      "2026-03-29",
      "2026-03-30",
    ]);
    expect(lastDaysRange(30, "Not/AZone", now).timeZone).toBe("UTC");
    expect(localDays(lastDaysRange(90, "Asia/Shanghai", now))).toHaveLength(90);
  });
});
