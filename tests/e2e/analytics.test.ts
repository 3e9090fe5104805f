// Analytics in a real browser against the production build: an analyst reads the overview of the
// demo app and switches its range, opens a campaign's report (from the overview and from the
// campaign page), exports a table as CSV, reads the split by phone maker and the makers' cap among the
// suppressions, traces one device, and reads the overview in Chinese.
// Deliveries and device events are written straight to the test database (a sent A/B promotion two
// days ago and a news alert twenty days ago) and rolled up as the worker would; every figure the
// pages show is checked against a count of those raw rows.
import { readFile } from "node:fs/promises";
import pg from "pg";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readRange } from "@/lib/analytics/range-params";
import { chromiumArgs, signIn } from "../support/browser";
import { seedSentCampaign } from "../support/analytics-seed";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = inject("databaseUrl");
const DAY = 86_400_000;

let browser: Browser;
let client: pg.Client;
let app: { id: string; timezone: string };
let promo: string;
let news: string;
let closeServerModules: () => Promise<void> = async () => undefined;

// Sends of the app's campaigns inside a range, straight from the Delivery rows.
async function sendsIn(range: { from: string; to: string }): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from "Delivery" d join "Campaign" c on c.id = d."campaignId"
      where c."appId" = $1 and d."sentAt" >= ($2::timestamptz at time zone 'UTC')
        and d."sentAt" < ($3::timestamptz at time zone 'UTC')`,
    [app.id, range.from, range.to],
  );
  return rows[0]!.n;
}

// Per variant of a campaign: devices targeted, sent, received and opened, from the raw rows.
async function variantCounts(campaignId: string) {
  const { rows } = await client.query<{
    key: string;
    targeted: number;
    sent: number;
    received: number;
    opened: number;
  }>(
    `select coalesce("variantKey", 'holdout') as key, count(*)::int as targeted, count("sentAt")::int as sent,
       count("deliveredAt")::int as received, count("openedAt")::int as opened
       from "Delivery" where "campaignId" = $1 group by 1 order by 1`,
    [campaignId],
  );
  return rows;
}

const figure = async (page: Page, testId: string) =>
  Number(((await page.getByTestId(testId).locator("dd").first().textContent()) ?? "").replace(/[^\d.]/g, ""));

// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF after every line).
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(field);
      field = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else {
      field += c;
    }
  }
  return rows;
}

async function analyst(locale: "en" | "zh-CN" = "en"): Promise<{ context: BrowserContext; page: Page }> {
  // Signed in through the English form; the Chinese UI is then chosen the way the language menu keeps it.
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1440, height: 1000 },
    locale: "en-US",
    acceptDownloads: true,
  });
  const page = await signIn(context, "analyst@herald.local", inject("adminPassword"));
  page.setDefaultTimeout(30_000);
  if (locale === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
  return { context, page };
}

describe.skipIf(!chromiumPath)("analytics pages", () => {
  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    app = (
      await client.query<{ id: string; timezone: string }>(
        `select id, timezone from "App" where name = 'Herald Demo News'`,
      )
    ).rows[0]!;
    const now = Date.now();
    promo = await seedSentCampaign(client, app.id, {
      name: "E2E spring sale",
      type: "promotion",
      startedAt: new Date(now - 2 * DAY),
      variants: [
        { key: "A", openRate: 0.4 },
        { key: "B", openRate: 0.12 },
      ],
      holdoutPercent: 10,
      seed: 7,
    });
    news = await seedSentCampaign(client, app.id, {
      name: "E2E older news alert",
      type: "news",
      startedAt: new Date(now - 20 * DAY),
      variants: [{ key: "A", openRate: 0.3 }],
      seed: 8,
    });
    // Roll up as the worker's rollup pass would (this process talks to the test database directly).
    process.env.DATABASE_URL = databaseUrl;
    const { rollupDirty } = await import("@/server/analytics/rollup");
    expect(await rollupDirty(50)).toBeGreaterThanOrEqual(2);
    const [{ sqlPool }, { db }] = await Promise.all([import("@/server/sql"), import("@/server/db")]);
    closeServerModules = async () => {
      await sqlPool().end();
      await db.$disconnect();
    };
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await client?.end();
    await closeServerModules();
  });

  it("an analyst opens the overview of the demo app and switches the range", async () => {
    const { context, page } = await analyst();
    await page.getByRole("link", { name: "Analytics" }).click();
    await page.getByRole("heading", { level: 1, name: "Analytics" }).waitFor();
    const picker = page.getByLabel("Switch app");
    if ((await picker.inputValue()) !== app.id) {
      await picker.selectOption(app.id);
      await page.waitForURL(new RegExp(`app=${app.id}`));
    }
    // Last 30 days by default: both campaigns.
    await expect.poll(() => page.getByRole("radio", { name: "30 days" }).getAttribute("aria-checked")).toBe("true");
    const month = readRange({ range: "30" }, app.timezone);
    expect(await figure(page, "kpi-sent")).toBe(await sendsIn(month.range));
    expect(await figure(page, "kpi-sent")).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".recharts-surface").count()).toBeGreaterThanOrEqual(2);
    const top = page.getByRole("region", { name: "Top campaigns" });
    expect(await top.getByRole("link", { name: "E2E older news alert" }).getAttribute("href")).toMatch(
      new RegExp(`^/campaigns/${news}/report\\?app=`),
    );

    // Last 7 days: only the promotion of two days ago.
    await page.getByRole("radio", { name: "7 days" }).click();
    await page.waitForURL(/range=7/);
    await expect.poll(() => top.getByRole("link", { name: "E2E older news alert" }).count()).toBe(0);
    const week = readRange({ range: "7" }, app.timezone);
    const weekSends = await sendsIn(week.range);
    expect(weekSends).toBeLessThan(await sendsIn(month.range));
    expect(await figure(page, "kpi-sent")).toBe(weekSends);
    await expect(top.getByRole("link", { name: "E2E spring sale" }).isVisible()).resolves.toBe(true);

    // Sorting a column marks it for screen readers.
    const openedHeader = top.getByRole("columnheader", { name: /Opened/ });
    await openedHeader.getByRole("button").click();
    expect(await openedHeader.getAttribute("aria-sort")).toBe("descending");
    await context.close();
  });

  it("opens a campaign report and exports its variants as CSV", async () => {
    const { context, page } = await analyst();
    await page.goto(`/analytics?app=${app.id}&range=7`);
    await page.getByRole("region", { name: "Top campaigns" }).getByRole("link", { name: "E2E spring sale" }).click();
    await page.waitForURL(new RegExp(`/campaigns/${promo}/report`));
    await page.getByRole("heading", { level: 1, name: "Report: E2E spring sale" }).waitFor();

    const variants = await variantCounts(promo);
    const sum = (key: "targeted" | "sent" | "opened") => variants.reduce((n, v) => n + v[key], 0);
    const step = async (name: string) =>
      Number(
        ((await page.getByTestId(`funnel-${name}`).locator(":scope > span").nth(2).textContent()) ?? "").replace(
          /,/g,
          "",
        ),
      );
    expect(await step("targeted")).toBe(sum("targeted"));
    expect(await step("sent")).toBe(sum("sent"));
    expect(await step("opened")).toBe(sum("opened"));
    expect(await page.getByTestId("open-rate-basis").textContent()).toMatch(
      /Open rate = unique opens ÷ (receipts|sends)/,
    );
    expect(await page.getByTestId("ab-verdict").textContent()).toBe("Winner: variant A");
    await page.getByRole("heading", { name: /Re-activation of users dormant 30\+ days/ }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV: By variant" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("E2E-spring-sale-variants.csv");
    const text = await readFile((await download.path())!, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
      "Variant",
      "Targeted",
      "Sent",
      "Failed",
      "Received",
      "Opened",
      "Clicked",
      "Open rate",
      "Open rate basis",
      "Click-through rate",
    ]);
    const byName = new Map(rows.map((row) => [row[0], row]));
    for (const v of variants) {
      const row = byName.get(v.key === "holdout" ? "Holdout (no push)" : `Variant ${v.key}`)!;
      expect(row, v.key).toBeDefined();
      expect([row[1], row[2], row[4], row[5]].map(Number)).toEqual([v.targeted, v.sent, v.received, v.opened]);
    }
    // Shown sorted by sends, largest first: the file keeps that order.
    expect(rows.map((row) => Number(row[2]))).toEqual([...rows.map((row) => Number(row[2]))].sort((a, b) => b - a));

    // The campaign page links to the same report.
    await page.goto(`/campaigns/${promo}`);
    await page.getByRole("link", { name: "Report", exact: true }).click();
    await page.waitForURL(new RegExp(`/campaigns/${promo}/report$`));
    await context.close();
  });

  it("splits a report by phone maker (CSV too); the overview lists the makers' cap among suppressions", async () => {
    const { context, page } = await analyst();
    const { rows: makers } = await client.query<{ maker: string; sent: number; received: number; opened: number }>(
      `select coalesce(v.maker::text, 'unknown') as maker, count(d."sentAt")::int as sent,
              count(d."deliveredAt")::int as received, count(d."openedAt")::int as opened
         from "Delivery" d join "Device" v on v.id = d."deviceId" where d."campaignId" = $1 group by 1`,
      [promo],
    );
    expect(makers.length).toBeGreaterThan(1);
    await page.goto(`/campaigns/${promo}/report`);
    await page.getByRole("heading", { level: 1, name: "Report: E2E spring sale" }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV: By phone maker" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("E2E-spring-sale-makers.csv");
    const [header, ...rows] = parseCsv((await readFile((await download.path())!, "utf8")).slice(1));
    expect(header!.slice(0, 6)).toEqual(["Phone maker", "Sent", "Failed", "Received", "Opened", "Clicked"]);
    const labels: Record<string, string> = {
      huawei: "Huawei",
      honor: "Honor",
      xiaomi: "Xiaomi",
      oppo: "OPPO",
      vivo: "vivo",
      other: "Other makers",
      unknown: "Not reported",
    };
    const shown = new Map(rows.map((row) => [row[0], [row[1], row[3], row[4]].map(Number)]));
    for (const m of makers) expect(shown.get(labels[m.maker]!), m.maker).toEqual([m.sent, m.received, m.opened]);

    // The overview of the last 7 days (the promotion only): suppressions by reason, the makers' cap among them.
    const { rows: reasons } = await client.query<{ reason: string; n: number }>(
      `select reason::text, count(*)::int as n from "Delivery" where "campaignId" = $1 and status = 'suppressed'
        group by 1`,
      [promo],
    );
    const quota = reasons.find((r) => r.reason === "vendor_quota")?.n ?? 0;
    expect(quota).toBeGreaterThan(0);
    await page.goto(`/analytics?app=${app.id}&range=7`);
    const table = page.getByRole("region", { name: "Suppressions by reason" });
    const row = table.getByRole("row").filter({ hasText: "Phone maker's daily marketing cap reached" });
    expect(Number(((await row.getByRole("cell").nth(1).textContent()) ?? "").replace(/,/g, ""))).toBe(quota);
    await page.getByRole("region", { name: "By phone maker" }).waitFor();
    await context.close();
  });

  it("traces a device by its installation ID, and says when there is none", async () => {
    const { context, page } = await analyst();
    const { rows } = await client.query<{ installationId: string; providerMessageId: string }>(
      `select v."installationId", d."providerMessageId" from "Delivery" d join "Device" v on v.id = d."deviceId"
        where d."campaignId" = $1 and d."openedAt" is not null order by v."installationId" limit 1`,
      [promo],
    );
    const device = rows[0]!;
    await page.goto(`/analytics?app=${app.id}`);
    await page.getByRole("link", { name: "Device trace" }).click();
    await page.getByRole("heading", { name: "Trace a device" }).waitFor();
    await page.getByLabel("Installation ID").fill(device.installationId);
    await page.getByRole("button", { name: "Trace", exact: true }).click();
    await page.waitForURL(/installationId=/);
    expect(await page.getByTestId("trace-installation").textContent()).toBe(device.installationId);
    const delivery = page.getByTestId("trace-delivery").filter({ hasText: "E2E spring sale" });
    await delivery.waitFor();
    for (const step of ["targeted", "queued", "sent", "received", "opened"])
      expect(await delivery.getByTestId(`step-${step}`).count(), step).toBe(1);
    expect(await delivery.getByTestId("step-sent").textContent()).toContain(
      `Provider message ID: ${device.providerMessageId}`,
    );

    await page.getByLabel("Installation ID").fill("00000000-0000-4000-8000-000000000000");
    await page.getByRole("button", { name: "Trace", exact: true }).click();
    await page.getByRole("heading", { name: "No such installation" }).waitFor();
    await context.close();
  });

  it("renders the overview and the re-activation report in Chinese", async () => {
    const { context, page } = await analyst("zh-CN");
    await page.goto(`/analytics?app=${app.id}&range=30`);
    await page.getByRole("heading", { level: 1, name: "数据分析" }).waitFor();
    expect(await page.getByTestId("kpi-sent").locator("dt").textContent()).toBe("已发送");
    expect(await figure(page, "kpi-sent")).toBe(await sendsIn(readRange({ range: "30" }, app.timezone).range));
    await page.getByRole("radio", { name: "90 天" }).waitFor();
    await page.getByRole("region", { name: "热门活动" }).getByRole("button", { name: "导出 CSV：热门活动" }).waitFor();
    await expect
      .poll(() => page.locator(".recharts-legend-item-text", { hasText: "已发送" }).count())
      .toBeGreaterThan(0);
    await page.getByRole("link", { name: "用户召回" }).click();
    await page.getByRole("heading", { name: "衡量方法" }).waitFor();
    await context.close();
  });
});
