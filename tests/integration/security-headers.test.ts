// The security headers' values (issue [4/5] item 8), over HTTP and over HTTPS: the console's proxy
// (proxy.ts) gives each response a Content-Security-Policy with a fresh nonce, also on the request
// Next.js renders (so its scripts carry the nonce), Permissions-Policy, and HSTS only over HTTPS; the
// device API answers with the headers that fit an API, keeps CORS *, and adds HSTS over HTTPS. Whether
// a request is HTTPS comes from the socket or a trusted proxy (stampRequest, as Herald's server calls
// it), never from a header the client wrote. next-auth's cookies are Secure and prefixed over HTTPS.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { proxy, config } from "@/proxy";
import { stampRequest, trustedProxies } from "@/server/auth/client-address";
import { authOptionsFor } from "@/server/auth/request-options";
import { serveApiRequest } from "@/server/device-api/http-adapter";

const savedUrl = process.env.NEXTAUTH_URL;
afterEach(() => {
  if (savedUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = savedUrl;
});

function directives(policy: string | null): Map<string, string> {
  return new Map(
    (policy ?? "")
      .split(";")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => [part.split(" ")[0]!, part.slice(part.indexOf(" ") + 1)] as [string, string]),
  );
}

describe("the console's headers (proxy.ts)", () => {
  const page = (headers: Record<string, string> = {}) =>
    proxy(new NextRequest("http://herald.test/campaigns", { headers }));

  it("over HTTP: a nonce-based policy, Permissions-Policy, no HSTS", () => {
    process.env.NEXTAUTH_URL = "http://herald.test";
    const response = page();
    const policy = response.headers.get("content-security-policy");
    const csp = directives(policy);
    const nonce = /'nonce-([A-Za-z0-9+/]+=*)'/.exec(csp.get("script-src") ?? "")?.[1];
    expect(nonce).toBeDefined();
    expect(Buffer.from(nonce!, "base64")).toHaveLength(16);
    expect(csp.get("script-src")).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("form-action")).toBe("'self'");
    expect(csp.get("default-src")).toBe("'self'");
    expect(csp.get("style-src-elem")).toBe(`'self' 'nonce-${nonce}'`);
    expect(csp.get("style-src-attr")).toBe("'unsafe-inline'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
    // Next.js reads the policy (and so the nonce) from the request it renders.
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    const permissions = response.headers.get("permissions-policy") ?? "";
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"])
      expect(permissions).toContain(`${feature}=()`);
    expect(response.headers.get("strict-transport-security")).toBeNull();
    // A client's own x-herald-forwarded-proto is replaced by Herald's server; even as sent here it
    // could only add HTTPS protections, never remove them.
    expect(page({ "x-herald-forwarded-proto": "http" }).headers.get("strict-transport-security")).toBeNull();
  });

  it("a fresh nonce for every response", () => {
    const nonces = new Set(
      Array.from({ length: 20 }, () => /'nonce-([^']+)'/.exec(page().headers.get("content-security-policy")!)![1]),
    );
    expect(nonces.size).toBe(20);
  });

  it("over HTTPS (NEXTAUTH_URL https, or Herald's server saw https): HSTS and upgrade-insecure-requests", () => {
    process.env.NEXTAUTH_URL = "https://herald.example.com";
    for (const response of [page(), page({ "x-herald-forwarded-proto": "https" })]) {
      expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
      expect(directives(response.headers.get("content-security-policy")).has("upgrade-insecure-requests")).toBe(true);
    }
    process.env.NEXTAUTH_URL = "http://herald.test";
    const forwarded = page({ "x-herald-forwarded-proto": "https" });
    expect(forwarded.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });

  it("leaves the device API, Next's static files and the service worker to their own headers", () => {
    const matcher = new RegExp(`^${config.matcher[0]!.replace("/((?!", "/(?!(?:").replace(").*)", ")).*")}$`);
    for (const path of ["/api/v1/devices", "/_next/static/chunks/a.js", "/herald-sw.js"])
      expect(matcher.test(path), path).toBe(false);
    for (const path of ["/", "/login", "/campaigns/new", "/api/auth/session"])
      expect(matcher.test(path), path).toBe(true);
  });
});

