// The two-person rule in a real browser, on the seeded demo campaigns: the marketer who submitted
// the demo promotion is not offered Approve on it; an admin finds it under "Waiting for your
// approval", is asked to confirm (the dialog names the campaign, its audience and its schedule; Cancel
// leaves it waiting), approves it, and sees it scheduled with its planned waves.
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const promotion = "Upgrade to Plus: first month for ¥1";
let browser: () => Browser;

async function signInAs(email: string, password: string): Promise<Page> {
  return signIn(
    await browser().newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: "en-US" }),
    email,
    password,
  );
}

// Opens the Campaigns page on the demo app (other tests may have created apps that sort first).
async function openDemoCampaigns(page: Page) {
  await page.goto("/campaigns");
  const picker = page.getByLabel("Switch app");
  if (
    (await picker.inputValue()) !==
    (await picker.locator("option", { hasText: "Herald Demo News" }).getAttribute("value"))
  ) {
    await picker.selectOption({ label: "Herald Demo News" });
    await page.waitForURL(/\/campaigns\?app=/);
  }
  await page.getByRole("table", { name: "Campaigns" }).waitFor();
}

// The Campaigns page on the demo app in whichever language the user reads (the picker's label differs).
async function openDemoCampaignsAnyLanguage(page: Page) {
  await page.goto("/campaigns");
  const picker = page.locator("select").filter({ has: page.locator("option", { hasText: "Herald Demo News" }) });
  const demo = await picker.locator("option", { hasText: "Herald Demo News" }).getAttribute("value");
  if ((await picker.inputValue()) !== demo) {
    await picker.selectOption(demo!);
    await page.waitForURL(/\/campaigns\?app=/);
  }
  await page.locator("table").first().waitFor();
}

describe.skipIf(!chromiumPath)("campaign approval", () => {
  browser = chromiumForSuite(chromiumPath);

  it("the marketer who submitted the promotion is not offered Approve on it", async () => {
    // The demo staff get the admin's password when the seed sets it (the harness does).
    const marketer = await signInAs("marketer@herald.local", inject("adminPassword"));
    await openDemoCampaigns(marketer);
    expect(await marketer.getByRole("region", { name: "Waiting for your approval" }).count()).toBe(0);
    await marketer.getByRole("table", { name: "Campaigns" }).getByRole("link", { name: promotion }).click();
    await marketer.getByRole("heading", { level: 1, name: promotion }).waitFor();
    await marketer.getByRole("button", { name: "Withdraw" }).waitFor();
    expect(await marketer.getByRole("button", { name: "Approve" }).count()).toBe(0);
    expect(await marketer.getByText("Waiting for approval").count()).toBeGreaterThan(0);
    await marketer.context().close();
  });

  // The campaign's state in the database.
  async function stateOf(name: string): Promise<string> {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      return (await client.query<{ state: string }>(`select state::text from "Campaign" where name = $1`, [name]))
        .rows[0]!.state;
    } finally {
      await client.end();
    }
  }

  it("asks before approving, in Chinese too, and Cancel leaves it waiting", async () => {
    const admin = await signInAs(inject("adminEmail"), inject("adminPassword"));
    await admin.context().addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
    await openDemoCampaignsAnyLanguage(admin);
    await admin.getByRole("link", { name: promotion }).first().click();
    await admin.getByRole("heading", { level: 1, name: promotion }).waitFor();
    await admin.getByRole("button", { name: "批准", exact: true }).click();
    const dialog = admin.getByRole("dialog", { name: `批准“${promotion}”？` });
    await dialog.waitFor();
    // Audience and schedule, labelled in Chinese.
    await dialog.getByText("受众", { exact: true }).waitFor();
    await dialog.getByText("排期", { exact: true }).waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/\d+ 台设备/);
    await dialog.getByRole("button", { name: "取消" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await stateOf(promotion)).toBe("pending_approval");
    await admin.getByRole("button", { name: "批准", exact: true }).waitFor();
    await admin.context().close();
  });

  it("an admin approves it from the queue and sees it scheduled with its waves", async () => {
    const admin = await signInAs(inject("adminEmail"), inject("adminPassword"));
    await openDemoCampaigns(admin);
    const queue = admin.getByRole("region", { name: "Waiting for your approval" });
    await queue.getByRole("link", { name: promotion }).click();
    await admin.waitForURL(/\/campaigns\/[0-9a-f-]{36}/);
    await admin.getByRole("heading", { level: 1, name: promotion }).waitFor();
    await admin.getByRole("button", { name: "Approve" }).click();
    // A confirmation first: it names the campaign, its audience and its schedule.
    const dialog = admin.getByRole("dialog", { name: `Approve “${promotion}”?` });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/Audience\s*\d+ devices?/);
    await expect(dialog.textContent()).resolves.toMatch(/Schedule\s*\S/);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await stateOf(promotion)).toBe("pending_approval");
    await admin.getByRole("button", { name: "Approve" }).click();
    await dialog.getByRole("button", { name: "Approve" }).click();
    await admin.getByRole("status").filter({ hasText: "Scheduled. The waves below will go out as planned." }).waitFor();
    // The page re-renders from the server: the new state, the approver and the audit entry.
    await admin.getByText("Scheduled", { exact: true }).first().waitFor();
    // The badge follows the live poll; the buttons follow the server render just after it.
    await admin.getByRole("button", { name: "Approve" }).waitFor({ state: "detached" });
    await admin.getByRole("button", { name: "Pause" }).waitFor();
    const waves = admin.getByRole("table", { name: "Planned waves" });
    await waves.waitFor();
    expect(await waves.locator("tbody tr").count()).toBeGreaterThan(0);
    await admin.getByRole("table", { name: "History" }).getByText("Approved", { exact: true }).waitFor();
    await expect(admin.getByText(`${inject("adminEmail")} ·`).count()).resolves.toBeGreaterThan(0);
    // It left the approval queue.
    await openDemoCampaigns(admin);
    expect(await admin.getByRole("region", { name: "Waiting for your approval" }).count()).toBe(0);
    await admin.context().close();
  });
});
