// Sending for real in a browser: with a worker running (as `npm start` runs one), an editor sends
// breaking news to the demo app's test devices (on MQTT and the inbox, which need no vendor keys)
// and watches the campaign page's live progress reach "sent" for each of them and complete.
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromiumArgs, signIn } from "../support/browser";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
let browser: Browser;
let worker: WorkerProcess | null = null;

// The composer field for the visible variant/locale tab.
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true }).first();

describe.skipIf(!chromiumPath)("sending a campaign", () => {
  beforeAll(async () => {
    worker = startWorkerProcess(inject("databaseUrl"), {
      HERALD_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    });
    await worker.ready;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.kill();
  });

  it("an editor's breaking news reaches the test devices and the page shows it live", async () => {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 900 },
      locale: "en-US",
    });
    const editor = await signIn(context, "editor@herald.local", inject("adminPassword"));
    editor.setDefaultTimeout(60_000);
    await editor.goto("/campaigns");
    const picker = editor.getByLabel("Switch app");
    const demo = await picker.locator("option", { hasText: "Herald Demo News" }).getAttribute("value");
    await editor.goto(`/campaigns/new?app=${demo}`);
    await editor.getByRole("heading", { level: 1, name: "New campaign" }).waitFor();
    await editor.getByRole("radio", { name: /^News/ }).check();
    await editor.getByLabel("Name").fill("Live test send");
    await editor.getByLabel("Breaking news").check();
    await editor.getByLabel("Test devices only").check();
    await field(editor, "Title").fill("Test: breaking news path");
    await field(editor, "Text").fill("If you can read this on a test phone, dispatch works.");
    await editor.getByRole("button", { name: "Save draft" }).click();
    await editor.waitForURL(/\/campaigns\/[0-9a-f-]{36}\?saved=created$/);
    await editor.getByRole("button", { name: "Submit" }).click();
    // The progress card appears once it is scheduled and follows the worker without a reload.
    await editor.getByText(/^Completed /).waitFor();
    const count = async (name: string) =>
      Number(((await editor.getByTestId(`progress-${name}`).textContent()) ?? "").replace(/,/g, ""));
    expect(await count("targeted")).toBe(5);
    expect(await count("sent")).toBe(5);
    expect(await count("queued")).toBe(0);
    expect(await count("failed")).toBe(0);
    await context.close();
  });
});
