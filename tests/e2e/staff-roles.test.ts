// Staff management in a real browser: an admin adds an analyst, who sees a read-only Herald (no
// admin pages, no device controls, a refusal when opening an admin page by URL); once the admin
// disables the account, the analyst's next request lands on the sign-in page.
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
let browser: () => Browser;

describe.skipIf(!chromiumPath)("staff roles", () => {
  browser = chromiumForSuite(chromiumPath);

  const analystName = `Ana ${randomUUID().slice(0, 6)}`;
  const analystEmail = `${analystName.replace(" ", ".").toLowerCase()}@herald.test`;
  const analystPassword = "analyst-password-42";
  let admin: Page;
  let analyst: Page;

  it("an admin adds an analyst with a chosen password", async () => {
    admin = await signIn(
      await browser().newContext({ baseURL: baseUrl }),
      inject("adminEmail"),
      inject("adminPassword"),
    );
    await admin.goto("/users");
    await admin.getByRole("button", { name: "Add user" }).click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByLabel("Name").fill(analystName);
    await dialog.getByLabel("Email").fill(analystEmail);
    await dialog.getByLabel("Role").selectOption("analyst");
    await dialog.getByLabel("Generate a password and show it once").uncheck();
    await dialog.getByLabel("Initial password").fill(analystPassword);
    await dialog.getByRole("button", { name: "Add user" }).click();
    await admin.getByRole("cell", { name: analystEmail }).waitFor();
  });

  it("the analyst sees a read-only Herald", async () => {
    analyst = await signIn(await browser().newContext({ baseURL: baseUrl }), analystEmail, analystPassword);
    const nav = analyst.getByRole("navigation", { name: "Main navigation" }).first();
    await nav.getByRole("link", { name: "Devices" }).waitFor();
    expect(await nav.getByRole("link", { name: "Users" }).count()).toBe(0);
    expect(await nav.getByRole("link", { name: "Audit log" }).count()).toBe(0);
    await analyst.goto("/users");
    await analyst.waitForURL(/\/forbidden/);
    await analyst.goto("/devices");
    await analyst.getByRole("table").waitFor();
    expect(await analyst.getByRole("table").getByRole("checkbox").count()).toBe(0);
    expect(await analyst.getByRole("button", { name: "Mark as test" }).count()).toBe(0);
  });

  it("the same Devices page gives the admin the test-device controls", async () => {
    await admin.goto("/devices");
    await admin.getByRole("table").waitFor();
    expect(await admin.getByRole("table").getByRole("checkbox").count()).toBeGreaterThan(0);
  });

  it("disabling the account signs the analyst out at the next request", async () => {
    await admin.goto("/users");
    await admin.getByRole("button", { name: `Disable ${analystName}` }).click();
    await admin.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
    await admin.getByRole("dialog").waitFor({ state: "detached" });
    await analyst.goto("/devices");
    await analyst.waitForURL(/\/login/);
  });
});