describe("the device API's headers, through Herald's request stamping", () => {
  const servers: Server[] = [];
  async function serve(trusted: string): Promise<string> {
    const proxies = trustedProxies({ HERALD_TRUSTED_PROXIES: trusted });
    const server = createServer((req, res) => {
      stampRequest(req, proxies);
      void serveApiRequest(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  }
  let direct = "";
  let behindProxy = "";
  beforeAll(async () => {
    process.env.NEXTAUTH_URL = "http://herald.test";
    direct = await serve("");
    behindProxy = await serve("127.0.0.1");
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const apiHeaders = (response: Response) => ({
    csp: response.headers.get("content-security-policy"),
    nosniff: response.headers.get("x-content-type-options"),
    referrer: response.headers.get("referrer-policy"),
    cors: response.headers.get("access-control-allow-origin"),
    hsts: response.headers.get("strict-transport-security"),
  });
  const fitting = {
    csp: "default-src 'none'; frame-ancestors 'none'",
    nosniff: "nosniff",
    referrer: "no-referrer",
    cors: "*",
  };

  it("over HTTP: an API's headers and CORS *, no HSTS, even when the client claims https", async () => {
    process.env.NEXTAUTH_URL = "http://herald.test";
    const claims: Record<string, string>[] = [
      {},
      { "x-forwarded-proto": "https", "x-herald-forwarded-proto": "https" },
    ];
    for (const headers of claims) {
      const ok = await fetch(`${direct}/openapi.json`, { headers });
      expect(ok.status).toBe(200);
      expect(apiHeaders(ok)).toEqual({ ...fitting, hsts: null });
      const refused = await fetch(`${direct}/devices/x`, { headers });
      expect(refused.status).toBe(401);
      expect(apiHeaders(refused)).toEqual({ ...fitting, hsts: null });
      const preflight = await fetch(`${direct}/devices`, { method: "OPTIONS", headers });
      expect(preflight.status).toBe(204);
      expect(apiHeaders(preflight)).toEqual({ ...fitting, hsts: null });
    }
  });

  it("over HTTPS through a trusted proxy: the same and HSTS, on answers the adapter writes itself too", async () => {
    process.env.NEXTAUTH_URL = "http://herald.test";
    const https = { "x-forwarded-proto": "https" };
    const hsts = "max-age=63072000; includeSubDomains";
    const ok = await fetch(`${behindProxy}/openapi.json`, { headers: https });
    expect(apiHeaders(ok)).toEqual({ ...fitting, hsts });
    const refused = await fetch(`${behindProxy}/devices/x`, { headers: https });
    expect(apiHeaders(refused)).toEqual({ ...fitting, hsts });
    // The proxy's word counts, not what the client wrote before it (the last entry is the proxy's).
    const plain = await fetch(`${behindProxy}/openapi.json`, { headers: { "x-forwarded-proto": "https, http" } });
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const tooLarge = await fetch(`${behindProxy}/devices`, {
      method: "POST",
      headers: { ...https, "content-type": "application/json" },
      body: "x".repeat(600 * 1024),
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("strict-transport-security")).toBe(hsts);
    expect(tooLarge.headers.get("content-security-policy")).toBe(fitting.csp);
  });

  it("over HTTPS by NEXTAUTH_URL: HSTS", async () => {
    process.env.NEXTAUTH_URL = "https://herald.example.com";
    const ok = await fetch(`${direct}/openapi.json`);
    expect(ok.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });
});

describe("next-auth's cookies", () => {
  // next-auth's Node handler for GET /api/auth/csrf with the options for an HTTP or HTTPS request.
  async function csrfCookies(secure: boolean): Promise<string[]> {
    const cookies: string[] = [];
    const res = {
      status: () => res,
      setHeader(name: string, value: string | string[]) {
        if (name.toLowerCase() === "set-cookie") cookies.splice(0, cookies.length, ...[value].flat());
        return res;
      },
      getHeader: () => cookies,
      end: () => res,
      json: () => res,
      send: () => res,
    };
    const req = { method: "GET", headers: {}, cookies: {}, query: { nextauth: ["csrf"] } };
    await NextAuth(req as never, res as never, authOptionsFor(secure));
    return cookies;
  }

  it("are Secure and carry __Host-/__Secure- over HTTPS, and plain over HTTP", async () => {
    process.env.NEXTAUTH_URL = "http://herald.test";
    const secure = await csrfCookies(true);
    expect(secure.find((c) => c.startsWith("__Host-next-auth.csrf-token="))).toMatch(/;\s*Secure/i);
    expect(secure.find((c) => c.startsWith("__Secure-next-auth.callback-url="))).toMatch(/;\s*Secure/i);
    const plain = await csrfCookies(false);
    expect(plain.find((c) => c.startsWith("next-auth.csrf-token="))).toBeDefined();
    for (const cookie of plain) expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});
