// Finds a Chromium for the browser tests: CHROMIUM_PATH, then the usual system locations.
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

const candidates = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

export function findChromium(): string | null {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : null;
  return candidates.find((path) => existsSync(path)) ?? null;
}

// Headless flags that keep Chromium off the network (it has none to reach here).
export const chromiumArgs = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

// Signs in through the login form in a new page of `context` and waits to leave the login page.
export async function signIn(context: BrowserContext, email: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

// Starts one headless Chromium for the enclosing describe block and closes it afterwards; answers a
// getter for it (the browser exists only once the block's tests run).
export function chromiumForSuite(executablePath: string | null): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: executablePath ?? undefined, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}
