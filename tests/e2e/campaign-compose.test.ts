// The campaign composer in a real browser against the seeded demo app: a marketer composes an A/B
// promotion for dormant VIPs, sees the live count, saves it, edits it once and requests approval; an
// admin approves it and sees it scheduled with its waves. An editor composes breaking news for the
// test devices and sends it now: it is scheduled at once, without approval.
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
const promotion = "VIP win-back: two subject lines";
const breaking = "Earthquake alert (test send)";
let browser: () => Browser;

async function signInAs(email: string): Promise<Page> {
  // The demo staff get the admin's password when the seed sets it (the harness does).
  const page = await signIn(
    await browser().newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: "en-US" }),
    email,
    inject("adminPassword"),
  );
  page.setDefaultTimeout(60_000);
  return page;
}

// Opens the Campaigns page on the demo app (other tests may have created apps that sort first).
async function openDemoCampaigns(page: Page) {
  await page.goto("/campaigns");
  const picker = page.getByLabel("Switch app");
  const demo = await picker.locator("option", { hasText: "Herald Demo News" }).getAttribute("value");
  if ((await picker.inputValue()) !== demo) {
    await picker.selectOption({ label: "Herald Demo News" });
    await page.waitForURL(`**/campaigns?app=${demo}`);
  }
  await page.getByRole("heading", { level: 1, name: "Campaigns" }).waitFor();
}

// The live audience once it is counted for what is on screen now (not a stale figure).
async function settledAudience(page: Page): Promise<number> {
  const total = page.locator('section[aria-label="Audience now"][aria-busy="false"]').getByTestId("audience-total");
  const text = (await total.textContent({ timeout: 60_000 })) ?? "";
  const match = /([\d,]+) devices? in the audience/.exec(text);
  if (!match) throw new Error(`no count in "${text}"`);
  return Number(match[1].replace(/,/g, ""));
}

const field = (page: Page, name: string) => page.getByRole("textbox", { name, exact: true });

