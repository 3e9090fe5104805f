// Signing out ends the session for real (issue [4/5] item 4): the cookie a browser had before signing
// out no longer opens /api/auth/session or a console page, and neither does any other session of the
// same user.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/server/auth/password";
import { call, cookieHeader, credentialsSignIn } from "../support/auth-http";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const email = `revoke-${randomUUID().slice(0, 8)}@herald.test`;
const password = "correct horse battery staple";
let client: pg.Client;

const sessionOf = async (cookies: string[]) =>
  JSON.parse(
    (await call(baseUrl, "GET", "/api/auth/session", { headers: { cookie: cookieHeader(cookies) } })).body,
  ) as {
    user?: { email?: string };
  };

describe("session revocation over HTTP", () => {
  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(
      `insert into "User" (id, email, name, "passwordHash", role, "updatedAt")
       values ($1, $2, 'Revoke test', $3, 'editor', now())`,
      [randomUUID(), email, await hashPassword(password)],
    );
  });
  afterAll(async () => {
    await client?.end();
  });

  it("refuses the old cookies of every session after one of them signs out", async () => {
    const laptop = await credentialsSignIn(baseUrl, email, password);
    const phone = await credentialsSignIn(baseUrl, email, password);
    expect(laptop.error).toBeNull();
    expect((await sessionOf(laptop.cookies)).user?.email).toBe(email);
    expect((await sessionOf(phone.cookies)).user?.email).toBe(email);

    const csrf = await call(baseUrl, "GET", "/api/auth/csrf", { headers: { cookie: cookieHeader(laptop.cookies) } });
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const out = await call(baseUrl, "POST", "/api/auth/signout", {
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(laptop.cookies) },
      body: new URLSearchParams({ csrfToken, json: "true" }).toString(),
    });
    expect(out.status).toBeLessThan(400);

    // Replaying the cookies the browsers held before: no session, and a page sends them to sign in.
    for (const cookies of [laptop.cookies, phone.cookies]) {
      expect(await sessionOf(cookies)).toEqual({});
      const page = await call(baseUrl, "GET", "/campaigns", { headers: { cookie: cookieHeader(cookies) } });
      expect(page.status).toBe(307);
      expect(String(page.headers.location)).toMatch(/\/login/);
    }
    // Signing in again works.
    const again = await credentialsSignIn(baseUrl, email, password);
    expect((await sessionOf(again.cookies)).user?.email).toBe(email);
  });
});
