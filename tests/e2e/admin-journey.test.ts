// The first thing an admin does with Herald, in a real browser against `next start`: sign in,
// create an app, rotate its key, register a device through the public API with the new key, configure
// and test the app's MQTT broker from its page, find the device on the Devices page, and switch the
// interface to Chinese.
import { randomUUID } from "node:crypto";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromiumArgs } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
let browser: Browser;
let page: Page;

describe.skipIf(!chromiumPath)("admin journey", () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 900 },
      locale: "en-US",
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const appName = `E2E News ${randomUUID().slice(0, 6)}`;
  const installationId = randomUUID();
  let appId = "";
  let firstKey = "";
  let rotatedKey = "";

  it("signs in as the admin", async () => {
    await page.goto("/devices");
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(inject("adminEmail"));
    await page.getByLabel("Password").fill(inject("adminPassword"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await expect(page.getByTestId("current-role").textContent()).resolves.toBe("Admin");
  });

  it("refuses a wrong password with a message", async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const other = await context.newPage();
    await other.goto("/login");
    await other.getByLabel("Email").fill(inject("adminEmail"));
    await other.getByLabel("Password").fill("not the password");
    await other.getByRole("button", { name: "Sign in" }).click();
    await other.getByRole("alert").filter({ hasText: "do not match" }).waitFor();
    expect(other.url()).toContain("/login");
    await context.close();
  });

  it("creates an app and shows its API key once", async () => {
    await page.goto("/apps");
    await page.getByRole("button", { name: "New app" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill(appName);
    await dialog.getByLabel("Default time zone").fill("Europe/Berlin");
    await dialog.getByRole("button", { name: "Create app" }).click();
    const secret = page.getByTestId("one-time-secret");
    await secret.waitFor();
    firstKey = (await secret.textContent())?.trim() ?? "";
    expect(firstKey).toMatch(/^hk_[A-Za-z0-9]{10}_/);
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).first().click();
    // Closing the key dialog opens the new app's page.
    await page.waitForURL(/\/apps\/[0-9a-f-]{36}$/);
    appId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("heading", { level: 1, name: appName }).waitFor();
    expect(await page.content()).not.toContain(firstKey);
  });

  it("rotates the key: the new one works, the old one is refused", async () => {
    await page.getByRole("button", { name: "Rotate API key" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate key" }).click();
    const secret = page.getByTestId("one-time-secret");
    await secret.waitFor();
    rotatedKey = (await secret.textContent())?.trim() ?? "";
    expect(rotatedKey).toMatch(/^hk_/);
    expect(rotatedKey).not.toBe(firstKey);
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).first().click();

    const body = {
      installationId,
      platform: "android",
      channel: "fcm",
      token: `tok-${installationId}`,
      locale: "de-DE",
      timezone: "Europe/Berlin",
      appVersion: "5.4.1",
      tags: ["e2e", "sports"],
    };
    const register = (key: string) =>
      fetch(`${baseUrl}/api/v1/devices`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const refused = await register(firstKey);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const accepted = await register(rotatedKey);
    expect(accepted.status).toBe(201);
  });

  it("configures the app's MQTT broker and tests it: a pass, then the broker's refusal of a wrong one", async () => {
    await page.goto(`/apps/${appId}`);
    // The MQTT credential card itself (not the section holding every card).
    const card = page.locator("xpath=//section[header/h2[starts-with(normalize-space(.), 'MQTT')]]");
    const configure = async (brokerUrl: string, button: "Configure" | "Replace") => {
      await card.getByRole("button", { name: button }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Broker URL").fill(brokerUrl);
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.waitFor({ state: "detached" });
    };
    // The Mosquitto the integration tests use.
    await configure("mqtt://127.0.0.1:1883", "Configure");
    await card.getByRole("button", { name: "Test credentials" }).click();
    const result = card.getByTestId("credential-check-mqtt");
    await result.getByText("The vendor accepted this credential.").waitFor();
    expect(await card.locator("h2").textContent()).toContain("Configured");

    // Nothing listens on port 9: the check answers with the connection's refusal, and the card shows it failing.
    await configure("mqtt://127.0.0.1:9", "Replace");
    await card.getByRole("button", { name: "Test credentials" }).click();
    await result.getByText("The vendor refused this credential:").waitFor();
    expect(await result.textContent()).toMatch(/mqtt_/);
    await card.locator("h2").getByText("Failing").waitFor();
  });

  it("finds the registered device on the Devices page", async () => {
    await page.goto(`/devices?app=${appId}`);
    await page.getByLabel("Search").fill(installationId);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/q=/);
    const row = page.locator(`[title="${installationId}"]`).first();
    await row.waitFor();
    await row.click();
    await page.waitForURL(/\/devices\/[0-9a-f-]{36}/);
    await page.getByText(installationId).first().waitFor();
    const details = await page.locator("main").textContent();
    expect(details).toContain(installationId);
    expect(details).toContain("e2e");
    expect(details).toContain("Europe/Berlin");
  });

  it("switches the interface to Simplified Chinese", async () => {
    await page.getByLabel("Language").selectOption("zh-CN");
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    await page.getByRole("link", { name: "设备" }).first().waitFor();
    await expect(page.getByTestId("current-role").textContent()).resolves.toBe("管理员");
    await page.goto("/apps");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("应用");
  });
});
