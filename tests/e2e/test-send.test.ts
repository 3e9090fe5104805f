// "Send test" in a real browser, in English and Chinese: an editor composes a message (not saved),
// opens Send test, picks one of the demo app's MQTT test devices, sends, sees "sent" for it, opens the
// device trace and finds the test send there with the content tested. The web process sends through
// the real MQTT provider to the default broker (Mosquitto on this host's 1883).
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
let browser: () => Browser;

const texts = {
  en: { open: "Send test", sent: "Sent", trace: "Test send by", heading: "New campaign" },
  "zh-CN": { open: "发送测试", sent: "已发送", trace: "发送的测试", heading: "新建活动" },
} as const;

async function editorIn(locale: keyof typeof texts): Promise<Page> {
  const context = await browser().newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 } });
  const page = await signIn(context, "editor@herald.local", inject("adminPassword"));
  page.setDefaultTimeout(60_000);
  if (locale === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
  return page;
}

describe.skipIf(!chromiumPath)("send test from the composer", () => {
  browser = chromiumForSuite(chromiumPath);

  for (const locale of ["en", "zh-CN"] as const) {
    it(`${locale}: an editor sends the composed message to a test device and finds it in the trace`, async () => {
      const t = texts[locale];
      const page = await editorIn(locale);
      await page.goto("/campaigns");
      const picker = page.locator("select").filter({ has: page.locator("option", { hasText: "Herald Demo News" }) });
      const demo = await picker.locator("option", { hasText: "Herald Demo News" }).first().getAttribute("value");
      await page.goto(`/campaigns/new?app=${demo}`);
      await page.getByRole("heading", { level: 1, name: t.heading }).waitFor();
      const title = `Test ${locale} ${Date.now().toString(36)}`;
      await page.locator('input[name="campaign.name"]').fill(`Send test ${locale}`);
      await page.locator('input[name$=".title"]').first().fill(title);
      await page.locator('textarea[name$=".body"]').first().fill("Only the test phone gets this.");

      await page.getByRole("button", { name: t.open }).click();
      const dialog = page.getByRole("dialog");
      const mqttDevice = dialog.locator("li", { hasText: "MQTT" }).first();
      await mqttDevice.waitFor();
      await mqttDevice.getByTestId("test-send-device").check();
      await dialog.getByTestId("test-send-submit").click();
      const result = dialog.getByTestId("test-send-result");
      await result.waitFor();
      expect(await result.count()).toBe(1);
      expect(await result.locator("span", { hasText: t.sent }).count()).toBe(1);
      expect(await result.textContent()).toContain("MQTT");

      // The device trace (opened in its own tab, the composer keeps its work) lists the test send.
      const href = await result.getByTestId("test-send-trace").getAttribute("href");
      const trace = await page.context().newPage();
      await trace.goto(href!);
      const sends = trace.getByTestId("trace-test-send");
      await sends.first().waitFor();
      const row = sends.filter({ hasText: title });
      expect(await row.count()).toBe(1);
      const text = (await row.textContent()) ?? "";
      expect(text).toContain(t.trace);
      expect(text).toContain(t.sent);
      expect(text).toContain("MQTT");
      await page.context().close();
    });
  }

  it("en: a saved draft's page sends its stored content to an inbox test device", async () => {
    const page = await editorIn("en");
    await page.goto("/campaigns");
    const picker = page.locator("select").filter({ has: page.locator("option", { hasText: "Herald Demo News" }) });
    const demo = await picker.locator("option", { hasText: "Herald Demo News" }).first().getAttribute("value");
    await page.goto(`/campaigns/new?app=${demo}`);
    await page.getByRole("heading", { level: 1, name: "New campaign" }).waitFor();
    await page.locator('input[name="campaign.name"]').fill("Draft with a test send");
    await page.locator('input[name$=".title"]').first().fill("Stored draft title");
    await page.locator('textarea[name$=".body"]').first().fill("Stored draft body.");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\?saved=created$/);
    await page.getByRole("button", { name: "Send test" }).click();
    const dialog = page.getByRole("dialog");
    const inboxDevice = dialog.locator("li", { hasText: "Inbox polling" }).first();
    await inboxDevice.waitFor();
    await inboxDevice.getByTestId("test-send-device").check();
    await dialog.getByTestId("test-send-submit").click();
    const result = dialog.getByTestId("test-send-result");
    await result.waitFor();
    expect(await result.locator("span", { hasText: "Sent" }).count()).toBe(1);
    expect(await result.textContent()).toContain("Inbox polling");
    // Still a draft: a test send changes nothing of the campaign.
    await page.getByRole("button", { name: "Close" }).click();
    await page.reload();
    await page.getByRole("button", { name: "Submit" }).waitFor();
    await page.context().close();
  });
});
