"use server";
// Server actions for staff accounts: create, rename / change role, disable / enable, reset password,
// sign out everywhere.
// Every change is audited in the same transaction; passwords never reach the audit log.
import { defineAction } from "@/server/action";
import { changes, createAudited, saveChanges, writeAudit } from "@/server/audit/write";
import { hashPassword } from "@/server/auth/password";
import { bumpSessionVersion } from "@/server/auth/session-version";
import { db, type Tx } from "@/server/db";
import { NotFoundError, uniqueAs, UserError } from "@/server/errors";
import { refreshPath } from "@/server/revalidate";
import { assertAdminsRemain } from "./guards";
import { generatePassword } from "./password";
import {
  createUserInput,
  resetPasswordInput,
  setDisabledInput,
  signOutEverywhereInput,
  updateUserInput,
} from "./schema";

const emailTaken = () => new UserError("A user with this email already exists.", { email: ["emailTaken"] }, 409);

async function findTarget(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, email: true, role: true, disabled: true },
  });
  if (!user) throw new NotFoundError("User");
  return user;
}

// Creates a staff account; returns the generated password when none was given (shown once).
export const createUser = defineAction(
  { name: "users.create", permission: "users.manage", input: createUserInput },
  async (input, { user: actor }) => {
    const generated = input.password === null ? generatePassword() : null;
    const passwordHash = await hashPassword(input.password ?? generated!);
    const created = await db
      .$transaction(async (tx) => {
        const clash = await tx.user.findFirst({
          where: { email: { equals: input.email, mode: "insensitive" } },
          select: { id: true },
        });
        if (clash) throw emailTaken();
        const data = { name: input.name, email: input.email, role: input.role, passwordHash };
        return createAudited(tx, actor, () => tx.user.create({ data, select: { id: true } }), {
          action: "users.create",
          targetType: "User",
          diff: {
            ...changes({} as Record<string, unknown>, { name: input.name, email: input.email, role: input.role }),
            password: "(set)",
          },
        });
      })
      .catch(uniqueAs(emailTaken));
    refreshPath("/users");
    return { userId: created.id, generatedPassword: generated };
  },
);

// Renames a user and/or changes their role (not your own role, and never the last admin's).
export const updateUser = defineAction(
  { name: "users.update", permission: "users.manage", input: updateUserInput },
  async (input, { user: actor }) => {
    await db.$transaction(async (tx) => {
      const target = await findTarget(tx, input.userId);
      const after = { name: input.name, role: input.role };
      const demotes = target.role === "admin" && input.role !== undefined && input.role !== "admin";
      const save = async () => {
        await assertAdminsRemain(tx, { targetId: target.id, actorId: actor.id, demotes, disables: false }, target);
        await tx.user.update({ where: { id: target.id }, data: after });
      };
      await saveChanges(
        tx,
        actor,
        { before: target, after, save },
        {
          action: "users.update",
          targetType: "User",
          targetId: target.id,
        },
      );
    });
    refreshPath("/users");
    return { userId: input.userId };
  },
);

// Disables (signs out at the next request) or re-enables an account.
export const setUserDisabled = defineAction(
  { name: "users.setDisabled", permission: "users.manage", input: setDisabledInput },
  async (input, { user: actor }) => {
    await db.$transaction(async (tx) => {
      const target = await findTarget(tx, input.userId);
      if (target.disabled === input.disabled) return;
      await assertAdminsRemain(
        tx,
        { targetId: target.id, actorId: actor.id, demotes: false, disables: input.disabled },
        target,
      );
      await tx.user.update({ where: { id: target.id }, data: { disabled: input.disabled } });
      await writeAudit(tx, actor, {
        action: "users.setDisabled",
        targetType: "User",
        targetId: target.id,
        diff: { disabled: [target.disabled, input.disabled] },
      });
    });
    refreshPath("/users");
    return { userId: input.userId, disabled: input.disabled };
  },
);

// Sets a new generated password and returns it (shown once); the old password stops working.
export const resetUserPassword = defineAction(
  { name: "users.resetPassword", permission: "users.manage", input: resetPasswordInput },
  async ({ userId }, { user: actor }) => {
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await db.$transaction(async (tx) => {
      await findTarget(tx, userId);
      // The new password ends every session signed in with the old one.
      await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
      await writeAudit(tx, actor, {
        action: "users.resetPassword",
        targetType: "User",
        targetId: userId,
        diff: { password: "(changed)" },
      });
    });
    refreshPath("/users");
    return { userId, generatedPassword: password };
  },
);

// Ends every session of the user (a lost laptop, a shared browser): each is refused at its next request.
export const signOutEverywhere = defineAction(
  { name: "users.signOutEverywhere", permission: "users.manage", input: signOutEverywhereInput },
  async ({ userId }, { user: actor }) => {
    await db.$transaction(async (tx) => {
      await findTarget(tx, userId);
      await bumpSessionVersion(tx, userId);
      await writeAudit(tx, actor, { action: "users.signOutEverywhere", targetType: "User", targetId: userId });
    });
    refreshPath("/users");
    return { userId };
  },
);
