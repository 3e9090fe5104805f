// Audit log query: filters, newest-first paging, the action list; and role checks on every admin action.
import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/permissions";
import {
  createApp as createAppAction,
  removeCredential,
  rotateApiKey,
  saveCredential,
  updateApp,
} from "@/server/apps/actions";
import { writeAudit } from "@/server/audit/write";
import { auditFilterSchema, auditPageSize, listAuditActions, listAuditEntries } from "@/server/audit/queries";
import { db } from "@/server/db";
import { createUser as createUserAction, resetUserPassword, setUserDisabled, updateUser } from "@/server/users/actions";
import { createApp, createUser } from "../support/fixtures";

const filters = (raw: Record<string, string>) => auditFilterSchema.parse(raw);

describe("listAuditEntries", () => {
  it("filters by action, actor, app, target and date range, newest first", async () => {
    const admin = await createUser("admin");
    const { app } = await createApp();
    const marker = `audit-test-${Math.random().toString(36).slice(2, 8)}`;
    await db.$transaction(async (tx) => {
      await writeAudit(tx, admin, {
        action: marker,
        targetType: "Test",
        targetId: "t-1",
        appId: app.id,
        diff: { n: [0, 1] },
      });
      await writeAudit(tx, admin, { action: marker, targetType: "Test", targetId: "t-2", diff: { n: [1, 2] } });
      await writeAudit(
        tx,
        { id: null, email: "system@herald" },
        { action: marker, targetType: "Test", targetId: "t-3" },
      );
    });
    await db.auditLog.updateMany({
      where: { action: marker, targetId: "t-1" },
      data: { at: new Date("2026-01-05T10:00:00Z") },
    });
    await db.auditLog.updateMany({
      where: { action: marker, targetId: "t-2" },
      data: { at: new Date("2026-01-06T23:59:00Z") },
    });
    await db.auditLog.updateMany({
      where: { action: marker, targetId: "t-3" },
      data: { at: new Date("2026-01-07T00:00:00Z") },
    });

    const all = await listAuditEntries(filters({ action: marker }));
    expect(all.rows.map((r) => r.targetId)).toEqual(["t-3", "t-2", "t-1"]);
    expect(all.rows[2]).toMatchObject({ appName: app.name, actorEmail: admin.email, diff: { n: [0, 1] } });
    expect((await listAuditEntries(filters({ action: marker, actor: admin.email.toUpperCase() }))).rows).toHaveLength(
      2,
    );
    expect((await listAuditEntries(filters({ action: marker, app: app.id }))).rows.map((r) => r.targetId)).toEqual([
      "t-1",
    ]);
    expect((await listAuditEntries(filters({ action: marker, target: "t-2" }))).rows.map((r) => r.targetId)).toEqual([
      "t-2",
    ]);
    expect(
      (await listAuditEntries(filters({ action: marker, from: "2026-01-06", to: "2026-01-06" }))).rows.map(
        (r) => r.targetId,
      ),
    ).toEqual(["t-2"]);
    expect(
      (await listAuditEntries(filters({ action: marker, from: "2026-01-06" }))).rows.map((r) => r.targetId),
    ).toEqual(["t-3", "t-2"]);
    expect((await listAuditEntries(filters({ action: marker, to: "not-a-date" }))).rows).toHaveLength(3);
    expect(await listAuditActions()).toContain(marker);
  });

  it("pages 50 at a time without overlap", async () => {
    const admin = await createUser("admin");
    const marker = `audit-page-${Math.random().toString(36).slice(2, 8)}`;
    await db.auditLog.createMany({
      data: Array.from({ length: auditPageSize + 7 }, (_, i) => ({
        actorId: admin.id,
        actorEmail: admin.email,
        action: marker,
        targetType: "Test",
        targetId: String(i),
        at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    });
    const first = await listAuditEntries(filters({ action: marker }));
    const second = await listAuditEntries(filters({ action: marker, page: "2" }));
    expect(first).toMatchObject({ page: 1, hasNext: true });
    expect(first.rows).toHaveLength(auditPageSize);
    expect(first.rows[0].targetId).toBe(String(auditPageSize + 6));
    expect(second).toMatchObject({ page: 2, hasNext: false });
    expect(second.rows.map((r) => r.targetId)).toEqual(["6", "5", "4", "3", "2", "1", "0"]);
  });
});

describe("role checks", () => {
  const zeroId = "00000000-0000-4000-8000-000000000000";
  const cases = [
    [
      "apps.create",
      (u: Awaited<ReturnType<typeof createUser>>) => createAppAction.runAs(u, { name: `Denied ${u.id}` }),
    ],
    [
      "apps.update",
      (u: Awaited<ReturnType<typeof createUser>>) => updateApp.runAs(u, { appId: zeroId, name: "Denied" }),
    ],
    ["apps.rotateKey", (u: Awaited<ReturnType<typeof createUser>>) => rotateApiKey.runAs(u, { appId: zeroId })],
    [
      "credentials.save",
      (u: Awaited<ReturnType<typeof createUser>>) =>
        saveCredential.runAs(u, { appId: zeroId, channel: "mqtt", brokerUrl: "mqtt://x" }),
    ],
    [
      "credentials.remove",
      (u: Awaited<ReturnType<typeof createUser>>) => removeCredential.runAs(u, { appId: zeroId, channel: "mqtt" }),
    ],
    [
      "users.create",
      (u: Awaited<ReturnType<typeof createUser>>) =>
        createUserAction.runAs(u, { name: "X", email: `x-${u.id}@test.local`, role: "admin" }),
    ],
    [
      "users.update",
      (u: Awaited<ReturnType<typeof createUser>>) => updateUser.runAs(u, { userId: u.id, role: "admin" }),
    ],
    [
      "users.setDisabled",
      (u: Awaited<ReturnType<typeof createUser>>) => setUserDisabled.runAs(u, { userId: zeroId, disabled: true }),
    ],
    [
      "users.resetPassword",
      (u: Awaited<ReturnType<typeof createUser>>) => resetUserPassword.runAs(u, { userId: u.id }),
    ],
  ] as const;

  for (const role of ["editor", "marketer", "analyst"] as Role[]) {
    it.each(cases)(`${role} gets 403 on %s and nothing is written`, async (_name, run) => {
      const user = await createUser(role);
      const before = await db.auditLog.count();
      expect(await run(user)).toMatchObject({ ok: false, status: 403 });
      expect(await db.auditLog.count()).toBe(before);
      expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ role, disabled: false });
    });
  }
});
