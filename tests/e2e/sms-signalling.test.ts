// SMS signalling in a real browser: an admin turns it on for a new app, sets the window, a signal text
// (its segment count follows the typing) and a price, sees a field error for a bad price, saves and
// finds it all after a reload; in the composer of the seeded demo app (SMS on for breaking news), the
// SMS step appears only once the news is marked breaking, and shows the estimate for the budget typed;
// a campaign's report and the app's overview show its SMS figures (rows written here as the fallback
// and the providers' status callbacks would have).
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
let browser: () => Browser;

async function adminPage(): Promise<Page> {
  const page = await signIn(
    await browser().newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: "en-US" }),
    inject("adminEmail"),
    inject("adminPassword"),
  );
  page.setDefaultTimeout(60_000);
  return page;
}

describe.skipIf(!chromiumPath)("SMS signalling", () => {
  browser = chromiumForSuite(chromiumPath);

  it("an admin edits an app's SMS policy with field errors, saves it and finds it after a reload", async () => {
    const page = await adminPage();
    await page.goto("/apps");
    await page.getByRole("button", { name: "New app" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill(`E2E SMS ${randomUUID().slice(0, 6)}`);
    await dialog.getByRole("button", { name: "Create app" }).click();
    await page.getByTestId("one-time-secret").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).first().click();
    await page.waitForURL(/\/apps\/[0-9a-f-]{36}$/);

    const card = page.locator("section", { has: page.getByRole("heading", { name: "SMS signalling", level: 2 }) });
    await card.getByText("This app has no SMS credential yet").waitFor();
    const enabled = card.getByLabel("Use SMS as a fallback for unconfirmed pushes");
    expect(await enabled.isChecked()).toBe(false);
    expect(await card.getByLabel("Breaking news").isChecked()).toBe(true);
    await enabled.check();
    await card.getByLabel("Announcements").check();
    await card.getByLabel("Minutes without a push receipt before the SMS").fill("10");
    const text = card.getByLabel("Signal text");
    await text.fill("Breaking: open the app, code {code}");
    await card.getByText(/GSM-7, 41 characters, 1 segment/).waitFor();
    // One Chinese character turns the text into UCS-2.
    await text.fill("突发：打开应用查看 {code}");
    await card.getByText(/UCS-2, 22 characters, 1 segment/).waitFor();
    await card.getByRole("button", { name: "Add a country" }).click();
    await card.getByLabel("Country", { exact: true }).fill("us");
    await card.getByLabel("Price (USD)").fill("cheap");
    await card.getByRole("button", { name: "Save SMS policy" }).click();
    await card.getByText("Enter a price such as 0.0075").waitFor();
    await card.getByLabel("Price (USD)").fill("0.0079");
    await card.getByRole("button", { name: "Save SMS policy" }).click();
    await card.getByText("SMS policy saved.").waitFor();

    await page.reload();
    await card.getByRole("button", { name: "Save SMS policy" }).waitFor();
    expect(await card.getByLabel("Use SMS as a fallback for unconfirmed pushes").isChecked()).toBe(true);
    expect(await card.getByLabel("Announcements").isChecked()).toBe(true);
    expect(await card.getByLabel("Minutes without a push receipt before the SMS").inputValue()).toBe("10");
    expect(await card.getByLabel("Signal text").inputValue()).toBe("突发：打开应用查看 {code}");
    expect(await card.getByLabel("Country", { exact: true }).inputValue()).toBe("US");
    expect(await card.getByLabel("Price (USD)").inputValue()).toBe("0.0079");
  });

  it("the composer offers SMS for breaking news only and estimates it", async () => {
    const page = await adminPage();
    await page.goto("/campaigns");
    const picker = page.getByLabel("Switch app");
    const demo = await picker.locator("option", { hasText: "Herald Demo News" }).getAttribute("value");
    await page.goto(`/campaigns/new?app=${demo}&type=news`);
    await page.getByRole("heading", { level: 1, name: "New campaign" }).waitFor();
    const step = page.getByRole("heading", { name: "SMS signalling", level: 2 });
    expect(await step.count()).toBe(0);
    await page.getByLabel("Breaking news").check();
    await step.waitFor();
    await page.getByLabel(/Send an SMS to devices that have not confirmed the push within 5 minutes/).check();
    await page.getByLabel("Most SMS to send").fill("100");
    await page.getByLabel("Most money to spend (CNY)").fill("2");
    const estimate = page.locator("div[aria-live=polite]", { has: page.getByRole("heading", { name: "Estimate" }) });
    await estimate.getByText(/English signal: GSM-7, \d+ characters, 1 segment/).waitFor();
    await estimate.getByText(/Chinese signal: UCS-2, \d+ characters, 1 segment/).waitFor();
    await estimate.getByText(/devices in the audience have a consented phone number/).waitFor();
    await estimate.getByText(/Within this budget: at most/).waitFor();
    // Not breaking any more: the step goes away with its budget.
    await page.getByLabel("Breaking news").uncheck();
    await step.waitFor({ state: "detached" });
  });

  it("the campaign report and the overview show SMS sent, delivered, cost and fetches", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    let campaignId: string;
    let appId: string;
    try {
      const { rows: apps } = await client.query<{ id: string }>(`select id from "App" where name = 'Herald Demo News'`);
      appId = apps[0]!.id;
      const { rows: campaigns } = await client.query<{ id: string }>(
        `insert into "Campaign" (id, "appId", type, name, state, breaking, schedule, "smsMaxMessages",
                                 "smsMaxCostMicros", "startedAt", "updatedAt")
         values (gen_random_uuid(), $1, 'news', 'E2E SMS report', 'completed', true, '{"kind":"now"}', 10, 1000000,
                 now(), now()) returning id`,
        [appId],
      );
      campaignId = campaigns[0]!.id;
      const { rows: devices } = await client.query<{ id: string }>(
        `select id from "Device" where "appId" = $1 and id not in (select "deviceId" from "PhoneNumber")
          order by id limit 3`,
        [appId],
      );
      const rows = [
        { status: "delivered", reason: null, fetched: true, country: "CN", cost: 45_000 },
        { status: "sent", reason: null, fetched: false, country: "US", cost: 60_000 },
        { status: "suppressed", reason: "budget", fetched: false, country: "CN", cost: 0 },
      ];
      for (const [i, row] of rows.entries()) {
        const phone = randomUUID();
        await client.query(
          `insert into "PhoneNumber" (id, "appId", "deviceId", "numberHash", "numberSealed", masked, country,
                                      "consentAt", "updatedAt")
           values ($1, $2, $3, $4, 'v1.sealed', '+86 ******0000', $5, now(), now())`,
          [phone, appId, devices[i]!.id, `e2e-${phone}`, row.country],
        );
        await client.query(
          `insert into "SmsMessage" ("campaignId", "deviceId", "phoneNumberId", provider, status, reason, segments,
                                     country, "costMicros", "sentAt", "fetchedAt")
           values ($1, $2, $3, 'twilio', $4::"SmsStatus", $5, 1, $6, $7,
                   case when $4 = 'suppressed' then null else now() end, case when $8 then now() end)`,
          [campaignId, devices[i]!.id, phone, row.status, row.reason, row.country, row.cost, row.fetched],
        );
      }
    } finally {
      await client.end();
    }
    const page = await adminPage();
    await page.goto(`/campaigns/${campaignId}/report`);
    await page.getByRole("heading", { name: "SMS signalling", level: 2 }).waitFor();
    expect(await page.getByTestId("kpi-sms-sent").locator("dd").first().textContent()).toBe("2");
    expect(await page.getByTestId("kpi-sms-delivered").locator("dd").first().textContent()).toBe("1");
    expect(await page.getByTestId("kpi-sms-cost").locator("dd").first().textContent()).toBe("0.105 CNY");
    expect(await page.getByTestId("kpi-sms-fetched").locator("dd").first().textContent()).toBe("1");
    await page.getByText("Over the campaign's SMS budget").waitFor();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: /Export.*SMS by country/ }).click();
    const csv = await (await download).createReadStream();
    const text = await new Promise<string>((resolve) => {
      let out = "";
      csv.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
      csv.on("end", () => resolve(out));
    });
    expect(text).toContain("CN");
    expect(text).toContain("0.045");

    await page.goto(`/analytics?app=${appId}`);
    await page.getByRole("heading", { name: "SMS signalling", level: 2 }).waitFor();
  });
});
