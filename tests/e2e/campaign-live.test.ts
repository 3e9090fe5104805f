// The campaign page tells the truth live, from the first push to the last open, without a reload: with
// a worker running, an editor sends a throttled campaign to simulated inbox devices (the test plays
// them: it fetches their inboxes, which confirms delivery, one device only after the campaign
// completed, and posts `opened` events through the events API after that), while an analyst watches
// the same page. Both pages must show the state badge go Sending -> Completed, Delivered rise to the
// total (the late receipt included) and Opened rise to the opens posted, and the editor's banner must
// never keep saying the send-now campaign is "scheduled as planned". Run once in English and in Chinese.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newApiKey } from "@/server/crypto";
import { chromiumArgs, signIn } from "../support/browser";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const databaseUrl = inject("databaseUrl");
const password = inject("adminPassword");
let browser: Browser;
let worker: WorkerProcess | null = null;

const DEVICES = 6;
const OPENS = 4;

const texts = {
  en: { submit: "Submit", sending: "Sending", completed: "Completed", asPlanned: /as planned/ },
  "zh-CN": { submit: "提交", sending: "发送中", completed: "已完成", asPlanned: /按计划/ },
} as const;
type Locale = keyof typeof texts;

// The composer field for the visible variant/locale tab.
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true }).first();

async function withDb<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

