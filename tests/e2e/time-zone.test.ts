// One time zone, labelled: with the browser in New York and the app in Shanghai, the campaign page's
// progress card, a device's page, the audit log and the re-activation report all show the app's zone
// with its label (GMT+8; the re-activation months say they are UTC months, as they are bucketed), in
// English and Chinese. Choosing UTC in the user menu changes every one of them, and the choice survives
// a reload and a new page.
// The fixtures live in an app of their own (named to sort after the demo app), so other files' counts
// are untouched: devices, a campaign sent two days ago (rolled up as the worker would) and an audit entry.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromiumArgs, signIn } from "../support/browser";
import { seedSentCampaign } from "../support/analytics-seed";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = inject("databaseUrl");
const DAY = 86_400_000;
const appZone = "Asia/Shanghai";
const browserZone = "America/New_York";

let browser: Browser;
let client: pg.Client;
let appId: string;
let campaignId: string;
let deviceId: string;
let completedAt: Date;
let deviceCreatedAt: Date;
const auditAt = new Date(Date.UTC(2026, 10, 3, 23, 41, 7));
let closeServerModules: () => Promise<void> = async () => undefined;

// An instant as the console should show it: medium date and time with seconds in `zone`, then its label.
function shown(locale: string, zone: string, at: Date): string {
  const text = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium", timeZone: zone }).format(at);
  return `${text} ${zone === "UTC" ? "UTC" : "GMT+8"}`;
}

// Page text with every kind of space as a plain one (ICU puts narrow spaces before AM/PM).
const spaced = (text: string) => text.replace(/\s+/g, " ");
const pageText = async (page: Page) => spaced(await page.locator("main").innerText());
// Pages stream in and a switch re-renders the page on the server: wait as long as a busy machine needs.
const patiently = { timeout: 30_000, interval: 250 };

describe.skipIf(!chromiumPath)("one time zone, labelled", () => {
  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    appId = randomUUID();
    await client.query(
      `insert into "App" (id, name, "apiKeyPrefix", "apiKeyHash", timezone, "updatedAt")
         values ($1, 'Zone check (e2e)', $2, 'not-a-key', $3, now())`,
      [appId, `zc${appId.slice(0, 8)}`, appZone],
    );
    // Twenty devices: half last seen forty days ago (dormant when the campaign went out), half today.
    const now = Date.now();
    deviceCreatedAt = new Date(Math.floor((now - 90 * DAY) / 1000) * 1000);
    for (let i = 0; i < 20; i += 1) {
      const id = randomUUID();
      if (i === 0) deviceId = id;
      await client.query(
        `insert into "Device" (id, "appId", "installationId", platform, addresses, timezone, "lastActiveAt",
           "createdAt", "updatedAt")
         values ($1, $2, $3, 'android', $4, $5, $6, $7, $7)`,
        [
          id,
          appId,
          randomUUID(),
          JSON.stringify([{ channel: "mqtt", address: `zone-${i}`, state: "active" }]),
          appZone,
          new Date(i % 2 ? now - 40 * DAY : now - 3 * 3_600_000).toISOString(),
          deviceCreatedAt.toISOString(),
        ],
      );
    }
    campaignId = await seedSentCampaign(client, appId, {
      name: "Zone check send",
      type: "news",
      startedAt: new Date(now - 2 * DAY),
      variants: [{ key: "A", openRate: 0.5 }],
      seed: 11,
    });
    completedAt = (
      await client.query<{ at: Date }>(`select "completedAt" at time zone 'UTC' as at from "Campaign" where id = $1`, [
        campaignId,
      ])
    ).rows[0]!.at;
    await client.query(
      `insert into "AuditLog" ("actorEmail", action, "targetType", "targetId", "appId", at)
         values ('zone@herald.test', 'apps.update', 'App', $1, $2::uuid, $3)`,
      [appId, appId, auditAt.toISOString()],
    );
    process.env.DATABASE_URL = databaseUrl;
    const { rollupDirty } = await import("@/server/analytics/rollup");
    await rollupDirty(50);
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

  // Every screen of the item, in `zone`, read in `locale`.
  async function expectScreens(page: Page, locale: "en" | "zh-CN", zone: string) {
    await page.goto(`/campaigns/${campaignId}`);
    await expect.poll(() => pageText(page), patiently).toContain(shown(locale, zone, completedAt));
    expect(await pageText(page)).not.toContain(shown(locale, browserZone, completedAt).replace(/ GMT.*$/, ""));

    await page.goto(`/devices/${deviceId}?app=${appId}`);
    await expect.poll(() => pageText(page), patiently).toContain(shown(locale, zone, deviceCreatedAt));

    await page.goto(`/audit?app=${appId}`);
    const row = page.getByRole("row").filter({ hasText: "zone@herald.test" });
    await expect.poll(async () => spaced(await row.innerText()), patiently).toContain(shown(locale, zone, auditAt));

    await page.goto(`/analytics/reactivation?app=${appId}&range=30`);
    // The analytics pages read days in the display zone; the month buckets say they are UTC months.
    const zoneLabel = locale === "en" ? "Time zone days and hours are read in" : "按此时区划分日期和小时";
    await expect.poll(() => page.getByLabel(zoneLabel).first().inputValue(), patiently).toBe(zone);
    const header = locale === "en" ? "Month (UTC)" : "月份 (UTC)";
    await expect.poll(() => page.getByRole("columnheader", { name: header }).count(), patiently).toBeGreaterThan(0);
  }

  for (const locale of ["en", "zh-CN"] as const) {
    it(`shows the app's zone with its label, then UTC once chosen, in ${locale}`, async () => {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: 1400, height: 1000 },
        locale: "en-US",
        timezoneId: browserZone,
      });
      try {
        const page = await signIn(context, inject("adminEmail"), inject("adminPassword"));
        page.setDefaultTimeout(30_000);
        if (locale === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
        await expectScreens(page, locale, appZone);

        // The user menu's switch: UTC, remembered.
        await page.goto(`/devices/${deviceId}?app=${appId}`);
        const zoneSwitch = page.getByTestId("time-zone-switch").first();
        // The browser's own zone is offered once the page is hydrated (and the switch works).
        await zoneSwitch.locator(`option[value="browser:${browserZone}"]`).waitFor({ state: "attached" });
        expect(await zoneSwitch.inputValue()).toBe("app");
        await zoneSwitch.selectOption("utc");
        const saved = async () => (await context.cookies()).find((c) => c.name === "HERALD_TIME_ZONE")?.value;
        await expect.poll(saved, patiently).toBe("utc");
        await expect.poll(() => pageText(page), patiently).toContain(shown(locale, "UTC", deviceCreatedAt));
        await page.reload();
        await expect.poll(() => pageText(page), patiently).toContain(shown(locale, "UTC", deviceCreatedAt));
        expect(await page.getByTestId("time-zone-switch").first().inputValue()).toBe("utc");
        const other = await context.newPage();
        other.setDefaultTimeout(30_000);
        await expectScreens(other, locale, "UTC");
      } finally {
        await context.close();
      }
    });
  }
});
