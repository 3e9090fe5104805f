// Apps: create, edit, rotate the API key; field errors; idempotent names; audit entries without keys.
import { describe, expect, it } from "vitest";
import { hashApiKey } from "@/server/crypto";
import { db } from "@/server/db";
import { createApp, rotateApiKey, updateApp } from "@/server/apps/actions";
import { createUser } from "../support/fixtures";

const unique = (base: string) => `${base} ${Math.random().toString(36).slice(2, 8)}`;

async function storedKey(appId: string) {
  return db.app.findUniqueOrThrow({
    where: { id: appId },
    select: { apiKeyPrefix: true, apiKeyHash: true, apiKeyRotatedAt: true },
  });
}

describe("apps.create", () => {
  it("returns a key that hashes to the stored hash and whose prefix matches", async () => {
    const admin = await createUser("admin");
    const result = await createApp.runAs(admin, {
      name: unique("News"),
      androidPackage: "com.example.news",
      timezone: "Asia/Shanghai",
      quietHoursStart: "22:00",
      quietHoursEnd: "08:00",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const stored = await storedKey(result.data.appId);
    expect(hashApiKey(result.data.apiKey)).toBe(stored.apiKeyHash);
    expect(result.data.apiKey.startsWith(`${stored.apiKeyPrefix}_`)).toBe(true);
    const app = await db.app.findUniqueOrThrow({ where: { id: result.data.appId } });
    expect(app).toMatchObject({
      timezone: "Asia/Shanghai",
      quietHoursStart: 22 * 60,
      quietHoursEnd: 8 * 60,
      androidPackage: "com.example.news",
      iosBundleId: null,
    });
  });

  it("accepts FormData and normalises the web origin", async () => {
    const admin = await createUser("admin");
    const form = new FormData();
    form.set("name", unique("Web"));
    form.set("webOrigin", "https://shop.example.com/");
    form.set("timezone", "");
    form.set("quietHoursStart", "");
    form.set("quietHoursEnd", "");
    const result = await createApp.runAs(admin, form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await db.app.findUniqueOrThrow({ where: { id: result.data.appId } })).toMatchObject({
      webOrigin: "https://shop.example.com",
      timezone: "UTC",
      quietHoursStart: null,
    });
  });

  it("gives a field error instead of a second app when the name is taken (any case)", async () => {
    const admin = await createUser("admin");
    const name = unique("Twice");
    expect((await createApp.runAs(admin, { name })).ok).toBe(true);
    const again = await createApp.runAs(admin, { name: name.toUpperCase() });
    expect(again).toMatchObject({ ok: false, status: 409, fieldErrors: { name: ["nameTaken"] } });
    expect(await db.app.count({ where: { name: { equals: name, mode: "insensitive" } } })).toBe(1);
  });

  it("validates identifiers, time zone and quiet hours field by field", async () => {
    const admin = await createUser("admin");
    const before = await db.app.count();
    const result = await createApp.runAs(admin, {
      name: unique("Bad"),
      androidPackage: "not a package",
      iosBundleId: "nodots",
      webOrigin: "http://example.com",
      timezone: "Mars/Olympus",
      quietHoursStart: "25:00",
      quietHoursEnd: "08:00",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors).toMatchObject({
      androidPackage: ["androidPackageInvalid"],
      iosBundleId: ["iosBundleIdInvalid"],
      webOrigin: ["webOriginInvalid"],
      timezone: ["timezoneInvalid"],
      quietHoursStart: ["clockInvalid"],
    });
    const half = await createApp.runAs(admin, { name: unique("Half"), quietHoursStart: "22:00" });
    expect(half).toMatchObject({ ok: false, fieldErrors: { quietHoursEnd: ["quietHoursBoth"] } });
    const empty = await createApp.runAs(admin, {
      name: unique("Same"),
      quietHoursStart: "09:00",
      quietHoursEnd: "09:00",
    });
    expect(empty).toMatchObject({ ok: false, fieldErrors: { quietHoursEnd: ["quietHoursSame"] } });
    expect(await db.app.count()).toBe(before);
  });

  it("writes an audit entry with the settings and no key material", async () => {
    const admin = await createUser("admin");
    const result = await createApp.runAs(admin, { name: unique("Audited"), iosBundleId: "com.example.ios" });
    if (!result.ok) throw new Error(result.message);
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "apps.create", targetId: result.data.appId } });
    expect(entry).toMatchObject({ actorId: admin.id, actorEmail: admin.email, appId: result.data.appId });
    expect(entry.diff).toMatchObject({ iosBundleId: [null, "com.example.ios"], timezone: [null, "UTC"] });
    const text = JSON.stringify({ ...entry, id: String(entry.id) });
    expect(text).not.toContain(result.data.apiKey);
    expect(text).not.toContain(result.data.apiKeyPrefix);
  });
});