// An app of the test's own (no quiet hours), its API key, and inbox-only test devices registered
// through the device API as an SDK registers them.
async function makeApp(): Promise<{ appId: string; name: string; key: string; devices: string[] }> {
  const key = newApiKey();
  const name = `Live page ${randomUUID().slice(0, 8)}`;
  const appId = await withDb(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into "App" (id, name, "apiKeyPrefix", "apiKeyHash", timezone, "updatedAt")
       values (gen_random_uuid(), $1, $2, $3, 'UTC', now()) returning id`,
      [name, key.prefix, key.hash],
    );
    return rows[0]!.id;
  });
  const devices = Array.from({ length: DEVICES }, () => randomUUID());
  for (const installationId of devices) {
    const response = await api(key.key, "POST", "/devices", {
      installationId,
      platform: "android",
      addresses: [{ channel: "poll" }],
    });
    expect(response.status).toBeLessThan(300);
  }
  await withDb((client) =>
    client.query(`update "Device" set "isTest" = true where "appId" = $1`, [appId]).then(() => undefined),
  );
  return { appId, name, key: key.key, devices };
}

function api(key: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

// The simulated devices: each fetches its inbox until its push arrived (which confirms delivery).
function startDevices(key: string, devices: string[]) {
  const received = new Map<string, { messageId: string; campaignId: string }>();
  let stopped = false;
  const done = (async () => {
    while (!stopped && received.size < devices.length) {
      for (const installationId of devices) {
        if (received.has(installationId)) continue;
        const response = await api(key, "GET", `/devices/${installationId}/inbox`);
        if (response.status !== 200) continue;
        const body = (await response.json()) as { messages: Array<{ messageId: string; campaignId: string }> };
        const message = body.messages[0];
        if (message) received.set(installationId, { messageId: message.messageId, campaignId: message.campaignId });
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    received,
    done,
    stop() {
      stopped = true;
    },
  };
}

const numberOf = async (page: Page, name: string) =>
  Number(((await page.getByTestId(`progress-${name}`).textContent()) ?? "").replace(/[^\d]/g, ""));

// What one page showed over time, sampled until `until` resolves.
interface Watch {
  states: string[];
  delivered: number[];
  banners: string[];
}
function watch(page: Page, until: Promise<unknown>): Promise<Watch> {
  const seen: Watch = { states: [], delivered: [], banners: [] };
  let over = false;
  const stop = () => {
    over = true;
  };
  until.then(stop, stop);
  return (async () => {
    for (;;) {
      // One more sample after the end, so the final state is in.
      const last = over;
      const state = (await page.getByTestId("campaign-state").textContent()) ?? "";
      if (seen.states.at(-1) !== state) seen.states.push(state);
      if (await page.getByTestId("progress-delivered").count()) {
        const delivered = await numberOf(page, "delivered");
        if (seen.delivered.at(-1) !== delivered) seen.delivered.push(delivered);
      }
      const banner = page.getByTestId("campaign-banner");
      if (await banner.count()) {
        const text = (await banner.textContent()) ?? "";
        if (seen.banners.at(-1) !== text) seen.banners.push(text);
      }
      if (last) return seen;
      await page.waitForTimeout(250);
    }
  })();
}

// English until the language cookie is set (signing in and the composer go by the English labels).
async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 }, locale: "en-US" });
}

async function setLanguage(context: BrowserContext, locale: Locale) {
  await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseUrl }]);
}

describe.skipIf(!chromiumPath)("the campaign page stays live to the last open", () => {
  beforeAll(async () => {
    worker = startWorkerProcess(databaseUrl, {
      HERALD_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
      // Opens are read from the analytics rollups; a short interval keeps the test short.
      HERALD_ROLLUP_INTERVAL_MS: "2000",
    });
    await worker.ready;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.kill();
  });

  it.each(["en", "zh-CN"] as const)(
    "badge, banner, deliveries and opens follow the send without a reload (%s)",
    async (locale) => {
      const text = texts[locale];
      const app = await makeApp();
      const editorContext = await newContext();
      const editor = await signIn(editorContext, "editor@herald.local", password);
      editor.setDefaultTimeout(60_000);
      // Composed in English (the composer's own tests cover its languages), watched in `locale`.
      await editor.goto(`/campaigns/new?app=${app.appId}`);
      await editor.getByRole("heading", { level: 1, name: "New campaign" }).waitFor();
      await editor.getByRole("radio", { name: /^News/ }).check();
      await editor.getByLabel("Name").fill(`Live page ${locale}`);
      await editor.getByLabel("Breaking news").check();
      await editor.getByLabel("Test devices only").check();
      await field(editor, "Title").fill("Live page test");
      await field(editor, "Text").fill("The campaign page follows this send to the last open.");
      // One device every two seconds: the send lasts long enough to be watched.
      await editor.getByLabel("Throttle (devices per minute)").fill("30");
      await editor.getByRole("button", { name: "Save draft" }).click();
      await editor.waitForURL(/\/campaigns\/[0-9a-f-]{36}\?saved=created$/);
      const campaignPath = new URL(editor.url()).pathname;
      await setLanguage(editorContext, locale);
      await editor.goto(campaignPath);
      await editor.evaluate(() => ((window as unknown as { liveMarker: number }).liveMarker = 1));

      // The last device comes online only after the campaign completed: its receipt is part of the tail.
      const late = app.devices.at(-1)!;
      const devices = startDevices(app.key, app.devices.slice(0, -1));
      await editor.getByRole("button", { name: text.submit, exact: true }).click();
      await editor.getByTestId("campaign-state").filter({ hasText: text.sending }).waitFor();

      // The analyst opens the page while it sends and watches it complete.
      const analystContext = await newContext();
      const analyst = await signIn(analystContext, "analyst@herald.local", password);
      analyst.setDefaultTimeout(60_000);
      await setLanguage(analystContext, locale);
      await analyst.goto(campaignPath);
      await analyst.evaluate(() => ((window as unknown as { liveMarker: number }).liveMarker = 1));

      const completed = Promise.all(
        [editor, analyst].map((page) =>
          page.getByTestId("campaign-state").filter({ hasText: text.completed }).waitFor({ timeout: 90_000 }),
        ),
      ).then(() => devices.done);
      const [editorSaw, analystSaw] = await Promise.all([watch(editor, completed), watch(analyst, completed)]);
      await completed;
      expect(devices.received.size).toBe(DEVICES - 1);

      for (const saw of [editorSaw, analystSaw]) {
        expect(saw.states).toContain(text.sending);
        expect(saw.states.at(-1)).toBe(text.completed);
        // Delivered only grows.
        expect([...saw.delivered].sort((a, b) => a - b)).toEqual(saw.delivered);
      }
      // The editor's page saw deliveries come in while it was sending, not only at the end.
      expect(editorSaw.delivered.some((n) => n > 0 && n < DEVICES)).toBe(true);
      expect(editorSaw.banners.length).toBeGreaterThan(0);
      for (const banner of editorSaw.banners) expect(banner).not.toMatch(text.asPlanned);

      for (const page of [editor, analyst]) {
        await expect.poll(() => numberOf(page, "delivered"), { timeout: 60_000 }).toBe(DEVICES - 1);
      }
      // The late device fetches its push; both pages reach the total without a reload.
      const lateDevice = startDevices(app.key, [late]);
      await lateDevice.done;
      devices.received.set(late, lateDevice.received.get(late)!);
      for (const page of [editor, analyst]) {
        await expect.poll(() => numberOf(page, "delivered"), { timeout: 60_000 }).toBe(DEVICES);
      }

      // Opens come after completion; the pages keep following them.
      const opened = app.devices.slice(0, OPENS).map((installationId) => ({
        eventId: `open-${installationId}`,
        installationId,
        type: "opened",
        messageId: devices.received.get(installationId)!.messageId,
        campaignId: devices.received.get(installationId)!.campaignId,
        occurredAt: new Date().toISOString(),
      }));
      const posted = await api(app.key, "POST", "/events", { events: opened });
      expect(posted.status).toBeLessThan(300);
      for (const page of [editor, analyst]) {
        await expect.poll(() => numberOf(page, "opened"), { timeout: 90_000 }).toBe(OPENS);
        // 4 opens of 6 received pushes.
        expect(await page.getByTestId("progress-openRate").textContent()).toMatch(/66\.7\s?%/);
        expect(await page.getByTestId("campaign-state").textContent()).toBe(text.completed);
        expect(await page.evaluate(() => (window as unknown as { liveMarker?: number }).liveMarker)).toBe(1);
      }
      if (locale === "en") expect(editorSaw.banners.at(-1)).toMatch(/^Completed/);
      else expect(editorSaw.banners.at(-1)).toMatch(/^已完成/);
      devices.stop();
      await editorContext.close();
      await analystContext.close();
    },
    300_000,
  );
});
