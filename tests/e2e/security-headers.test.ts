// The console under its Content-Security-Policy in a real Chromium (issue [4/5] item 8): an admin signs
// in and opens the main pages with no CSP violation reported (console "Refused to ..." lines and
// securitypolicyviolation events), and the app still works: a dialog opens (client script ran) and
// saving a segment runs a server action. Over HTTPS (a trusted proxy saying https): HSTS, and next-auth's
// cookies are Secure with the __Secure-/__Host- prefixes and still sign in; a client that only claims
// https gets neither.
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { chromiumForSuite, signIn } from "../support/browser";
import { call, cookieHeader } from "../support/auth-http";

const baseUrl = inject("baseUrl");
const chromiumPath = inject("chromiumPath");
// Trusted as a proxy by the test server (tests/support/global-app.ts).
const proxy = "127.0.0.254";
let browser: () => Browser;

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

// Every CSP complaint the page makes, from the console and from securitypolicyviolation events.
function watchViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Refused to|Content Security Policy/i.test(text)) seen.push(text);
  });
  return seen;
}

async function reported(page: Page): Promise<string[]> {
  return page.evaluate(() => window.cspViolations ?? []);
}

describe.skipIf(!chromiumPath)("Content-Security-Policy in the browser", () => {
  browser = chromiumForSuite(chromiumPath);

  it("opens the main pages without a violation, and scripts and server actions still work", async () => {
    const context = await browser().newContext({ baseURL: baseUrl });
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener("securitypolicyviolation", (event) => {
        const where = `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`;
        window.cspViolations!.push(`${event.violatedDirective} ${event.blockedURI} ${where} ${event.sample}`);
      });
    });
    const page = await signIn(context, inject("adminEmail"), inject("adminPassword"));
    const violations = watchViolations(page);

    const response = await page.goto("/apps");
    const policy = response!.headers()["content-security-policy"];
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    // Next's own scripts carry the nonce of this response.
    const nonce = /'nonce-([^']+)'/.exec(policy!)![1];
    // Every script tag the server sent; chunks Next's runtime adds later (route prefetches) are allowed
    // by 'strict-dynamic', and a violation by any of them fails the check below.
    const scripts = [...(await response!.text()).matchAll(/<script\b[^>]*>/g)].map((tag) => tag[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);

    // The seeded demo app, which has campaigns and devices (other test files may have made apps that sort first).
    const appPath = await page
      .locator('a[href^="/apps/"]', { hasText: "Herald Demo News" })
      .first()
      .getAttribute("href");
    const demo = /^\/apps\/([^/?#]+)/.exec(appPath ?? "")?.[1];
    expect(demo).toBeTruthy();
    await page.goto(`/campaigns?app=${demo}`);
    const campaignPath = await page
      .locator('a[href^="/campaigns/"]:not([href="/campaigns/new"])')
      .first()
      .getAttribute("href");
    await page.goto(`/devices?app=${demo}`);
    const devicePath = await page.locator('a[href^="/devices/"]').first().getAttribute("href");
    const pages = ["/", "/campaigns", "/campaigns/new", "/segments", "/devices", "/analytics", "/audit", "/users"];
    for (const path of [...pages, appPath, campaignPath, devicePath]) {
      expect(path).toBeTruthy();
      const answer = await page.goto(path!);
      expect(answer!.status(), path!).toBe(200);
      await page.waitForLoadState("networkidle");
      expect(await reported(page), path!).toEqual([]);
    }

    // Client script runs (the dialog is React state) and the save is a server action.
    await page.goto("/segments");
    const name = `CSP ${randomUUID().slice(0, 6)}`;
    await page.getByRole("button", { name: "New segment" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Audience expression").fill("platform:android");
    await dialog.getByRole("button", { name: "Save segment" }).click();
    await page.getByRole("cell", { name, exact: true }).waitFor();
    expect(await reported(page)).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });
});

describe("headers over HTTP and HTTPS", () => {
  const email = inject("adminEmail");
  const password = inject("adminPassword");

  // next-auth's sign-in over plain HTTP requests, from `from`, with extra headers on every request.
  async function signInOver(from: string, headers: Record<string, string>) {
    const csrf = await call(baseUrl, "GET", "/api/auth/csrf", { from, headers });
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const answer = await call(baseUrl, "POST", "/api/auth/callback/credentials", {
      from,
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(csrf.cookies) },
      body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
    });
    expect(answer.status).toBe(200);
    return [...csrf.cookies, ...answer.cookies];
  }

  it("sends HSTS and Secure, prefixed cookies when a trusted proxy says https, and they sign in", async () => {
    const https = { "x-forwarded-proto": "https" };
    const login = await call(baseUrl, "GET", "/login", { from: proxy, headers: https });
    expect(login.headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(login.headers["content-security-policy"]).toContain("upgrade-insecure-requests");

    const cookies = await signInOver(proxy, https);
    const session = cookies.find((cookie) => cookie.startsWith("__Secure-next-auth.session-token="));
    const csrf = cookies.find((cookie) => cookie.startsWith("__Host-next-auth.csrf-token="));
    expect(session).toMatch(/;\s*Secure/i);
    expect(csrf).toMatch(/;\s*Secure/i);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
    const read = await call(baseUrl, "GET", "/api/auth/session", {
      from: proxy,
      headers: { ...https, cookie: cookieHeader(cookies) },
    });
    expect(JSON.parse(read.body)).toMatchObject({ user: { email } });
    const campaigns = await call(baseUrl, "GET", "/campaigns", {
      from: proxy,
      headers: { ...https, cookie: cookieHeader(cookies) },
    });
    expect(campaigns.status).toBe(200);
    expect(campaigns.headers["strict-transport-security"]).toBeDefined();

    const api = await call(baseUrl, "GET", "/api/v1/openapi.json", { from: proxy, headers: https });
    expect(api.status).toBe(200);
    expect(api.headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(api.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers["access-control-allow-origin"]).toBe("*");
  });

  it("ignores a client's own X-Forwarded-Proto: no HSTS, plain cookie names", async () => {
    const spoofed = { "x-forwarded-proto": "https" };
    const login = await call(baseUrl, "GET", "/login", { headers: spoofed });
    expect(login.status).toBe(200);
    expect(login.headers["strict-transport-security"]).toBeUndefined();
    const policy = String(login.headers["content-security-policy"]);
    for (const directive of [
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "'strict-dynamic'",
    ])
      expect(policy).toContain(directive);
    expect(policy).not.toContain("upgrade-insecure-requests");
    expect(login.headers["permissions-policy"]).toContain("camera=()");
    expect(login.headers["x-content-type-options"]).toBe("nosniff");
    expect(login.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");

    const cookies = await signInOver("127.0.0.1", spoofed);
    expect(cookies.some((cookie) => cookie.startsWith("next-auth.session-token="))).toBe(true);
    for (const cookie of cookies) {
      expect(cookie).not.toMatch(/^__(Secure|Host)-/);
      expect(cookie).not.toMatch(/;\s*Secure/i);
    }
    const api = await call(baseUrl, "GET", "/api/v1/openapi.json", { headers: spoofed });
    expect(api.headers["strict-transport-security"]).toBeUndefined();
  });
});
