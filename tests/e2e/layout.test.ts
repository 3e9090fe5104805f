// Layout at a laptop's 1,400 px, in English and Chinese: the Devices list's last column ("Status")
// and the last column of every Analytics table (overview and a campaign report) are in view without
// scrolling sideways; and every page has an icon that answers.
import pg from "pg";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import enDevices from "../../messages/en/devices.json";
import zhDevices from "../../messages/zh-CN/devices.json";
import { chromiumArgs, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = inject("databaseUrl");
const WIDTH = 1400;

let browser: Browser;
let appId = "";
let campaignId = "";

async function admin(locale: "en" | "zh-CN"): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: WIDTH, height: 900 } });
  const page = await signIn(context, inject("adminEmail"), inject("adminPassword"));
  page.setDefaultTimeout(30_000);
  if (locale === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
  return page;
}

// The header's right edge is inside its scroll container's visible width, the container needs no
// sideways scrolling, and neither does the page.
async function expectInView(page: Page, header: Locator, what: string) {
  const box = await header.boundingBox();
  expect(box, what).not.toBeNull();
  const frame = await header.evaluate((th) => {
    let el: HTMLElement | null = th.parentElement;
    while (el && getComputedStyle(el).overflowX === "visible") el = el.parentElement;
    const rect = (el ?? document.documentElement).getBoundingClientRect();
    return {
      left: rect.left,
      clientWidth: (el ?? document.documentElement).clientWidth,
      scrollWidth: (el ?? document.documentElement).scrollWidth,
      pageScrollWidth: document.documentElement.scrollWidth,
      pageWidth: document.documentElement.clientWidth,
    };
  });
  expect(box!.x + box!.width, `${what}: right edge within its table's visible width`).toBeLessThanOrEqual(
    frame.left + frame.clientWidth + 1,
  );
  expect(frame.scrollWidth, `${what}: no sideways scroll in its table`).toBeLessThanOrEqual(frame.clientWidth);
  expect(frame.pageScrollWidth, `${what}: no sideways scroll on the page`).toBeLessThanOrEqual(frame.pageWidth);
  expect(box!.x + box!.width, `${what}: inside the window`).toBeLessThanOrEqual(WIDTH);
}

// The last visible header cell of every table on the page (at least `min` tables).
async function expectEveryTableInView(page: Page, min: number, what: string) {
  const tables = page.locator("table:visible");
  await expect.poll(() => tables.count()).toBeGreaterThanOrEqual(min);
  const count = await tables.count();
  for (let i = 0; i < count; i += 1) {
    const header = tables.nth(i).locator("thead th:visible").last();
    await expectInView(page, header, `${what}, table ${i + 1}`);
  }
}

describe.skipIf(!chromiumPath)("layout at 1,400 px", () => {
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const campaign = await client.query<{ id: string; appId: string }>(
        `select c.id, c."appId" from "Campaign" c join "App" a on a.id = c."appId"
          where a.name = 'Herald Demo News' and c.state = 'completed' order by c."createdAt" limit 1`,
      );
      ({ id: campaignId, appId } = campaign.rows[0]!);
    } finally {
      await client.end();
    }
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const locale of ["en", "zh-CN"] as const) {
    it(`fits the Devices list and the Analytics tables without sideways scrolling (${locale})`, async () => {
      const page = await admin(locale);
      await page.goto(`/devices?app=${appId}`);
      const status = (locale === "en" ? enDevices : zhDevices).columns.status;
      const header = page.locator("table thead th").filter({ hasText: status });
      await header.first().waitFor();
      await expectInView(page, header.first(), "Devices: Status");
      await expectEveryTableInView(page, 1, "Devices");

      await page.goto(`/analytics?app=${appId}&range=30`);
      await expectEveryTableInView(page, 3, "Analytics overview");
      await page.goto(`/campaigns/${campaignId}/report?app=${appId}&range=30`);
      await expectEveryTableInView(page, 3, "Campaign report");
      await page.context().close();
    });
  }

  it("links an icon from every page's head, and the icon answers", async () => {
    const page = await admin("en");
    for (const path of ["/login", "/campaigns"]) {
      await page.goto(path);
      const href = await page.locator('head link[rel~="icon"]').first().getAttribute("href");
      expect(href, path).toBeTruthy();
      const response = await page.request.get(new URL(href!, baseUrl).toString());
      expect(response.status(), href!).toBe(200);
      expect(response.headers()["content-type"]).toMatch(/^image\//);
    }
    await page.context().close();
  });
});
