// The analytics tables sort the way readers expect (numbers by value, missing rates last, text by
// the reader's language) and export exactly the rows in the order shown, with the real column
// headers of each language, raw numbers, the open-rate basis, and text a spreadsheet cannot run.
import { createFormatter, createTranslator } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { countColumns } from "@/components/analytics/count-table";
import { FunnelTable, funnelColumns } from "@/components/analytics/funnel-table";
import { TopCampaignsTable } from "@/components/analytics/overview/top-campaigns-table";
import { orderedRows, tableCsv } from "@/components/analytics/table-csv";
import { nextSort, sortRows } from "@/components/analytics/table-sort";
import { loadMessages } from "@/i18n/messages";
import type { Locale } from "@/lib/locales";
import type { FunnelRow } from "@/lib/analytics/types";
import { renderWithMessages } from "../support/render-intl";

// Small local sample rows (test data only).
const funnel = (
  key: string,
  sent: number,
  received: number,
  opened: number,
  basis: "received" | "sent" = "received",
): FunnelRow => ({
  key,
  targeted: sent + 10,
  suppressed: 10,
  sent,
  failed: 0,
  queued: 0,
  received,
  opened,
  clicked: Math.floor(opened / 2),
  dismissed: 0,
  openRate: (basis === "received" ? received : sent) ? opened / (basis === "received" ? received : sent) : null,
  openRateBasis: basis,
  clickThroughRate: opened ? Math.floor(opened / 2) / (basis === "received" ? received : sent) : null,
});

async function tools(locale: Locale) {
  const messages = await loadMessages(locale);
  const t = createTranslator({ locale, messages, namespace: "analytics" });
  const format = createFormatter({ locale, timeZone: "UTC" });
  return { t: (key: string, values?: Record<string, string | number>) => t(key as never, values as never), format };
}

describe("sortRows", () => {
  it("orders numbers by value, keeps missing values last both ways, and is stable", () => {
    const rows = [
      { id: "a", v: 2 },
      { id: "b", v: null },
      { id: "c", v: 10 },
      { id: "d", v: 2 },
    ];
    expect(sortRows(rows, (r) => r.v, "desc").map((r) => r.id)).toEqual(["c", "a", "d", "b"]);
    expect(sortRows(rows, (r) => r.v, "asc").map((r) => r.id)).toEqual(["a", "d", "c", "b"]);
  });

  it("orders text numerically where it holds numbers (Variant 2 before Variant 10)", () => {
    const rows = ["Variant 10", "Variant 2", "variant 1"].map((name) => ({ name }));
    expect(sortRows(rows, (r) => r.name, "asc", "en").map((r) => r.name)).toEqual([
      "variant 1",
      "Variant 2",
      "Variant 10",
    ]);
  });

  it("a click on a new column starts with its default direction, on the same column flips it", () => {
    expect(nextSort(null, "sent", "desc")).toEqual({ key: "sent", direction: "desc" });
    expect(nextSort({ key: "sent", direction: "desc" }, "sent", "desc")).toEqual({ key: "sent", direction: "asc" });
    expect(nextSort({ key: "sent", direction: "asc" }, "name", "asc")).toEqual({ key: "name", direction: "asc" });
  });
});

describe("CSV export of a funnel breakdown", () => {
  const rows = [funnel("A", 100, 80, 20), funnel("B", 300, 0, 0, "sent"), funnel("=HYPERLINK(x)", 200, 150, 60)];

  it("writes the rows in the shown order with the English headers, raw figures and the basis", async () => {
    const { t, format } = await tools("en");
    const columns = funnelColumns(t, format, { keyHeader: "Variant", counts: ["sent", "received", "opened"] });
    const csv = tableCsv(orderedRows(rows, columns, { key: "openRate", direction: "desc" }, "en"), columns);
    expect(csv).toBe(
      "\uFEFFVariant,Sent,Received,Opened,Open rate,Open rate basis,Click-through rate\r\n" +
        "'=HYPERLINK(x),200,150,60,0.4,received,0.2\r\n" +
        "A,100,80,20,0.25,received,0.125\r\n" +
        // No opens out of 300 sends: a rate of 0, not a missing one.
        "B,300,0,0,0,sent,\r\n",
    );
  });

  it("uses the Chinese headers and the translated keys in Chinese", async () => {
    const { t, format } = await tools("zh-CN");
    const columns = funnelColumns(t, format, { keyHeader: "平台", labels: { A: "安卓, 国内" }, counts: ["sent"] });
    const csv = tableCsv(orderedRows([rows[0]!], columns, null), columns);
    expect(csv.split("\r\n")[0]).toBe("\uFEFF平台,已发送,打开率,打开率分母,点击率");
    expect(csv.split("\r\n")[1]).toBe('"安卓, 国内",100,0.25,received,0.125');
  });

  it("a count table exports the label, the raw code, the count and the share", async () => {
    const { t, format } = await tools("en");
    const counts = [
      { key: "quiet_hours", count: 30 },
      { key: "cap", count: 90 },
    ];
    const columns = countColumns(t, format, counts, {
      keyHeader: "Reason",
      labels: { quiet_hours: "Quiet hours", cap: "Frequency cap" },
    });
    expect(tableCsv(orderedRows(counts, columns, { key: "count", direction: "desc" }), columns)).toBe(
      "\uFEFFReason,Code,Devices,Share\r\nFrequency cap,cap,90,0.75\r\nQuiet hours,quiet_hours,30,0.25\r\n",
    );
  });
});

