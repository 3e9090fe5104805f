// Staff accounts: create (given or generated password), role and disable changes with the admin guards.
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/server/auth/password";
import { db } from "@/server/db";
import { createUser as createUserAction, resetUserPassword, setUserDisabled, updateUser } from "@/server/users/actions";
import { createUser } from "../support/fixtures";

const email = () => `Staff-${Math.random().toString(36).slice(2, 8)}@Example.COM`;
const hashOf = async (id: string) =>
  (await db.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true } })).passwordHash;

// Disables every enabled admin except those given, so a test controls how many admins remain.
async function onlyAdmins(...keep: string[]) {
  await db.user.updateMany({ where: { role: "admin", id: { notIn: keep } }, data: { disabled: true } });
}

describe("users.create", () => {
  it("stores the email lower-case, hashes the given password and audits without it", async () => {
    const admin = await createUser("admin");
    const address = email();
    const result = await createUserAction.runAs(admin, {
      name: "Mei Lin",
      email: address,
      role: "editor",
      password: "correct horse battery",
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.data.generatedPassword).toBeNull();
    const user = await db.user.findUniqueOrThrow({ where: { id: result.data.userId } });
    expect(user).toMatchObject({ email: address.toLowerCase(), role: "editor", disabled: false });
    expect(await verifyPassword(await hashOf(user.id), "correct horse battery")).toBe(true);
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "users.create", targetId: user.id } });
    expect(entry.diff).toMatchObject({
      email: [null, address.toLowerCase()],
      role: [null, "editor"],
      password: "(set)",
    });
    expect(JSON.stringify(entry.diff)).not.toContain("battery");
  });

  it("generates a password when none is given", async () => {
    const admin = await createUser("admin");
    const result = await createUserAction.runAs(admin, { name: "Gen", email: email(), role: "analyst", password: "" });
    if (!result.ok) throw new Error(result.message);
    expect(result.data.generatedPassword?.length).toBeGreaterThanOrEqual(12);
    expect(await verifyPassword(await hashOf(result.data.userId), result.data.generatedPassword!)).toBe(true);
  });

  it("gives field errors for a duplicate email (any case) and a short password", async () => {
    const admin = await createUser("admin");
    const address = email();
    expect((await createUserAction.runAs(admin, { name: "One", email: address, role: "editor" })).ok).toBe(true);
    expect(
      await createUserAction.runAs(admin, { name: "Two", email: address.toUpperCase(), role: "editor" }),
    ).toMatchObject({ ok: false, status: 409, fieldErrors: { email: ["emailTaken"] } });
    expect(
      await createUserAction.runAs(admin, { name: "Three", email: email(), role: "editor", password: "short" }),
    ).toMatchObject({ ok: false, fieldErrors: { password: ["passwordTooShort"] } });
    expect(await db.user.count({ where: { email: address.toLowerCase() } })).toBe(1);
  });
});

describe("admin guards", () => {
  it("an admin cannot demote or disable themselves", async () => {
    const admin = await createUser("admin");
    await createUser("admin");
    expect(await updateUser.runAs(admin, { userId: admin.id, role: "editor" })).toMatchObject({
      ok: false,
      status: 409,
      fieldErrors: { form: ["selfDemote"] },
    });
    expect(await setUserDisabled.runAs(admin, { userId: admin.id, disabled: true })).toMatchObject({
      ok: false,
      fieldErrors: { form: ["selfDisable"] },
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({
      role: "admin",
      disabled: false,
    });
  });

  it("the last enabled admin cannot be demoted or disabled", async () => {
    const actor = await createUser("admin");
    const other = await createUser("admin");
    await onlyAdmins(actor.id, other.id);
    // Two admins: demoting one is fine.
    expect(await updateUser.runAs(actor, { userId: other.id, role: "marketer" })).toMatchObject({ ok: true });
    expect(await updateUser.runAs(actor, { userId: other.id, role: "admin" })).toMatchObject({ ok: true });
    // The actor is then disabled by someone else's earlier change; `other` is the last enabled admin.
    await db.user.update({ where: { id: actor.id }, data: { disabled: true } });
    const stillActing = { ...actor, disabled: false };
    expect(await setUserDisabled.runAs(stillActing, { userId: other.id, disabled: true })).toMatchObject({
      ok: false,
      fieldErrors: { form: ["lastAdmin"] },
    });
    expect(await updateUser.runAs(stillActing, { userId: other.id, role: "analyst" })).toMatchObject({
      ok: false,
      fieldErrors: { form: ["lastAdmin"] },
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({
      role: "admin",
      disabled: false,
    });
  });

  it("disables, re-enables, renames and resets passwords with audit entries", async () => {
    const admin = await createUser("admin");
    const editor = await createUser("editor");
    const form = new FormData();
    form.set("userId", editor.id);
    form.set("disabled", "true");
    expect(await setUserDisabled.runAs(admin, form)).toMatchObject({ ok: true, data: { disabled: true } });
    expect(await setUserDisabled.runAs(admin, { userId: editor.id, disabled: false })).toMatchObject({ ok: true });
    expect(await updateUser.runAs(admin, { userId: editor.id, name: "Renamed" })).toMatchObject({ ok: true });
    const reset = await resetUserPassword.runAs(admin, { userId: editor.id });
    if (!reset.ok) throw new Error(reset.message);
    expect(await verifyPassword(await hashOf(editor.id), reset.data.generatedPassword)).toBe(true);
    const entries = await db.auditLog.findMany({
      where: { targetId: editor.id },
      orderBy: { id: "asc" },
      select: { action: true, diff: true },
    });
    expect(entries).toEqual([
      { action: "users.setDisabled", diff: { disabled: [false, true] } },
      { action: "users.setDisabled", diff: { disabled: [true, false] } },
      { action: "users.update", diff: { name: ["Test editor", "Renamed"] } },
      { action: "users.resetPassword", diff: { password: "(changed)" } },
    ]);
    expect(JSON.stringify(entries)).not.toContain(reset.data.generatedPassword);
  });
});
