// The Segments page in a real browser: an admin saves a segment, and on the next page load the row is
// there at once and its live counts stream into the "Devices now" and "Reachable now" cells.
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
let browser: () => Browser;

describe.skipIf(!chromiumPath)("segments", () => {
  browser = chromiumForSuite(chromiumPath);

  it("saves a segment and streams its count into the list", async () => {
    const page = await signIn(
      await browser().newContext({ baseURL: baseUrl }),
      inject("adminEmail"),
      inject("adminPassword"),
    );
    await page.goto("/segments");
    const name = `Android ${randomUUID().slice(0, 6)}`;
    await page.getByRole("button", { name: "New segment" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Audience expression").fill("platform:android");
    await dialog.getByRole("button", { name: "Save segment" }).click();
    await page.getByRole("cell", { name, exact: true }).waitFor();

    await page.reload();
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
    const devices = row.getByRole("cell").nth(2);
    await expect.poll(async () => (await devices.textContent())?.trim(), { timeout: 15_000 }).toMatch(/^\d[\d,]*$/);
    // Next to it, how many of them a send reaches now, per channel.
    const reachable = row.getByRole("cell").nth(3);
    await expect.poll(async () => (await reachable.textContent())?.trim(), { timeout: 15_000 }).toMatch(/^\d/);
  });
});