describe("FunnelTable and TopCampaignsTable markup", () => {
  it("shows the rows sorted by sends, the sorted header, the basis of each rate and a caption (English)", async () => {
    const html = await renderWithMessages(
      "en",
      createElement(FunnelTable, {
        title: "By platform",
        rows: [funnel("ios", 50, 0, 5, "sent"), funnel("android", 120, 100, 30)],
        labels: { ios: "iOS", android: "Android" },
        keyHeader: "Platform",
        fileName: "platforms",
        empty: "Nothing",
      }),
    );
    expect(html.indexOf("Android")).toBeLessThan(html.indexOf("iOS"));
    expect(html).toMatch(/<th[^>]*aria-sort="descending"[^>]*>.*?Sent/);
    expect(html).toContain('<caption class="sr-only">By platform. Select a column header to sort.</caption>');
    expect(html).toContain("30%");
    expect(html).toContain("of receipts");
    expect(html).toContain("of sends");
    expect(html).toContain('aria-label="Export CSV: By platform"');
    // The basis is its own CSV column, not a table column.
    expect(html).not.toContain("Open rate basis");
  });

  it("an empty table says so and cannot export", async () => {
    const html = await renderWithMessages(
      "en",
      createElement(FunnelTable, {
        title: "By variant",
        rows: [],
        keyHeader: "Variant",
        fileName: "variants",
        empty: "Nothing to show yet.",
      }),
    );
    expect(html).toContain("Nothing to show yet.");
    expect(html).not.toContain("<table");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*aria-label="Export CSV: By variant"/);
  });

  it("links each top campaign to its report and translates its type (Chinese)", async () => {
    const rows = [
      {
        id: "11111111-1111-4111-8111-111111111111",
        name: "台风预警",
        type: "news" as const,
        sent: 1200,
        opened: 300,
        openRate: 0.25,
      },
      {
        id: "22222222-2222-4222-8222-222222222222",
        name: "Plus 6 折",
        type: "promotion" as const,
        sent: 5000,
        opened: 400,
        openRate: 0.08,
      },
    ];
    const html = await renderWithMessages("zh-CN", createElement(TopCampaignsTable, { rows, query: "app=x&range=30" }));
    expect(html).toContain('href="/campaigns/11111111-1111-4111-8111-111111111111/report?app=x&amp;range=30"');
    expect(html.indexOf("Plus 6 折")).toBeLessThan(html.indexOf("台风预警"));
    expect(html).toContain("促销");
    expect(html).toContain("热门活动");
    expect(html).toContain("导出 CSV");
  });
});

describe("analytics messages", () => {
  // Every message of the namespace, in both languages, formats (ICU syntax, "<" and ">" in bucket
  // labels and p-value sentences are text, not tags) and the two languages have the same keys.
  it("format in English and Chinese with the same keys", async () => {
    const keysOf = (node: Record<string, unknown>, prefix = ""): string[] =>
      Object.entries(node).flatMap(([key, value]) =>
        typeof value === "object" && value
          ? keysOf(value as Record<string, unknown>, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    const values = {
      count: 2,
      days: 7,
      zone: "UTC",
      app: "Demo",
      rate: "25%",
      value: "+1.0",
      low: "-0.5",
      high: "2.5",
      level: "0.05",
      variant: "A",
      best: "A",
      hours: 72,
      devices: "10",
      reactivated: "3",
      treated: "8",
      holdout: "2",
      table: "T",
      name: "N",
      at: "now",
      id: "x",
      code: "E",
      currency: "USD",
      run: 2,
      cohort: "7–30",
      month: "2026-11",
      share: "50%",
      targeted: "10",
      failed: "0",
      clicks: "1",
      queued: "0",
      dismissed: "0",
      basis: "of sends",
      runs: 2,
      through: "2019-03-10",
      deliveries: "2019-04-01",
      events: "2019-04-01",
    };
    const seen: Record<string, string[]> = {};
    for (const locale of ["en", "zh-CN"] as const) {
      const messages = await loadMessages(locale);
      const t = createTranslator({
        locale,
        messages,
        namespace: "analytics",
        onError: (error) => {
          throw error;
        },
      });
      seen[locale] = keysOf(messages.analytics as Record<string, unknown>).sort();
      for (const key of seen[locale]!)
        // markup: a message may quote a code with <c>…</c> (the trace's error line).
        expect(
          t.markup(key as never, { ...values, c: (chunks: string) => chunks } as never),
          `${locale} ${key}`,
        ).not.toMatch(/^analytics\./);
    }
    expect(seen["zh-CN"]).toEqual(seen.en);
    const { t } = await tools("en");
    expect(t("timeToOpen.buckets.<1m")).toBe("< 1 min");
    expect(t("ab.winnerBody", { variant: "B", level: "0.05" })).toContain("(p < 0.05)");
  });
});
