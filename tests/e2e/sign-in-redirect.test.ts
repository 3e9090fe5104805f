// After sign-in the browser goes to the callbackUrl only when it is a path on Herald's own origin
// (issue [4/5] item 1): the variants that browsers read as "//host" land on the dashboard instead.
import type { Browser } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite } from "../support/browser";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
let browser: () => Browser;

async function signInWith(callbackUrl: string): Promise<URL> {
  const context = await browser().newContext({ baseURL: baseUrl });
  try {
    const page = await context.newPage();
    await page.goto(`/login?callbackUrl=${callbackUrl}`);
    await page.getByLabel("Email").fill(inject("adminEmail"));
    await page.getByLabel("Password").fill(inject("adminPassword"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.waitForLoadState("load");
    return new URL(page.url());
  } finally {
    await context.close();
  }
}

describe.skipIf(!chromiumPath)("sign-in redirect", () => {
  browser = chromiumForSuite(chromiumPath);

  // As they appear in the address bar (already URL-encoded where a browser would encode them).
  it.each(["/%5Cevil.example/x", "/%5C/evil.example", "/%09/evil.example", "/%0A/evil.example", "//evil.example/x"])(
    "stays on Herald for callbackUrl=%s",
    async (callbackUrl) => {
      const landed = await signInWith(callbackUrl);
      expect(landed.origin).toBe(new URL(baseUrl).origin);
      expect(landed.pathname).toBe("/");
    },
  );

  it("follows a same-origin callbackUrl", async () => {
    const landed = await signInWith(encodeURIComponent("/campaigns?state=draft"));
    expect(landed.origin).toBe(new URL(baseUrl).origin);
    expect(`${landed.pathname}${landed.search}`).toBe("/campaigns?state=draft");
  });
});
