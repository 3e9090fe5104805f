// The seeded demo data adds up in the browser, in English and Chinese: the completed breaking alert
// "Typhoon warning…" shows the same non-zero targeted and sent counts on its campaign page, its
// report and the Analytics overview, and those are the counts of its Delivery rows.
import pg from "pg";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import enAnalytics from "../../messages/en/analytics.json";
import zhAnalytics from "../../messages/zh-CN/analytics.json";
import { chromiumArgs, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = inject("databaseUrl");
const typhoon = "Typhoon warning raised to red for Shanghai";
const texts = { en: enAnalytics, "zh-CN": zhAnalytics } as const;

let browser: Browser;
let appId = "";
let campaignId = "";
let rows = { targeted: 0, sent: 0 };

const number = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

async function admin(locale: "en" | "zh-CN"): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 } });
  const page = await signIn(context, inject("adminEmail"), inject("adminPassword"));
  page.setDefaultTimeout(30_000);
  if (locale === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
  return page;
}

describe.skipIf(!chromiumPath)("the seeded demo data", () => {
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const campaign = await client.query<{ id: string; appId: string }>(
        `select id, "appId" from "Campaign" where name = $1`,
        [typhoon],
      );
      ({ id: campaignId, appId } = campaign.rows[0]!);
      const counts = await client.query<{ targeted: number; sent: number }>(
        `select count(*)::int as targeted, count(*) filter (where status in ('sent', 'delivered'))::int as sent
           from "Delivery" where "campaignId" = $1`,
        [campaignId],
      );
      rows = counts.rows[0]!;
    } finally {
      await client.end();
    }
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("has Delivery rows for the completed alert", () => {
    expect(rows.targeted).toBeGreaterThan(0);
    expect(rows.sent).toBeGreaterThan(0);
  });

  for (const locale of ["en", "zh-CN"] as const) {
    it(`shows the same targeted and sent on the campaign page, the report and Analytics (${locale})`, async () => {
      const page = await admin(locale);
      await page.goto(`/campaigns/${campaignId}`);
      await page.getByRole("heading", { level: 1, name: typhoon }).waitFor();
      const targeted = number(await page.getByTestId("progress-targeted").textContent());
      const sent = number(await page.getByTestId("progress-sent").textContent());
      expect({ targeted, sent }).toEqual(rows);

      await page.goto(`/campaigns/${campaignId}/report?app=${appId}&range=30`);
      const step = async (name: string) =>
        number(await page.getByTestId(`funnel-${name}`).locator(":scope > span").nth(2).textContent());
      await page.getByTestId("funnel-targeted").waitFor();
      expect({ targeted: await step("targeted"), sent: await step("sent") }).toEqual(rows);

      await page.goto(`/analytics?app=${appId}&range=7`);
      const top = page.getByRole("region", { name: texts[locale].overview.topCampaigns });
      const row = top.getByRole("row").filter({ has: page.getByRole("link", { name: typhoon }) });
      await row.waitFor();
      // Columns: campaign, type, sent, opened, open rate.
      expect(number(await row.getByRole("cell").nth(2).textContent())).toBe(rows.sent);
      expect(await page.getByText(texts[locale].overview.noCampaigns).count()).toBe(0);
      await page.context().close();
    });
  }
});
