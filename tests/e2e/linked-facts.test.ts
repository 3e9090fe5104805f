// Linked facts in a real browser, in English and in Chinese: from a sent campaign's report an analyst clicks a
// failure count, lands on the per-device list of that error, opens a device's trace of the campaign, follows
// "Device details" to the device page (no 404), comes back to the trace and to the list with its filter; the trace
// search takes a device ID as well as an installation ID, and says what is wrong with text that is neither.
// The campaign is written straight to the test database (tests/support/analytics-seed.ts), for an app of its own,
// and rolled up.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromiumArgs, signIn } from "../support/browser";
import { seedSentCampaign } from "../support/analytics-seed";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = inject("databaseUrl");
const DAY = 86_400_000;

let browser: Browser;
let client: pg.Client;
let app: { id: string; timezone: string };
let campaignId: string;
let closeServerModules: () => Promise<void> = async () => undefined;

const texts = {
  en: {
    failures: "Failures by error code",
    listTitle: "Devices of E2E linked facts",
    traceOf: (id: string) => `Trace device ${id}`,
    deviceDetails: "Device details",
    deviceTitle: (id: string) => `Device ${id.slice(0, 8)}`,
    traceThis: "Trace this device",
    backToList: "Back to the device list",
    idLabel: "Installation ID or device ID",
    search: "Trace",
    badId: "Enter an installation ID or a device ID",
    total: (n: number) => (n === 1 ? "1 device" : `${n} devices`),
    failedStep: "Failed",
    caption: "Devices of this campaign with the chosen outcome",
  },
  "zh-CN": {
    failures: "按错误代码统计的失败",
    listTitle: "E2E linked facts 的设备",
    traceOf: (id: string) => `追踪设备 ${id}`,
    deviceDetails: "设备详情",
    deviceTitle: (id: string) => `设备 ${id.slice(0, 8)}`,
    traceThis: "追踪此设备",
    backToList: "返回设备列表",
    idLabel: "安装 ID 或设备 ID",
    search: "追踪",
    badId: "请输入安装 ID 或设备 ID",
    total: (n: number) => `${n} 台设备`,
    failedStep: "失败",
    caption: "此活动中具有所选结果的设备",
  },
} as const;

async function analyst(locale: keyof typeof texts): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1400, height: 1000 },
    locale: "en-US",
  });
  const page = await signIn(context, "analyst@herald.local", inject("adminPassword"));
  page.setDefaultTimeout(30_000);
  if (locale === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
  return page;
}

