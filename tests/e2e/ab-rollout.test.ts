// A/B winner roll-out in a real browser, in English and in Chinese: with a worker running, an editor
// composes breaking news with two variants and "Send to a test share first" (20 %), submits it, sees
// the test phase on the campaign page; opens come in for variant B (written as the events API would);
// the page shows B significantly ahead, the editor clicks "Send variant B to the rest now", confirms,
// and the page shows the winner phase; the rest of the audience gets B and only B, nobody twice.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { oneAddressSql } from "@/server/devices/address-sql";
import { chromiumForSuite, signIn } from "../support/browser";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = inject("databaseUrl");
let browser: () => Browser;
let worker: WorkerProcess | null = null;
let db: pg.Client;

const texts = {
  en: {
    news: /^News/,
    name: "Name",
    expression: "Audience expression",
    title: "Title",
    body: "Text",
    addVariant: "Add variant",
    rollout: "Send to a test share first",
    share: "Test share (%)",
    save: "Save draft",
    submit: "Submit",
    testing: /^Testing on 20% of the audience\. The winner is chosen at .+\(Asia\/Shanghai\)/,
    significant: "Variant B leads on open rate and is significantly better than every other variant",
    send: "Send variant B to the rest now",
    confirm: "Send variant B",
    winner: "Winner phase: variant B goes to the rest of the audience.",
    chosenBy: /^Variant B was chosen by editor@herald\.local at /,
  },
  "zh-CN": {
    news: /^新闻/,
    name: "名称",
    expression: "受众表达式",
    title: "标题",
    body: "正文",
    addVariant: "添加变体",
    rollout: "先发送给测试部分受众",
    share: "测试比例（%）",
    save: "保存草稿",
    submit: "提交",
    testing: /^正在对 20% 的受众进行测试。将于 .+\(Asia\/Shanghai\)/,
    significant: "变体 B 的打开率领先，并显著优于其他所有变体",
    send: "立即将变体 B 发送给其余受众",
    confirm: "发送变体 B",
    winner: "胜者阶段：变体 B 发送给其余受众。",
    chosenBy: /^变体 B 由 editor@herald\.local 于 /,
  },
} as const;

// `count` active devices of the demo app reachable through the inbox only, tagged `tag`.
async function insertDevices(appId: string, tag: string, count: number) {
  const address = oneAddressSql("'poll'", "null");
  await db.query(
    `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", tags, locale, timezone,
       status, "updatedAt")
     select gen_random_uuid(), $1, gen_random_uuid(), 'android', ${address.addresses}, ${address.channelMask},
       array[$2], 'en-US', 'Asia/Shanghai', 'active', now() from generate_series(1, $3)`,
    [appId, tag, count],
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true }).first();

describe.skipIf(!chromiumPath)("A/B winner roll-out", () => {
  browser = chromiumForSuite(chromiumPath);
  beforeAll(async () => {
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    worker = startWorkerProcess(databaseUrl, { HERALD_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64") });
    await worker.ready;
  });
  afterAll(async () => {
    await worker?.kill();
    await db?.end();
  });

  for (const locale of ["en", "zh-CN"] as const) {
    it(`${locale}: test share first, then a click sends the winner to the rest`, async () => {
      const t = texts[locale];
      const { rows: apps } = await db.query<{ id: string }>(`select id from "App" where name = 'Herald Demo News'`);
      const appId = apps[0]!.id;
      const tag = `ab${randomUUID().slice(0, 8)}`;
      await insertDevices(appId, tag, 100);

      const context = await browser().newContext({
        baseURL: baseUrl,
        viewport: { width: 1280, height: 900 },
        locale: "en-US",
      });
      const page = await signIn(context, "editor@herald.local", inject("adminPassword"));
      if (locale === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
      page.setDefaultTimeout(60_000);
      await page.goto(`/campaigns/new?app=${appId}`);
      await page.getByRole("radio", { name: t.news }).check();
      await page.getByLabel(t.name, { exact: true }).fill(`A/B roll-out ${tag}`);
      await page.locator('input[name="campaign.breaking"]').check();
      await page.getByLabel(t.expression).fill(`tag:${tag}`);
      await field(page, t.title).fill("Variant A headline");
      await field(page, t.body).fill("Variant A text");
      // One variant: no roll-out offered.
      expect(await page.getByLabel(t.rollout).count()).toBe(0);
      await page.getByRole("button", { name: t.addVariant }).click();
      await field(page, t.title).fill("Variant B headline");
      await page.getByLabel(t.rollout).check();
      expect(await page.getByLabel(t.share).inputValue()).toBe("20");
      await page.getByRole("button", { name: t.save }).click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\?saved=created$/);
      const campaignId = /\/campaigns\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      await page.getByRole("button", { name: t.submit, exact: true }).click();

      // The test phase goes out; the campaign keeps sending, waiting for its winner.
      await until("the test phase", async () => {
        const { rows } = await db.query<{ open: number; waves: number }>(
          `select count(*) filter (where state <> 'done')::int as open, count(*)::int as waves
             from "CampaignWave" where "campaignId" = $1 and phase = 'test'`,
          [campaignId],
        );
        return rows[0]!.waves > 0 && rows[0]!.open === 0 ? true : undefined;
      });
      const card = page.getByTestId("rollout-card");
      await page.reload();
      await card
        .getByText(t.testing)
        .waitFor({ timeout: 20_000 })
        .catch(async (error: unknown) => {
          const shown = (await card.count())
            ? await card.innerText()
            : (await page.locator("main").innerText()).slice(0, 3000);
          throw new Error(`${String(error)}\nshown: ${shown}`);
        });
      expect(await card.getAttribute("data-phase")).toBe("testing");

      // Every variant-B device of the test share opens the push; no variant-A device does.
      const opened = await db.query(
        `update "Delivery" set "openedAt" = now() where "campaignId" = $1 and "variantKey" = 'B' and status = 'sent'`,
        [campaignId],
      );
      expect(opened.rowCount).toBeGreaterThan(3);
      await page.reload();
      await card.getByText(t.significant).waitFor();
      await card.getByRole("button", { name: t.send }).click();
      await page.getByRole("dialog").getByRole("button", { name: t.confirm, exact: true }).click();
      await card.getByText(t.winner).waitFor();
      await card.getByText(t.chosenBy).waitFor();
      expect(await card.getAttribute("data-phase")).toBe("winner");
      expect(await card.getByRole("button", { name: t.send }).count()).toBe(0);

      // The rest got B and only B; every device once.
      await until("the campaign to complete", async () => {
        const { rows } = await db.query<{ state: string }>(`select state::text from "Campaign" where id = $1`, [
          campaignId,
        ]);
        return rows[0]!.state === "completed" ? true : undefined;
      });
      const { rows } = await db.query<{ phase: string; variants: string[]; n: number; devices: number }>(
        `select w.phase::text as phase, array_agg(distinct d."variantKey" order by d."variantKey") as variants,
                count(*)::int as n, count(distinct d."deviceId")::int as devices
           from "Delivery" d join "CampaignWave" w on w.id = d."waveId" where d."campaignId" = $1 group by 1`,
        [campaignId],
      );
      const byPhase = Object.fromEntries(rows.map((row) => [row.phase, row]));
      expect(byPhase.test!.variants).toEqual(["A", "B"]);
      expect(byPhase.winner!.variants).toEqual(["B"]);
      expect(byPhase.test!.n + byPhase.winner!.n).toBe(100);
      expect(byPhase.test!.devices + byPhase.winner!.devices).toBe(100);
      await context.close();
    }, 240_000);
  }
});
