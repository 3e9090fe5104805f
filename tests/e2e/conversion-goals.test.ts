// Conversion goals in a real browser, in English and in Chinese: an editor composes breaking news
// with the goal "purchase" counted for 24 hours (suggested from the custom events the app reported),
// a 30% holdout and variants A and B, and sends it to the app's test devices with a worker running.
// The app then reports purchases through the events API for some devices of each group, and the
// campaign's report shows devices, conversions, conversion rate and value per variant and for the
// holdout, each figure checked against the groups fan-out made (read from the Delivery rows).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newApiKey } from "@/server/crypto";
import { chromiumArgs, signIn } from "../support/browser";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = inject("databaseUrl");
const deviceCount = 40;
let browser: Browser;
let worker: WorkerProcess | null = null;
let client: pg.Client;

const texts = {
  en: {
    section: "Conversion goal",
    enable: "Measure a conversion goal for this campaign",
    event: "Goal event",
    windowValue: "Window length",
    windowUnit: "Window unit",
    breaking: "Breaking news",
    testOnly: "Test devices only",
    addVariant: "Add variant",
    title: "Title",
    body: "Text",
    save: "Save draft",
    submit: "Submit",
    block: "Conversions: purchase",
    variant: (key: string) => `Variant ${key}`,
    holdout: "Holdout (no push)",
  },
  "zh-CN": {
    section: "转化目标",
    enable: "为此活动衡量转化目标",
    event: "目标事件",
    windowValue: "窗口时长",
    windowUnit: "窗口单位",
    breaking: "突发新闻",
    testOnly: "仅测试设备",
    addVariant: "添加变体",
    title: "标题",
    body: "正文",
    save: "保存草稿",
    submit: "提交",
    block: "转化：purchase",
    variant: (key: string) => `变体 ${key}`,
    holdout: "对照组（不推送）",
  },
} as const;
type Locale = keyof typeof texts;

// An app of its own with 40 test devices on the inbox (no vendor keys), and its API key.
async function makeApp(locale: Locale): Promise<{ id: string; key: string; devices: string[] }> {
  const key = newApiKey();
  const { rows } = await client.query<{ id: string }>(
    `insert into "App" (id, name, "apiKeyPrefix", "apiKeyHash", timezone, "updatedAt")
     values (gen_random_uuid(), $1, $2, $3, 'Asia/Shanghai', now()) returning id`,
    [`Conversions ${locale} ${randomUUID().slice(0, 6)}`, key.prefix, key.hash],
  );
  const devices = Array.from({ length: deviceCount }, () => randomUUID());
  for (const installationId of devices) {
    const answer = await fetch(`${baseUrl}/api/v1/devices`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: JSON.stringify({ installationId, platform: "android", channel: "poll", locale: "en", timezone: "UTC" }),
    });
    expect(answer.status).toBe(201);
  }
  await client.query(`update "Device" set "isTest" = true where "appId" = $1`, [rows[0]!.id]);
  return { id: rows[0]!.id, key: key.key, devices };
}

