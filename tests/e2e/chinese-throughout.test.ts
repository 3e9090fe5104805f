// The console in Chinese, page by page: signed in as an admin with zh-CN chosen, the test walks every
// console page it can reach (a fixed list of starting points, then every same-origin link they show,
// one page per route shape, one campaign page per seeded campaign) and fails on text a Chinese reader
// should not meet: a message key shown instead of its text, a dotted action code, a transition between
// raw enum values, a model's CamelCase name, or English words outside the allowlist (product and
// vendor names, and whatever the seed itself stores: campaign, app, user and device names).
import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { smsDefaultTemplates } from "@/lib/sms/policy";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedSentCampaign } from "../support/analytics-seed";
import { chromiumForSuite, signIn } from "../support/browser";
import { untranslatedFindings, type PageText } from "../support/untranslated";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = (inject as (key: string) => string)("databaseUrl");
let browser: () => Browser;

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

// A route's shape: ids and numbers replaced, so one page stands for all pages of its kind.
function shape(pathname: string): string {
  return pathname.replace(uuid, ":id").replace(/\/\d+(?=\/|$)/g, "/:n");
}

// How many pages of one shape the walk opens (one campaign page per seeded campaign: each state).
function quota(routeShape: string): number {
  return /^\/campaigns\/:id(\/report)?$/.test(routeShape) ? 12 : 1;
}

// Strings the seed (and the tests before this one) stored: names, titles, models, tags. They are the
// users' own words and stay as written.
async function storedStrings(): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const enumKeys = new Set(["state", "status", "type", "platform", "channel", "priority", "role", "kind", "outcome"]);
  const out = new Set<string>();
  const collect = (value: unknown, key = ""): void => {
    if (typeof value === "string") {
      if (!enumKeys.has(key) && value.trim().length > 1) out.add(value.trim());
    } else if (Array.isArray(value)) value.forEach((v) => collect(v, key));
    else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) collect(v, k);
  };
  try {
    for (const table of ["App", "Campaign", "CampaignVariant", "CampaignTemplate", "Segment", "User", "Device"]) {
      try {
        const { rows } = await client.query(`select row_to_json(t) as row from "${table}" t limit 2000`);
        for (const { row } of rows) collect(row);
      } catch {
        // a table this version does not have
      }
    }
    // Reasons people typed (a rejection, a cancellation) are theirs too.
    const reasons = await client.query<{ reason: string }>(
      `select distinct diff->>'reason' as reason from "AuditLog" where diff ? 'reason'`,
    );
    for (const { reason } of reasons.rows) if (reason) out.add(reason);
  } finally {
    await client.end();
  }
  return [...out];
}

async function oneInstallation(): Promise<{ appId: string; installationId: string } | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ appId: string; installationId: string }>(
      `select d."appId", d."installationId"::text as "installationId" from "Delivery" x
         join "Device" d on d.id = x."deviceId" limit 1`,
    );
    if (rows[0]) return rows[0];
    const any = await client.query<{ appId: string; installationId: string }>(
      `select "appId", "installationId"::text as "installationId" from "Device" limit 1`,
    );
    return any.rows[0] ?? null;
  } finally {
    await client.end();
  }
}

// Every text a reader (or a screen reader) meets: text nodes, also inside closed <details>, and the
// labels, titles, alternative texts and placeholders of elements.
async function pageTexts(page: Page): Promise<PageText[]> {
  return page.evaluate(() => {
    const out: { text: string; code?: boolean }[] = [{ text: document.title }];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(parent.tagName)) continue;
      const text = node.textContent?.trim();
      if (text) out.push({ text, code: parent.closest("code, kbd, pre, samp") !== null });
    }
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      // A transition's parts are separate nodes ("draft", "→", "scheduled"): read them together.
      const whole = element.textContent ?? "";
      if (whole.includes("→") && whole.length < 200 && element.children.length > 0) out.push({ text: whole });
      for (const attribute of [
        "aria-label",
        "aria-description",
        "aria-roledescription",
        "title",
        "alt",
        "placeholder",
      ]) {
        const value = element.getAttribute(attribute)?.trim();
        if (value) out.push({ text: value });
      }
    }
    return out;
  });
}

async function sameOriginLinks(page: Page): Promise<string[]> {
  const hrefs = await page.evaluate(() =>
    Array.from(document.querySelectorAll("a[href]"))
      .filter((a) => !a.hasAttribute("download"))
      .map((a) => (a as HTMLAnchorElement).href),
  );
  return hrefs.filter((href) => href.startsWith(baseUrl));
}

// A sent campaign with deliveries, opens and a holdout, rolled up as the worker would: the analytics
// pages, the report and the trace then draw their charts and tables (their labels are checked too).
async function seedSentData(): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`select id from "App" where name = 'Herald Demo News'`);
    await seedSentCampaign(client, rows[0]!.id, {
      name: "E2E walk: weekend digest",
      type: "promotion",
      // Twelve days ago, so neither it nor its late app opens (up to 70 h after) fall in the 7-day overview
      // that tests/e2e/analytics.test.ts counts in the demo app.
      startedAt: new Date(Date.now() - 12 * 24 * 3600 * 1000),
      variants: [
        { key: "A", openRate: 0.3 },
        { key: "B", openRate: 0.15 },
      ],
      holdoutPercent: 10,
      seed: 11,
    });
  } finally {
    await client.end();
  }
  process.env.DATABASE_URL = databaseUrl;
  const { rollupDirty } = await import("@/server/analytics/rollup");
  await rollupDirty(50);
  const [{ sqlPool }, { db }] = await Promise.all([import("@/server/sql"), import("@/server/db")]);
  return async () => {
    await sqlPool().end();
    await db.$disconnect();
  };
}

