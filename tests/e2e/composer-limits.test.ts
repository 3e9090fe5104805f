// The composer never loses or cuts what was typed, and says the same thing in both languages:
// - a title over Xiaomi's 49 characters still saves as a draft; the count shows the tightest limit and
//   names the channel; submitting is refused naming the channel, and each fix (a short title for
//   Xiaomi, or leaving Xiaomi out) lets it submit;
// - 5,000 pasted characters stay 5,000, counted and flagged, never cut by a maxlength;
// - an audience expression error names the same 1-based column in English and in Chinese.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
let browser: () => Browser;

type Lang = "en" | "zh-CN";
// The UI's own words, read from its message files, so both languages run the same steps.
function messages(lang: Lang, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(import.meta.dirname, "../../messages", lang, `${file}.json`), "utf8"));
}
function text(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  const [file, ...parts] = key.split(".");
  let node: unknown = messages(lang, file!);
  for (const part of parts) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "string") throw new Error(`no message ${lang} ${key}`);
  return node.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

async function editorIn(lang: Lang): Promise<Page> {
  const context = await browser().newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
  });
  const page = await signIn(context, "editor@herald.local", inject("adminPassword"));
  if (lang === "zh-CN") await context.addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseUrl }]);
  page.setDefaultTimeout(60_000);
  return page;
}

// The composer for a new campaign in the demo app (other test files may have made apps that sort first).
async function newCampaign(page: Page, lang: Lang) {
  await page.goto("/campaigns");
  const demo = await page.locator("select option", { hasText: "Herald Demo News" }).first().getAttribute("value");
  await page.goto(`/campaigns/new?app=${demo}`);
  await page.getByRole("heading", { level: 1, name: text(lang, "campaigns.composer.newTitle") }).waitFor();
}

const field = (page: Page, name: string) => page.getByRole("textbox", { name, exact: true }).first();

describe.skipIf(!chromiumPath)("composer limits and positions", () => {
  browser = chromiumForSuite(chromiumPath);

  for (const lang of ["en", "zh-CN"] as const) {
    it(`a title over Xiaomi's limit saves as a draft and blocks only submission, with fixes (${lang})`, async () => {
      const page = await editorIn(lang);
      const xiaomi = text(lang, "enums.channel.xiaomi");
      await newCampaign(page, lang);
      await page.getByRole("radio", { name: new RegExp(`^${text(lang, "campaigns.type.news")}`) }).check();
      await page.getByLabel(text(lang, "campaigns.composer.basics.name"), { exact: true }).fill(`Typhoon ${lang}`);
      await page.getByLabel(text(lang, "campaigns.composer.audience.testDevicesOnly")).check();
      const title = "Typhoon Haikui: orange alert for the coast from tonight".padEnd(53, "!").slice(0, 53);
      await field(page, text(lang, "campaigns.composer.message.title")).fill(title);
      await field(page, text(lang, "campaigns.composer.message.body")).fill("Stay indoors; schools are closed.");
      for (const channel of ["xiaomi", "mqtt"])
        await page.getByRole("checkbox", { name: text(lang, `enums.channel.${channel}`), exact: true }).check();

      // The count is against Xiaomi's limit, named; the fixes list says why submitting will wait.
      const count = page.getByTestId("count-title").first();
      await expect.poll(() => count.textContent()).toContain("53 / 49");
      expect(await count.textContent()).toContain(xiaomi);
      const fixes = page.getByTestId("channel-limits");
      expect(await fixes.textContent()).toContain(xiaomi);

      await page.getByRole("button", { name: text(lang, "campaigns.composer.save.saveDraft") }).click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\?saved=created$/);
      const notice = page.getByTestId("draft-channel-limits");
      expect(await notice.textContent()).toContain(xiaomi);
      await page.getByRole("button", { name: text(lang, "campaigns.actions.submit.button") }).click();
      const refusal = page.getByRole("alert").filter({ hasText: xiaomi });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain(
        text(lang, "campaigns.errors.overChannelLimits", { channels: xiaomi }).slice(0, 12),
      );
      expect(await page.getByText(text(lang, "campaigns.state.draft"), { exact: true }).count()).toBeGreaterThan(0);

      // Fix it in the editor: English adds a short title for Xiaomi, Chinese leaves Xiaomi out.
      await page.getByRole("link", { name: text(lang, "campaigns.composer.limits.fix") }).click();
      await page.getByTestId("channel-limits").waitFor();
      if (lang === "en") {
        await page
          .getByTestId("channel-limits")
          .getByRole("button", { name: text(lang, "campaigns.composer.limits.addShortTitle", { channel: xiaomi }) })
          .click();
        await field(page, text(lang, "campaigns.composer.message.shortTitle")).fill("Typhoon: orange alert tonight");
      } else {
        await page
          .getByTestId("channel-limits")
          .getByRole("button", { name: text(lang, "campaigns.composer.limits.leaveOut", { channel: xiaomi }) })
          .click();
        expect(await page.getByRole("checkbox", { name: xiaomi, exact: true }).isChecked()).toBe(false);
      }
      await page.getByTestId("channel-limits").waitFor({ state: "detached" });
      await page.getByRole("button", { name: text(lang, "campaigns.composer.save.saveChanges") }).click();
      await page.waitForURL(/\?saved=updated$/);
      expect(await page.getByTestId("draft-channel-limits").count()).toBe(0);
      const submit = text(lang, "campaigns.actions.submit.button");
      const request = text(lang, "campaigns.actions.submit.requestApproval");
      await page.getByRole("button", { name: new RegExp(`^(${submit}|${request})$`) }).click();
      // Submitted: the page no longer offers Submit, and no refusal names Xiaomi.
      await page.getByRole("button", { name: submit, exact: true }).waitFor({ state: "detached" });
      expect(await page.getByRole("alert").filter({ hasText: xiaomi }).count()).toBe(0);
      await page.context().close();
    });

    it(`5,000 pasted characters stay, counted and flagged (${lang})`, async () => {
      const page = await editorIn(lang);
      await newCampaign(page, lang);
      const body = field(page, text(lang, "campaigns.composer.message.body"));
      await body.fill("长".repeat(5000));
      expect([...(await body.inputValue())]).toHaveLength(5000);
      await body.blur();
      const count = page.getByTestId("count-body").first();
      await expect.poll(() => count.textContent()).toMatch(/5,000 \//);
      await page.getByRole("button", { name: text(lang, "campaigns.composer.save.saveDraft") }).click();
      await page.getByText(text(lang, "campaigns.errors.bodyTooLong"), { exact: true }).first().waitFor();
      expect([...(await body.inputValue())]).toHaveLength(5000);
      await page.context().close();
    });
  }

  it("an expression error names the same 1-based column in English and in Chinese", async () => {
    const expression = "platform:android and colour:red";
    const columns: number[] = [];
    for (const lang of ["en", "zh-CN"] as const) {
      const page = await editorIn(lang);
      await newCampaign(page, lang);
      await page.getByLabel(text(lang, "segments.fields.expression"), { exact: true }).fill(expression);
      const headline = page.locator('[role="alert"] p.font-medium').first();
      await headline.waitFor();
      const shown = (await headline.textContent()) ?? "";
      const match = lang === "en" ? /at column (\d+)/.exec(shown) : /第 (\d+) 列/.exec(shown);
      expect(match, shown).not.toBeNull();
      columns.push(Number(match![1]));
      await page.context().close();
    }
    // "colour" starts at the 22nd character.
    expect(columns).toEqual([22, 22]);
  });
});
