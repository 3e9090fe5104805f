// A breaking alert sent over a few minutes, opened in its first hour, is charted per minute in its
// report (English and Chinese): the sends chart has a bar for each minute of the send, where the
// hourly rollups alone gave one bar.
import pg from "pg";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import enAnalytics from "../../messages/en/analytics.json";
import zhAnalytics from "../../messages/zh-CN/analytics.json";
import { seedSentCampaign } from "../support/analytics-seed";
import { chromiumArgs, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = inject("databaseUrl");
const texts = { en: enAnalytics, "zh-CN": zhAnalytics } as const;

let browser: Browser;
let client: pg.Client;
let app: { id: string; timezone: string };
let campaignId = "";
let closeServerModules: () => Promise<void> = async () => undefined;

async function admin(locale: "en" | "zh-CN"): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 } });
  const page = await signIn(context, inject("adminEmail"), inject("adminPassword"));
  page.setDefaultTimeout(30_000);
  if (locale === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
  return page;
}

describe.skipIf(!chromiumPath)("a short send's report", () => {
  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    app = (
      await client.query<{ id: string; timezone: string }>(
        `select id, timezone from "App" where name = 'Herald Demo News'`,
      )
    ).rows[0]!;
    // Queued over five minutes from 40 minutes ago, each sent a minute after it was queued.
    campaignId = await seedSentCampaign(client, app.id, {
      name: "E2E minute alert",
      type: "news",
      startedAt: new Date(Date.now() - 40 * 60_000),
      variants: [{ key: "A", openRate: 0.3 }],
      seed: 12,
    });
    // Rolled up as the worker's rollup pass would.
    process.env.DATABASE_URL = databaseUrl;
    const { rollupCampaign } = await import("@/server/analytics/rollup");
    await rollupCampaign(campaignId);
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

  for (const locale of ["en", "zh-CN"] as const) {
    it(`shows one bar per minute of the send (${locale})`, async () => {
      const minutes = await client.query<{ n: number }>(
        `select count(distinct date_trunc('minute', "sentAt"))::int as n from "Delivery" where "campaignId" = $1`,
        [campaignId],
      );
      expect(minutes.rows[0]!.n).toBeGreaterThanOrEqual(3);
      const page = await admin(locale);
      await page.goto(`/campaigns/${campaignId}/report?tz=${encodeURIComponent(app.timezone)}`);
      const chart = page.getByRole("img", { name: texts[locale].report.sendsChart.replace("{zone}", app.timezone) });
      await chart.waitFor();
      // The first bar series is the sends; a bar with sends has a drawn rectangle of some height.
      const sends = chart.locator(".recharts-bar").first().locator("path.recharts-rectangle");
      await expect.poll(() => sends.count()).toBeGreaterThan(0);
      const heights = await sends.evaluateAll((paths) =>
        paths.map((p) => (p as SVGGraphicsElement).getBBox().height).filter((h) => h > 0),
      );
      expect(heights.length).toBe(minutes.rows[0]!.n);
      await page.context().close();
    });
  }
});