describe.skipIf(!chromiumPath)("the console in Chinese", () => {
  browser = chromiumForSuite(chromiumPath);
  let closeServerModules: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    closeServerModules = await seedSentData();
  });
  afterAll(async () => closeServerModules());

  it("shows no message key, action code, raw value, model name or stray English on any page", async () => {
    const context = await browser().newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 } });
    const page = await signIn(context, inject("adminEmail"), inject("adminPassword"));
    await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
    // The SMS text English-speaking devices get is shown as it is sent.
    const stored = [...(await storedStrings()), smsDefaultTemplates.en];
    const namespaces = readdirSync(path.join(process.cwd(), "messages", "en")).map((f) => f.replace(/\.json$/, ""));
    const traced = await oneInstallation();

    const start = [
      "/",
      "/campaigns",
      "/campaigns/new",
      "/segments",
      "/devices",
      "/analytics",
      "/analytics/reactivation",
      traced ? `/analytics/trace?app=${traced.appId}&installationId=${traced.installationId}` : "/analytics/trace",
      "/apps",
      "/users",
      "/audit",
      "/forbidden",
      "/no-such-page-here",
      "/campaigns/00000000-0000-4000-8000-000000000000",
    ];
    const queue = [...start];
    const seen = new Map<string, number>();
    const visited = new Set<string>();
    const problems: string[] = [];
    const shapes = new Set<string>();
    while (queue.length > 0 && visited.size < 80) {
      const url = new URL(queue.shift()!, baseUrl);
      const key = url.pathname + (start.includes(url.pathname + url.search) ? url.search : "");
      if (visited.has(key)) continue;
      const routeShape = shape(url.pathname);
      if (!start.includes(url.pathname + url.search) && (seen.get(routeShape) ?? 0) >= quota(routeShape)) continue;
      if (/^\/(api|login|_next)\b/.test(url.pathname) || /\.(csv|json|txt|xml)$/.test(url.pathname)) continue;
      visited.add(key);
      seen.set(routeShape, (seen.get(routeShape) ?? 0) + 1);
      shapes.add(routeShape);
      await page.goto(url.pathname + url.search);
      await page.waitForLoadState("networkidle");
      expect(await page.locator("html").getAttribute("lang"), url.pathname).toBe("zh-CN");
      const texts = await pageTexts(page);
      for (const finding of untranslatedFindings(texts, { namespaces, stored }))
        problems.push(`${url.pathname}${url.search}: ${finding}`);
      for (const link of await sameOriginLinks(page)) queue.push(link.slice(baseUrl.length) || "/");
    }
    // The walk reached the pages the issue names (and whatever new ones they link to).
    for (const needed of [
      "/",
      "/campaigns",
      "/campaigns/:id",
      "/campaigns/:id/report",
      "/campaigns/new",
      "/segments",
      "/devices",
      "/devices/:id",
      "/analytics",
      "/analytics/reactivation",
      "/analytics/trace",
      "/apps",
      "/apps/:id",
      "/users",
      "/audit",
      "/forbidden",
    ])
      expect([...shapes], needed).toContain(needed);
    expect(seen.get("/campaigns/:id") ?? 0).toBeGreaterThanOrEqual(6);
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const [locale, words] of [
    [
      "en",
      {
        submitted: "Submitted for approval",
        state: "State:",
        draft: "Draft",
        target: "Campaign",
        notFound: "Page not found",
        back: "Back to the overview",
      },
    ],
    [
      "zh-CN",
      {
        submitted: "提交审批",
        state: "状态：",
        draft: "草稿",
        target: "推送活动",
        notFound: "页面不存在",
        back: "返回概览",
      },
    ],
  ] as const)
    it(`${locale}: audit entries read as words, and a missing page says so with a way back`, async () => {
      const context = await browser().newContext({ baseURL: baseUrl });
      const page = await signIn(context, inject("adminEmail"), inject("adminPassword"));
      await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseUrl }]);
      await page.goto("/audit");
      const submitted = page.getByRole("row").filter({ has: page.getByRole("cell", { name: words.submitted }) });
      await submitted.first().waitFor();
      await submitted.first().locator("summary").click();
      const state = submitted.first().locator('[data-field="state"]');
      expect(await state.innerText()).toMatch(new RegExp(`^${words.state}\\s*${words.draft}\\s*→`));
      expect(await submitted.first().innerText()).toContain(words.target);
      // The action filter offers the same names.
      expect(await page.locator('select[name="action"] option').allInnerTexts()).toContain(words.submitted);

      for (const address of ["/no-such-page-here", "/campaigns/00000000-0000-4000-8000-000000000000"]) {
        const response = await page.goto(address);
        // (The console's own pages stream behind a loading state, so only the unknown address is a 404.)
        if (address === "/no-such-page-here") expect(response?.status()).toBe(404);
        await page.getByRole("heading", { level: 1, name: words.notFound }).waitFor();
        await page.getByRole("link", { name: words.back }).click();
        await page.waitForURL((url) => url.pathname === "/");
      }
      await context.close();
    });
});