describe.skipIf(!chromiumPath)("linked facts: report -> list -> trace -> device and back", () => {
  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    // An app of its own (devices copied from the demo app), so the campaign seeded here changes no other file's
    // figures of the demo app; its name sorts after the demo app's, which stays the first in app pickers.
    const demo = (await client.query<{ id: string }>(`select id from "App" where name = 'Herald Demo News'`)).rows[0]!;
    app = (
      await client.query<{ id: string; timezone: string }>(
        `insert into "App" (id, name, "apiKeyPrefix", "apiKeyHash", timezone, "updatedAt")
         values ($1, $2, $3, 'not-a-key', 'Asia/Shanghai', now()) returning id, timezone`,
        [randomUUID(), `Zz E2E linked facts ${randomUUID().slice(0, 6)}`, `lf${randomUUID().slice(0, 10)}`],
      )
    ).rows[0]!;
    await client.query(
      `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", brand, maker, tags,
         locale, timezone, status, "lastActiveAt", "updatedAt")
       select gen_random_uuid(), $1, gen_random_uuid(), platform, addresses, "channelMask", brand, maker, tags, locale,
              timezone, status, "lastActiveAt", now()
         from "Device" where "appId" = $2 and status = 'active' order by "installationId" limit 200`,
      [app.id, demo.id],
    );
    campaignId = await seedSentCampaign(client, app.id, {
      name: "E2E linked facts",
      type: "news",
      startedAt: new Date(Date.now() - 3 * DAY),
      variants: [{ key: "A", openRate: 0.3 }],
      holdoutPercent: 10,
      seed: 21,
    });
    process.env.DATABASE_URL = databaseUrl;
    const { rollupDirty } = await import("@/server/analytics/rollup");
    expect(await rollupDirty(50)).toBeGreaterThanOrEqual(1);
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
    it(`walks from a failure count to the device and back (${locale})`, async () => {
      const t = texts[locale];
      const { rows: codes } = await client.query<{ code: string; n: number }>(
        `select "errorCode" as code, count(*)::int as n from "Delivery" where "campaignId" = $1 and status = 'failed'
          group by 1 order by 2 desc, 1 limit 1`,
        [campaignId],
      );
      const { code, n } = codes[0]!;
      const { rows: devices } = await client.query<{ id: string; installationId: string }>(
        `select v.id, v."installationId" from "Delivery" d join "Device" v on v.id = d."deviceId"
          where d."campaignId" = $1 and d.status = 'failed' and d."errorCode" = $2
          order by d.run, d."deviceId" limit 1`,
        [campaignId, code],
      );
      const device = devices[0]!;
      const page = await analyst(locale);

      // Report: the failure count of the most frequent error code is a link to its devices.
      await page.goto(`/campaigns/${campaignId}/report`);
      const failures = page.getByRole("region", { name: t.failures });
      const row = failures.getByRole("row").filter({ hasText: code });
      await row.getByRole("link", { name: String(n) }).click();
      await page.waitForURL(/\/deliveries\?outcome=failed&error=/);
      await page.getByRole("heading", { level: 1, name: t.listTitle }).waitFor();
      expect(await page.getByTestId("delivery-total").textContent()).toBe(t.total(n));
      expect(await page.getByTestId("delivery-row").count()).toBe(Math.min(n, 50));
      // At 1,400 px every column shows without a horizontal scrollbar.
      const table = page.getByRole("table", { name: t.caption });
      expect(await table.evaluate((el) => el.parentElement!.scrollWidth <= el.parentElement!.clientWidth)).toBe(true);
      const listUrl = page.url();

      // List -> the device's trace of this campaign.
      await page.getByRole("link", { name: t.traceOf(device.installationId) }).click();
      await page.waitForURL(/\/analytics\/trace\?/);
      expect(new URL(page.url()).searchParams.get("campaign")).toBe(campaignId);
      expect(await page.getByTestId("trace-installation").textContent()).toBe(device.installationId);
      expect(await page.getByTestId("trace-delivery").count()).toBe(1);
      const failed = page.getByTestId("trace-delivery").getByTestId("step-failed");
      expect(await failed.textContent()).toContain(t.failedStep);
      expect(await failed.textContent()).toContain(code);

      // Trace -> device page (its app in the link: no 404) -> back to the trace -> back to the list.
      await page.getByRole("link", { name: t.deviceDetails }).click();
      await page.waitForURL(new RegExp(`/devices/${device.id}\\?app=${app.id}`));
      await page.getByRole("heading", { level: 1, name: t.deviceTitle(device.installationId) }).waitFor();
      expect(await page.getByTestId("device-campaigns").getByRole("link", { name: "E2E linked facts" }).count()).toBe(
        1,
      );
      await page.getByRole("link", { name: t.traceThis }).click();
      await page.waitForURL(/\/analytics\/trace\?/);
      expect(await page.getByTestId("trace-installation").textContent()).toBe(device.installationId);
      await page.getByRole("link", { name: t.backToList }).first().click();
      await page.waitForURL((url) => url.pathname === new URL(listUrl).pathname);
      expect(new URL(page.url()).searchParams.get("outcome")).toBe("failed");
      expect(new URL(page.url()).searchParams.get("error")).toBe(code);
      expect(await page.getByTestId("delivery-total").textContent()).toBe(t.total(n));

      // The trace search takes the device ID too, and explains text that is no ID.
      await page.goto(`/analytics/trace?app=${app.id}`);
      await page.getByLabel(t.idLabel).fill(device.id);
      await page.getByRole("button", { name: t.search, exact: true }).click();
      await page.waitForURL(/installationId=/);
      expect(await page.getByTestId("trace-installation").textContent()).toBe(device.installationId);
      await page.getByLabel(t.idLabel).fill("not-a-device");
      await page.getByRole("button", { name: t.search, exact: true }).click();
      await page.waitForURL(/installationId=not-a-device/);
      expect(await page.getByTestId("trace-id-error").textContent()).toContain(t.badId);
      expect(await page.getByLabel(t.idLabel).getAttribute("aria-invalid")).toBe("true");
      await page.context().close();
    });
  }
});
