// Session revocation (issue [4/5] item 4): a session is good only while its user's session version is
// the one it was issued under; a password reset, "sign out everywhere" and signing out bump it.
import { describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { authOptions } from "@/server/auth/options";
import { hashPassword } from "@/server/auth/password";
import { RevokedSession } from "@/server/auth/session-version";
import { db } from "@/server/db";
import { resetUserPassword, signOutEverywhere } from "@/server/users/actions";
import { createUser } from "../support/fixtures";

type Authorize = (
  credentials: Record<string, string>,
  request: { headers: Record<string, string> },
) => Promise<{ id: string; role: string; sessionVersion: number } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
const jwt = authOptions.callbacks!.jwt! as (params: { token: JWT; user?: unknown }) => Promise<JWT>;

// Signs `userId` in as next-auth would and answers the session's token.
async function signedIn(email: string): Promise<JWT> {
  const user = await authorize({ email, password: "correct horse battery" }, { headers: {} });
  expect(user).not.toBeNull();
  return jwt({ token: {}, user });
}

async function staff() {
  const user = await createUser("editor");
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("correct horse battery") } });
  return user;
}

describe("session revocation", () => {
  it("keeps a session while nothing changed", async () => {
    const user = await staff();
    const token = await signedIn(user.email);
    expect(token.sv).toBe(0);
    await expect(jwt({ token })).resolves.toMatchObject({ sub: user.id });
  });

  it("ends every older session on a password reset, and a new sign-in works", async () => {
    const admin = await createUser("admin");
    const user = await staff();
    const before = await signedIn(user.email);
    const reset = await resetUserPassword.runAs(admin, { userId: user.id });
    if (!reset.ok) throw new Error(reset.message);
    await expect(jwt({ token: before })).rejects.toBeInstanceOf(RevokedSession);
    const after = await jwt({
      token: {},
      user: await authorize({ email: user.email, password: reset.data.generatedPassword }, { headers: {} }),
    });
    await expect(jwt({ token: after })).resolves.toMatchObject({ sub: user.id, sv: 1 });
  });

  it("ends them on 'sign out everywhere' (audited) and on signing out", async () => {
    const admin = await createUser("admin");
    const user = await staff();
    const first = await signedIn(user.email);
    const result = await signOutEverywhere.runAs(admin, { userId: user.id });
    expect(result.ok).toBe(true);
    await expect(jwt({ token: first })).rejects.toBeInstanceOf(RevokedSession);
    expect(await db.auditLog.count({ where: { action: "users.signOutEverywhere", targetId: user.id } })).toBe(1);

    const second = await signedIn(user.email);
    const third = await signedIn(user.email);
    await authOptions.events!.signOut!({ token: second, session: null as never });
    await expect(jwt({ token: second })).rejects.toBeInstanceOf(RevokedSession);
    await expect(jwt({ token: third })).rejects.toBeInstanceOf(RevokedSession);
  });

  it("refuses an editor who tries to sign someone out everywhere", async () => {
    const editor = await createUser("editor");
    const user = await staff();
    const token = await signedIn(user.email);
    const result = await signOutEverywhere.runAs(editor, { userId: user.id });
    expect(result.ok).toBe(false);
    await expect(jwt({ token })).resolves.toMatchObject({ sub: user.id });
  });
});
