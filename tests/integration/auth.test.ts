// Staff sign-in against the real database: argon2id verification, disabled accounts, throttling.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/options";
import { hashPassword } from "@/server/auth/password";
import { slowingDelayMs, throttleFor, throttleRules } from "@/server/auth/throttle";
import { db } from "@/server/db";

type Authorize = (
  credentials: Record<string, string>,
  request: { headers: Record<string, string> },
) => Promise<{ id: string; role: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

async function staff(password: string, disabled = false) {
  const email = `user-${randomUUID().slice(0, 8)}@test.local`;
  await db.user.create({
    data: { email, name: "Test", role: "editor", passwordHash: await hashPassword(password), disabled },
  });
  return email;
}

// As Herald's HTTP server passes the socket's address on (server/auth/client-address.ts).
const from = (ip: string) => ({ headers: { "x-herald-client-address": ip } });

describe("sign-in", () => {
  it("accepts the right password, case-insensitively on the email, and records the sign-in", async () => {
    const email = await staff("correct horse battery");
    const user = await authorize({ email: email.toUpperCase(), password: "correct horse battery" }, from("10.0.0.1"));
    expect(user?.role).toBe("editor");
    const row = await db.user.findUniqueOrThrow({ where: { email } });
    expect(row.lastLoginAt).not.toBeNull();
  });

  it("refuses a wrong password, an unknown email and a disabled account", async () => {
    const email = await staff("correct horse battery");
    expect(await authorize({ email, password: "wrong" }, from("10.0.0.2"))).toBeNull();
    expect(await authorize({ email: "nobody@test.local", password: "whatever" }, from("10.0.0.2"))).toBeNull();
    const disabled = await staff("correct horse battery", true);
    expect(await authorize({ email: disabled, password: "correct horse battery" }, from("10.0.0.2"))).toBeNull();
  });

  it("locks an email only for the address that failed: the owner elsewhere signs in after a wait", async () => {
    const email = await staff("correct horse battery");
    for (let i = 0; i < throttleRules.pair.limit; i++) {
      expect(await authorize({ email, password: `wrong-${i}` }, from("10.1.0.1"))).toBeNull();
    }
    await expect(authorize({ email, password: "correct horse battery" }, from("10.1.0.1"))).rejects.toThrow(
      /^locked:\d+$/,
    );
    // The owner, from another address, is not refused; the email's failures only slow the answer.
    const started = Date.now();
    expect(await authorize({ email, password: "correct horse battery" }, from("10.2.0.1"))).not.toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(slowingDelayMs(throttleRules.pair.limit) - 50);
  });

  it("does not let a spread-out guesser lock the owner, and never tells which emails exist", async () => {
    const email = await staff("correct horse battery");
    const nobody = `nobody-${randomUUID().slice(0, 8)}@test.local`;
    for (let i = 0; i < throttleRules.email.limit + 2; i++) {
      for (const target of [email, nobody]) {
        expect(await authorize({ email: target, password: `guess-${i}` }, from(`10.3.${i}.1`))).toBeNull();
      }
    }
    // The same throttle state for both: neither locked from a fresh address.
    const [known, unknown] = await Promise.all([throttleFor(email, "10.4.0.1"), throttleFor(nobody, "10.4.0.1")]);
    expect(known).toEqual(unknown);
    expect(known.lockedFor).toBe(0);
    expect(known.delayMs).toBe(slowingDelayMs(throttleRules.email.limit + 2));
    expect(await authorize({ email, password: "correct horse battery" }, from("10.4.0.1"))).not.toBeNull();
    // The success starts the email's slowing over.
    expect((await throttleFor(email, "10.4.0.2")).delayMs).toBe(0);
  });

  it("locks an IP that tries many accounts", async () => {
    const ip = "10.9.9.9";
    for (let i = 0; i < throttleRules.ip.limit; i++) {
      await authorize({ email: `spray-${i}@test.local`, password: "guess" }, from(ip));
    }
    const email = await staff("correct horse battery");
    await expect(authorize({ email, password: "correct horse battery" }, from(ip))).rejects.toThrow(/^locked:/);
    expect(await authorize({ email, password: "correct horse battery" }, from("10.9.9.10"))).not.toBeNull();
  });
});
