// The routing policy editor on an app's page, in a real browser: an admin moves a channel up with
// the keyboard, removes one, adds one back, saves, finds the order again after a reload (channels
// without a credential marked as skipped), and resets the app to Herald's defaults.
// The same page shows the app id and the MQTT broker its devices use (Device connection).
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
let browser: () => Browser;

// The channel names of a row, in order (without their position and badges).
async function rowChannels(page: Page, row: string): Promise<string[]> {
  const item = page.locator("li", { has: page.getByRole("heading", { name: row, exact: true }) });
  const entries = await item.locator("ol > li > span.min-w-0").allTextContents();
  return entries.map((text) => text.replace(/no credential, skipped|not available, skipped/, "").trim());
}

describe.skipIf(!chromiumPath)("app routing policy", () => {
  browser = chromiumForSuite(chromiumPath);

  it("reorders, excludes and includes channels, saves, and resets to the defaults", async () => {
    const page = await signIn(
      await browser().newContext({ baseURL: baseUrl, locale: "en-US" }),
      inject("adminEmail"),
      inject("adminPassword"),
    );
    await page.goto("/apps");
    await page.getByRole("button", { name: "New app" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill(`E2E Routing ${randomUUID().slice(0, 6)}`);
    await dialog.getByRole("button", { name: "Create app" }).click();
    await page.getByTestId("one-time-secret").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).first().click();
    await page.waitForURL(/\/apps\/[0-9a-f-]{36}$/);

    // The Device connection card: the app id of the URL (the <appId> of its MQTT topics) and the address of the
    // default broker its MQTT devices use, never "no broker" while sends go through it.
    const appId = page.url().split("/").at(-1)!;
    await expect(page.getByTestId("app-id").textContent()).resolves.toBe(appId);
    await expect(page.getByTestId("device-broker").textContent()).resolves.toMatch(/^mqtt:\/\/[^/@]+:\d+$/);
    await expect(page.getByText(`herald/${appId}/devices/<installationId>/messages`).count()).resolves.toBe(1);
    await expect(page.getByText("No broker configured").count()).resolves.toBe(0);

    const row = "Android, Huawei";
    await page.getByRole("heading", { name: row, exact: true }).waitFor();
    expect(await rowChannels(page, row)).toEqual([
      "Huawei Push (HMS)",
      "JPush",
      "FCM",
      "XMPP",
      "MQTT",
      "Inbox polling",
    ]);
    // A new app has no credentials: the vendors' channels and XMPP (the app's own server, not configured) are
    // marked as skipped; MQTT (Herald's default broker) and the inbox are not.
    const huaweiRow = page.locator("li", { has: page.getByRole("heading", { name: row, exact: true }) });
    await expect(huaweiRow.getByText("no credential, skipped").count()).resolves.toBe(4);

    // Keyboard: focus "move JPush up" and press Enter.
    await page.getByRole("button", { name: `Move JPush up in ${row}` }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: `Remove FCM from ${row}` }).click();
    expect(await rowChannels(page, row)).toEqual(["JPush", "Huawei Push (HMS)", "XMPP", "MQTT", "Inbox polling"]);
    await page.getByLabel(`Channel to add to ${row}`).selectOption({ label: "FCM" });
    await huaweiRow.getByRole("button", { name: "Add" }).click();
    await page.getByRole("button", { name: `Move FCM up in ${row}` }).click();
    expect(await rowChannels(page, row)).toEqual([
      "JPush",
      "Huawei Push (HMS)",
      "XMPP",
      "MQTT",
      "FCM",
      "Inbox polling",
    ]);
    const card = page.locator("section", { has: page.getByRole("heading", { name: "Routing", level: 2 }) });
    await card.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Routing saved.").waitFor();

    await page.reload();
    await page.getByRole("heading", { name: row, exact: true }).waitFor();
    expect(await rowChannels(page, row)).toEqual([
      "JPush",
      "Huawei Push (HMS)",
      "XMPP",
      "MQTT",
      "FCM",
      "Inbox polling",
    ]);
    await page.getByText("This app uses its own order.").waitFor();

    await card.getByRole("button", { name: "Reset to defaults" }).click();
    await page.getByText("Routing reset to Herald's defaults.").waitFor();
    await page.reload();
    await page.getByText("This app uses Herald's defaults.").waitFor();
    expect(await rowChannels(page, row)).toEqual([
      "Huawei Push (HMS)",
      "JPush",
      "FCM",
      "XMPP",
      "MQTT",
      "Inbox polling",
    ]);
  });
});
