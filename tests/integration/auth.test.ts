// Staff sign-in against the real database: argon2id verification, disabled accounts, throttling.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/options";
import { hashPassword } from "@/server/auth/password";
import { throttleRules } from "@/server/auth/throttle";
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

const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

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

  it("locks an email after repeated failures, even for the right password, and says for how long", async () => {
    const email = await staff("correct horse battery");
    for (let i = 0; i < throttleRules.email.limit; i++) {
      expect(await authorize({ email, password: `wrong-${i}` }, from(`10.1.0.${i}`))).toBeNull();
    }
    await expect(authorize({ email, password: "correct horse battery" }, from("10.2.0.1"))).rejects.toThrow(
      /^locked:\d+$/,
    );
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