describe.skipIf(!chromiumPath)("campaign composer", () => {
  browser = chromiumForSuite(chromiumPath);

  it("a marketer composes a two-variant promotion and requests approval; an admin approves it", async () => {
    const marketer = await signInAs("marketer@herald.local");
    await openDemoCampaigns(marketer);
    await marketer.getByRole("link", { name: "New campaign" }).click();
    await marketer.getByRole("heading", { level: 1, name: "New campaign" }).waitFor();
    // A marketer may only write promotions, so that is the one type offered.
    expect(await marketer.getByRole("radio", { name: /^Promotion/ }).isChecked()).toBe(true);
    expect(await marketer.getByRole("radio", { name: /^News/ }).count()).toBe(0);

    await marketer.getByLabel("Name").fill(promotion);
    await marketer.getByLabel("Audience expression").fill("tag:vip and not tag:churned and lastActive>30d");
    await marketer.getByText("Expression is valid.").waitFor();
    const audience = await settledAudience(marketer);
    expect(audience).toBeGreaterThan(0);
    // What a send reaches now, as fan-out will route it, next to the audience.
    await marketer.getByTestId("reach-total").waitFor();
    await expect(marketer.getByText("By platform").isVisible()).resolves.toBe(true);

    await field(marketer, "Title").fill("We miss you");
    await field(marketer, "Text").fill("Come back for 30% off Plus this week.");
    await marketer.getByRole("button", { name: "Add variant" }).click();
    await expect(marketer.getByRole("tab", { name: /Variant B/ }).getAttribute("aria-selected")).resolves.toBe("true");
    expect(await marketer.getByLabel("Split for B (%)").inputValue()).toBe("50");
    await field(marketer, "Title").fill("Your VIP offer is waiting");
    await marketer.getByText("Splits total 100%.").waitFor();
    // The planned waves for "now", from the same audience.
    const waves = marketer.getByRole("table", { name: "Planned waves" });
    await waves.waitFor();
    expect(await waves.locator("tbody tr").count()).toBeGreaterThan(0);

    await marketer.getByRole("button", { name: "Save draft" }).click();
    await marketer.waitForURL(/\/campaigns\/[0-9a-f-]{36}\?saved=created$/);
    const campaignUrl = new URL(marketer.url()).pathname;
    await marketer.getByRole("heading", { level: 1, name: promotion }).waitFor();
    await marketer.getByRole("region", { name: "Variant A" }).getByText("We miss you").waitFor();
    await marketer.getByRole("region", { name: "Variant B" }).getByText("Your VIP offer is waiting").waitFor();
    expect(await marketer.getByText("50% of the audience").count()).toBe(2);

    // Editing loads the saved campaign back into the composer; saving keeps it one campaign.
    await marketer.getByRole("link", { name: "Edit" }).click();
    await marketer.getByRole("heading", { level: 1, name: `Edit “${promotion}”` }).waitFor();
    expect(await marketer.getByLabel("Audience expression").inputValue()).toBe(
      "tag:vip and not tag:churned and lastActive>30d",
    );
    expect(await field(marketer, "Title").inputValue()).toBe("We miss you");
    await marketer.getByRole("tab", { name: /Variant B/ }).click();
    await field(marketer, "Text").fill("Your 30% off Plus ends on Sunday.");
    await marketer.getByRole("button", { name: "Save changes" }).click();
    await marketer.waitForURL((url) => url.pathname === campaignUrl && url.search === "?saved=updated");
    await marketer.getByRole("region", { name: "Variant B" }).getByText("Your 30% off Plus ends on Sunday.").waitFor();

    await marketer.getByRole("button", { name: "Request approval" }).click();
    await marketer
      .getByRole("status")
      .filter({ hasText: "Submitted. It now waits for a second person's approval." })
      .waitFor();
    await marketer.getByText("Waiting for approval", { exact: true }).first().waitFor();
    expect(await marketer.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await marketer.context().close();

    const admin = await signInAs(inject("adminEmail"));
    await openDemoCampaigns(admin);
    await admin
      .getByRole("region", { name: "Waiting for your approval" })
      .getByRole("link", { name: promotion })
      .click();
    await admin.waitForURL((url) => url.pathname === campaignUrl);
    await admin.getByRole("button", { name: "Approve" }).click();
    // Approving asks first (tests/e2e/campaign-approval.test.ts checks the dialog).
    await admin.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
    // A send-now promotion starts at once, or waits for the end of the app's quiet hours "as planned".
    await admin
      .getByRole("status")
      .filter({ hasText: /Scheduled\. (Sending starts now|The waves below will go out as planned)\./ })
      .waitFor();
    await admin.getByText("Scheduled", { exact: true }).first().waitFor();
    const planned = admin.getByRole("table", { name: "Planned waves" });
    await planned.waitFor();
    expect(await planned.locator("tbody tr").count()).toBeGreaterThan(0);
    // The waves add up to the audience the marketer saw (both counted from the same devices).
    const devices = await planned.locator("tbody tr td:nth-child(5)").allTextContents();
    expect(devices.reduce((sum, text) => sum + Number(text.replace(/,/g, "")), 0)).toBe(audience);
    await admin.context().close();
  });

  it("an editor sends breaking news to the test devices now, scheduled without approval", async () => {
    const editor = await signInAs("editor@herald.local");
    await openDemoCampaigns(editor);
    await editor.getByRole("link", { name: "New campaign" }).click();
    await editor.getByRole("heading", { level: 1, name: "New campaign" }).waitFor();
    expect(await editor.getByRole("radio", { name: /^Promotion/ }).count()).toBe(0);
    await editor.getByRole("radio", { name: /^News/ }).check();
    await editor.getByLabel("Name").fill(breaking);
    await editor.getByLabel("Breaking news").check();
    await editor.getByLabel("Test devices only").check();
    const testDevices = await settledAudience(editor);
    expect(testDevices).toBeGreaterThan(0);
    await field(editor, "Title").fill("Magnitude 6.1 earthquake off the coast");
    await field(editor, "Text").fill("A tsunami warning is in effect for coastal areas. Follow local instructions.");
    expect(await editor.getByRole("radio", { name: /^Now/ }).isChecked()).toBe(true);
    await editor.getByText("Breaking news goes out through the app's quiet hours").waitFor();
    await editor.getByRole("table", { name: "Planned waves" }).waitFor();

    await editor.getByRole("button", { name: "Save draft" }).click();
    await editor.waitForURL(/\/campaigns\/[0-9a-f-]{36}\?saved=created$/);
    await editor.getByRole("heading", { level: 1, name: breaking }).waitFor();
    await editor.getByText("Test devices only").first().waitFor();
    // Breaking news skips approval: the button submits, and nothing asks for the app's name.
    expect(await editor.getByRole("button", { name: "Request approval" }).count()).toBe(0);
    await editor.getByRole("button", { name: "Submit" }).click();
    await editor.getByRole("status").filter({ hasText: "Scheduled. Sending starts now." }).waitFor();
    await editor.getByText("Scheduled", { exact: true }).first().waitFor();
    await editor.getByRole("button", { name: "Pause" }).waitFor();
    expect(await editor.getByText("Waiting for approval", { exact: true }).count()).toBe(0);
    await editor.context().close();
  });
});