async function postEvents(key: string, events: unknown[]) {
  const answer = await fetch(`${baseUrl}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  });
  expect(answer.status).toBe(200);
  const body = (await answer.json()) as { accepted: number; refused: unknown[] };
  expect(body.refused).toEqual([]);
  return body;
}

const purchase = (installationId: string, value: number) => ({
  eventId: `purchase-${randomUUID()}`,
  installationId,
  type: "custom",
  name: "purchase",
  value,
  currency: "USD",
  occurredAt: new Date().toISOString(),
});

// The composer field for the visible variant/locale tab.
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true }).first();

async function until(check: () => Promise<boolean>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe.skipIf(!chromiumPath)("conversion goals", () => {
  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl, options: "-c TimeZone=UTC" });
    await client.connect();
    worker = startWorkerProcess(databaseUrl, { HERALD_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64") });
    await worker.ready;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.kill();
    await client?.end();
  });

  for (const locale of ["en", "zh-CN"] as const) {
    it(`composes a goal, sends, and reports conversions per variant and holdout (${locale})`, async () => {
      const t = texts[locale];
      const app = await makeApp(locale);
      // A purchase reported before the campaign: the composer suggests the name, and it is outside
      // every window (it happened before the send), so it counts nowhere.
      await postEvents(app.key, [{ ...purchase(app.devices[0]!, 999), occurredAt: new Date(Date.now() - 60_000) }]);

      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 } });
      const page = await signIn(context, "editor@herald.local", inject("adminPassword"));
      page.setDefaultTimeout(60_000);
      if (locale === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
      await page.goto(`/campaigns/new?app=${app.id}&type=news`);
      await page.locator('input[name="campaign.name"]').fill(`Flash sale ${locale}`);
      await page.getByLabel(t.breaking).check();
      await page.getByLabel(t.testOnly).check();
      await page.locator('input[name="campaign.holdoutPercent"]').fill("30");
      await field(page, t.title).fill("Flash sale");
      await field(page, t.body).fill("Everything half price for one hour.");
      await page.getByRole("button", { name: t.addVariant }).click();

      const section = page.locator("section", { has: page.getByRole("heading", { name: t.section, exact: true }) });
      await section.getByLabel(t.enable).check();
      const eventField = section.getByLabel(t.event, { exact: true });
      // Suggested from the names the app reported lately.
      const listId = await eventField.getAttribute("list");
      expect(
        await page.locator(`datalist[id="${listId}"] option`).evaluateAll((o) => o.map((x) => x.getAttribute("value"))),
      ).toEqual(["purchase"]);
      // A name that is not one the events API takes is refused in the form, in the reader's language.
      await eventField.fill("9 purchases");
      await eventField.blur();
      await section.getByRole("alert").first().waitFor();
      expect(await section.getByRole("alert").first().textContent()).toMatch(locale === "en" ? /a letter/ : /字母/);
      await eventField.fill("purchase");
      await section.getByLabel(t.windowValue).fill("24");
      await section.getByLabel(t.windowUnit).selectOption("hours");
      await page.getByRole("button", { name: t.save }).click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\?saved=created$/);
      const campaignId = new URL(page.url()).pathname.split("/").pop()!;
      const stored = await client.query(`select "goalEvent", "goalWindowSeconds" from "Campaign" where id = $1`, [
        campaignId,
      ]);
      expect(stored.rows[0]).toEqual({ goalEvent: "purchase", goalWindowSeconds: 86_400 });
      const audit = await client.query<{ diff: Record<string, unknown> }>(
        `select diff from "AuditLog" where "targetId" = $1 and action = 'campaigns.create'`,
        [campaignId],
      );
      expect(audit.rows[0]!.diff).toMatchObject({ goalEvent: "purchase", goalWindowSeconds: 86_400 });

      await page.getByRole("button", { name: t.submit, exact: true }).click();
      await until(async () => {
        const { rows } = await client.query(`select state from "Campaign" where id = $1`, [campaignId]);
        return rows[0]?.state === "completed";
      });

      // The groups fan-out made, and purchases from some devices of each.
      const { rows: targets } = await client.query<{ key: string; installationId: string }>(
        `select coalesce(d."variantKey", 'holdout') as key, v."installationId"
           from "Delivery" d join "Device" v on v.id = d."deviceId"
          where d."campaignId" = $1 order by v."installationId"`,
        [campaignId],
      );
      const groups = new Map<string, string[]>();
      for (const row of targets) groups.set(row.key, [...(groups.get(row.key) ?? []), row.installationId]);
      expect([...groups.keys()].sort()).toEqual(["A", "B", "holdout"]);
      const buyers: Record<string, number> = { A: 3, B: 1, holdout: 1 };
      const events = Object.entries(buyers).flatMap(([key, n]) =>
        groups
          .get(key)!
          .slice(0, Math.min(n, groups.get(key)!.length))
          .map((id) => purchase(id, 10)),
      );
      // A second purchase by one buyer of A: one conversion, two goal events, twice the value.
      events.push(purchase(groups.get("A")![0]!, 5));
      await postEvents(app.key, events);

      await page.goto(`/campaigns/${campaignId}/report`);
      const block = page.getByTestId("conversions-block");
      await block.getByRole("heading", { name: t.block }).waitFor();
      const number = new Intl.NumberFormat(locale);
      const rate = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
      const money = new Intl.NumberFormat(locale, { style: "currency", currency: "USD", maximumFractionDigits: 2 });
      for (const key of ["A", "B", "holdout"]) {
        const devices = groups.get(key)!.length;
        const converted = Math.min(buyers[key]!, devices);
        const value = converted * 10 + (key === "A" ? 5 : 0);
        const label = key === "holdout" ? t.holdout : t.variant(key);
        const cells = await block
          .getByRole("row")
          .filter({ has: page.getByRole("cell", { name: label, exact: true }) })
          .getByRole("cell")
          .allTextContents();
        expect(cells.slice(0, 4)).toEqual([
          label,
          number.format(devices),
          number.format(converted),
          rate.format(converted / devices),
        ]);
        expect(cells[5]).toBe(money.format(value));
        // Lift against the holdout for the variants, none for the holdout itself.
        expect(cells[6] === "—").toBe(key === "holdout");
      }
      // The device trace names the custom event (not its type) among the device's events.
      await page.goto(`/analytics/trace?app=${app.id}&installationId=${groups.get("A")![0]}`);
      await page.getByText("purchase", { exact: true }).first().waitFor();
      expect(await page.getByText("custom", { exact: true }).count()).toBe(0);
      await context.close();
    });
  }
});