describe("apps.update and apps.rotateKey", () => {
  it("saves settings and audits only what changed", async () => {
    const admin = await createUser("admin");
    const created = await createApp.runAs(admin, { name: unique("Edit") });
    if (!created.ok) throw new Error(created.message);
    const name = unique("Edited");
    const result = await updateApp.runAs(admin, {
      appId: created.data.appId,
      name,
      timezone: "Europe/Berlin",
      quietHoursStart: "23:30",
      quietHoursEnd: "06:15",
    });
    expect(result.ok).toBe(true);
    const entry = await db.auditLog.findFirstOrThrow({
      where: { action: "apps.update", targetId: created.data.appId },
    });
    expect(entry.diff).toEqual({
      name: [expect.any(String), name],
      timezone: ["UTC", "Europe/Berlin"],
      quietHoursStart: [null, 1410],
      quietHoursEnd: [null, 375],
    });
  });

  it("refuses a name another app has", async () => {
    const admin = await createUser("admin");
    const first = await createApp.runAs(admin, { name: unique("First") });
    const second = await createApp.runAs(admin, { name: unique("Second") });
    if (!first.ok || !second.ok) throw new Error("setup failed");
    const firstName = (await db.app.findUniqueOrThrow({ where: { id: first.data.appId } })).name;
    expect(await updateApp.runAs(admin, { appId: second.data.appId, name: firstName })).toMatchObject({
      ok: false,
      fieldErrors: { name: ["nameTaken"] },
    });
  });

  it("rotating replaces prefix and hash so the old key no longer matches", async () => {
    const admin = await createUser("admin");
    const created = await createApp.runAs(admin, { name: unique("Rotate") });
    if (!created.ok) throw new Error(created.message);
    const before = await storedKey(created.data.appId);
    const rotated = await rotateApiKey.runAs(admin, { appId: created.data.appId });
    if (!rotated.ok) throw new Error(rotated.message);
    const after = await storedKey(created.data.appId);
    expect(after.apiKeyPrefix).not.toBe(before.apiKeyPrefix);
    expect(after.apiKeyHash).toBe(hashApiKey(rotated.data.apiKey));
    expect(after.apiKeyHash).not.toBe(hashApiKey(created.data.apiKey));
    expect(after.apiKeyRotatedAt.getTime()).toBeGreaterThan(before.apiKeyRotatedAt.getTime());
    const entry = await db.auditLog.findFirstOrThrow({
      where: { action: "apps.rotateKey", targetId: created.data.appId },
    });
    expect(entry.diff).toEqual({ apiKey: "(changed)" });
    expect(JSON.stringify({ ...entry, id: String(entry.id) })).not.toContain(after.apiKeyPrefix);
  });

  it("reports an unknown app as not found", async () => {
    const admin = await createUser("admin");
    expect(await rotateApiKey.runAs(admin, { appId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({
      ok: false,
      status: 404,
    });
  });
});
