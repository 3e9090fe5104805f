// GET /metrics on the real server as `npm start` serves it (issue [4/5] item 17): the production build,
// Herald's HTTP server and Next.js in one process. Refused without the token; the installation-wide
// gauges agree with the database; a device API request served by the HTTP server and a sign-in lock
// decided inside Next.js's bundle (next-auth) are both counted in the one registry that /metrics reads.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { throttleRules } from "@/server/auth/throttle";
import { credentialsSignIn } from "../support/auth-http";
import { parsePrometheusText, sampleValue, type Family } from "../support/prometheus-text";

const baseUrl = inject("baseUrl");
const token = inject("metricsToken");
let client: pg.Client;

async function scrape(): Promise<Map<string, Family>> {
  const answer = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parsePrometheusText(await answer.text());
}

describe("GET /metrics on the real server", () => {
  beforeAll(async () => {
    client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  it("refuses a request without the token, with 401 problem+json", async () => {
    const answer = await fetch(`${baseUrl}/metrics`, { redirect: "manual" });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const wrong = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}-not` } });
    expect(wrong.status).toBe(401);
  });

  it("reports campaigns by state as the database holds them", async () => {
    // Cached for up to 5 s after an earlier scrape; the seeded campaigns do not change meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    const metrics = await scrape();
    const { rows } = await client.query<{ state: string; n: number }>(
      `select state::text, count(*)::int as n from "Campaign" group by 1`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { state, n } of rows) expect(sampleValue(metrics, "herald_campaigns", { state }), state).toBe(n);
    expect(metrics.get("herald_dispatch_oldest_due_seconds")?.samples).toHaveLength(2);
  });

  it("counts a device API request and a locked sign-in (decided inside Next.js) in the same registry", async () => {
    const before = await scrape();
    const openapi = { route: "/openapi.json", method: "GET", status: "200" };
    const locked = { limiter: "sign_in" };
    expect((await fetch(`${baseUrl}/api/v1/openapi.json`)).status).toBe(200);
    // An email nobody has, guessed from its own address until the pair is locked.
    const email = `nobody-${randomUUID().slice(0, 8)}@herald.test`;
    const guess = async () => (await credentialsSignIn(baseUrl, email, "wrong-password", { from: "127.0.0.5" })).error;
    for (let i = 0; i < throttleRules.pair.limit; i++) expect(await guess()).toBe("CredentialsSignin");
    expect(await guess()).toMatch(/^locked:\d+$/);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      (sampleValue(after, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);
    expect(delta("herald_device_api_requests_total", openapi)).toBe(1);
    expect(delta("herald_rate_limit_refusals_total", locked)).toBe(1);
    expect(sampleValue(after, "herald_db_pool_connections", { pool: "prisma" })).toBeGreaterThan(0);
  });
});
