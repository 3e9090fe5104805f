// The campaign policy on an app's settings: approval threshold and promotion frequency caps.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { createApp as createAppAction, updateApp } from "@/server/apps/actions";
import { db } from "@/server/db";
import { createUser } from "../support/fixtures";

let admin: StaffUser;
beforeAll(async () => {
  admin = await createUser("admin");
});

const settings = (over: Record<string, string> = {}) => ({
  name: `Policy ${randomUUID().slice(0, 8)}`,
  timezone: "Europe/Berlin",
  ...over,
});

// An app created through the action with the default policy; an update must send its name again.
async function createdApp() {
  const created = await createAppAction.runAs(admin, settings());
  if (!created.ok) throw new Error(created.message);
  const appId = created.data.appId;
  return { appId, name: (await db.app.findUniqueOrThrow({ where: { id: appId } })).name };
}

describe("campaign policy settings", () => {
  it("defaults to a 10,000-device approval threshold and no caps", async () => {
    const app = await db.app.findUniqueOrThrow({ where: { id: (await createdApp()).appId } });
    expect(app).toMatchObject({ approvalThreshold: 10_000, promoCapPerDay: null, promoCapPerWeek: null });
  });

  it("saves a threshold and caps from form text, audited", async () => {
    const { appId, name } = await createdApp();
    const saved = await updateApp.runAs(admin, {
      appId,
      ...settings({ name, approvalThreshold: "500", promoCapPerDay: "2", promoCapPerWeek: "5" }),
    });
    expect(saved.ok).toBe(true);
    expect(await db.app.findUniqueOrThrow({ where: { id: appId } })).toMatchObject({
      approvalThreshold: 500,
      promoCapPerDay: 2,
      promoCapPerWeek: 5,
    });
    const audit = await db.auditLog.findFirst({
      where: { targetId: appId, action: "apps.update" },
      orderBy: { at: "desc" },
    });
    expect(audit?.diff).toMatchObject({
      approvalThreshold: [10_000, 500],
      promoCapPerDay: [null, 2],
      promoCapPerWeek: [null, 5],
    });
  });

  it("names each bad value and saves nothing", async () => {
    const { appId, name } = await createdApp();
    const bad = await updateApp.runAs(admin, {
      appId,
      ...settings({ name, approvalThreshold: "0", promoCapPerDay: "2.5", promoCapPerWeek: "1000" }),
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.fieldErrors?.approvalThreshold).toEqual(["approvalThresholdInvalid"]);
      expect(bad.fieldErrors?.promoCapPerDay).toEqual(["capInvalid"]);
      expect(bad.fieldErrors?.promoCapPerWeek).toEqual(["capInvalid"]);
    }
    const inverted = await updateApp.runAs(admin, {
      appId,
      ...settings({ name, promoCapPerDay: "5", promoCapPerWeek: "3" }),
    });
    expect(inverted.ok).toBe(false);
    if (!inverted.ok) expect(inverted.fieldErrors?.promoCapPerWeek).toEqual(["capWeekBelowDay"]);
    expect(await db.app.findUniqueOrThrow({ where: { id: appId } })).toMatchObject({
      approvalThreshold: 10_000,
      promoCapPerDay: null,
      promoCapPerWeek: null,
    });
  });
});
