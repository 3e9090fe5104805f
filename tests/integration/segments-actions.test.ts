// Saved segments: create / update / delete through the actions (permissions, validation, canonical
// storage, audit, refusal while campaigns use them) and the list with live counts and usage.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createSegment, deleteSegment, updateSegment } from "@/server/segments/actions";
import { listSegments, loadSegmentsPage } from "@/server/segments/queries";
import { createApp, createUser } from "../support/fixtures";
import { oneAddress } from "../support/device-address";

const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

async function addDevice(
  appId: string,
  data: {
    platform?: "android" | "ios" | "web";
    channel?: "fcm" | "apns" | "webpush";
    tags?: string[];
    lastActiveAt?: Date;
    status?: "active" | "invalid";
    isTest?: boolean;
  },
) {
  return db.device.create({
    data: {
      appId,
      installationId: randomUUID(),
      platform: data.platform ?? "android",
      ...oneAddress(data.channel ?? "fcm"),
      tags: data.tags ?? [],
      lastActiveAt: data.lastActiveAt ?? now,
      status: data.status ?? "active",
      isTest: data.isTest ?? false,
    },
  });
}

async function created(appId: string, name: string, expression: string, user?: Awaited<ReturnType<typeof createUser>>) {
  const result = await createSegment.runAs(user ?? (await createUser("editor")), { appId, name, expression });
  if (!result.ok) throw new Error(`${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data.segmentId;
}

describe("segments.create", () => {
  it("stores the expression in canonical form and audits it in the same transaction", async () => {
    const { app } = await createApp();
    const marketer = await createUser("marketer");
    const result = await createSegment.runAs(marketer, {
      appId: app.id,
      name: "  VIP keepers ",
      description: "",
      expression: "TAG:VIP   AND NOT tag:churned",
    });
    if (!result.ok) throw new Error(result.message);
    const segment = await db.segment.findUniqueOrThrow({ where: { id: result.data.segmentId } });
    expect(segment).toMatchObject({
      appId: app.id,
      name: "VIP keepers",
      description: null,
      expression: "tag:vip and not tag:churned",
      createdById: marketer.id,
    });
    expect(result.data.expression).toBe("tag:vip and not tag:churned");
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "segments.create", targetId: segment.id } });
    expect(entry).toMatchObject({ appId: app.id, actorId: marketer.id, targetType: "Segment" });
    expect(entry.diff).toMatchObject({
      name: [null, "VIP keepers"],
      expression: [null, "tag:vip and not tag:churned"],
    });
  });

  it("refuses duplicate names in the same app (any case) but allows them in another app", async () => {
    const { app } = await createApp();
    const { app: other } = await createApp();
    await created(app.id, "Dormant", "lastActive>30d");
    const editor = await createUser("editor");
    expect(await createSegment.runAs(editor, { appId: app.id, name: "dormant", expression: "tag:x" })).toMatchObject({
      ok: false,
      status: 409,
      fieldErrors: { name: ["nameTaken"] },
    });
    expect((await createSegment.runAs(editor, { appId: other.id, name: "Dormant", expression: "tag:x" })).ok).toBe(
      true,
    );
    expect(await db.segment.count({ where: { appId: app.id } })).toBe(1);
  });

  it("returns the parser's message with its position for a bad expression and writes nothing", async () => {
    const { app } = await createApp();
    const editor = await createUser("editor");
    const result = await createSegment.runAs(editor, {
      appId: app.id,
      name: "Broken",
      expression: "tag:vip and lastActive>30x",
    });
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) return;
    expect(result.fieldErrors?.expression?.[0]).toMatch(/duration.*"30x".* at column 24$/);
    const unknownPlatform = await createSegment.runAs(editor, {
      appId: app.id,
      name: "Broken",
      expression: "platform:nokia",
    });
    expect(unknownPlatform.ok ? "" : unknownPlatform.fieldErrors?.expression?.[0]).toContain("at column 10");
    expect(await db.segment.count({ where: { appId: app.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "segments.create", appId: app.id } })).toBe(0);
  });

  it("validates name and description lengths and an empty expression as field errors", async () => {
    const { app } = await createApp();
    const editor = await createUser("editor");
    const result = await createSegment.runAs(editor, {
      appId: app.id,
      name: "x".repeat(81),
      description: "d".repeat(501),
      expression: "   ",
    });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { name: ["nameTooLong"], description: ["descriptionTooLong"], expression: ["expressionRequired"] },
    });
    expect(await createSegment.runAs(editor, { appId: app.id, name: " ", expression: "tag:a" })).toMatchObject({
      ok: false,
      fieldErrors: { name: ["nameRequired"] },
    });
    expect(
      (
        await createSegment.runAs(editor, {
          appId: app.id,
          name: "x".repeat(80),
          description: "d".repeat(500),
          expression: "tag:a",
        })
      ).ok,
    ).toBe(true);
  });

  it("forbids analysts (403) and anonymous callers (401), and a missing app is 404", async () => {
    const { app } = await createApp();
    const analyst = await createUser("analyst");
    expect(await createSegment.runAs(analyst, { appId: app.id, name: "Nope", expression: "tag:a" })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await createSegment.runAs(null, { appId: app.id, name: "Nope", expression: "tag:a" })).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      await createSegment.runAs(await createUser("admin"), { appId: randomUUID(), name: "Nope", expression: "tag:a" }),
    ).toMatchObject({ ok: false, status: 404 });
    expect(await db.segment.count({ where: { appId: app.id } })).toBe(0);
  });
});

describe("segments.update", () => {
  it("saves changes canonically, audits only what changed, and skips the audit when nothing did", async () => {
    const { app } = await createApp();
    const editor = await createUser("editor");
    const id = await created(app.id, "Chinese speakers", "locale:zh*", editor);
    const result = await updateSegment.runAs(editor, {
      appId: app.id,
      segmentId: id,
      name: "Chinese speakers",
      description: "Mainland and Taiwan",
      expression: "locale:zh* and appVersion >= 5.2",
    });
    expect(result).toMatchObject({ ok: true, data: { expression: "locale:zh* and appVersion>=5.2" } });
    expect(await db.segment.findUniqueOrThrow({ where: { id } })).toMatchObject({
      description: "Mainland and Taiwan",
      expression: "locale:zh* and appVersion>=5.2",
    });
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "segments.update", targetId: id } });
    expect(entry.diff).toEqual({
      description: [null, "Mainland and Taiwan"],
      expression: ["locale:zh*", "locale:zh* and appVersion>=5.2"],
    });
    await updateSegment.runAs(editor, {
      appId: app.id,
      segmentId: id,
      name: "Chinese speakers",
      description: "Mainland and Taiwan",
      expression: "LOCALE:zh*   and appVersion>=5.2",
    });
    expect(await db.auditLog.count({ where: { action: "segments.update", targetId: id } })).toBe(1);
  });

  it("refuses a name taken by another segment, a bad expression, another app's segment and analysts", async () => {
    const { app } = await createApp();
    const { app: other } = await createApp();
    const editor = await createUser("editor");
    await created(app.id, "First", "tag:a", editor);
    const id = await created(app.id, "Second", "tag:b", editor);
    expect(
      await updateSegment.runAs(editor, { appId: app.id, segmentId: id, name: "FIRST", expression: "tag:b" }),
    ).toMatchObject({ ok: false, status: 409, fieldErrors: { name: ["nameTaken"] } });
    const bad = await updateSegment.runAs(editor, {
      appId: app.id,
      segmentId: id,
      name: "Second",
      expression: "tag:b or (tag:c",
    });
    expect(bad.ok ? "" : bad.fieldErrors?.expression?.[0]).toMatch(
      /opened at column 10, found the end of the expression at column 16$/,
    );
    expect(
      await updateSegment.runAs(editor, { appId: other.id, segmentId: id, name: "Moved", expression: "tag:b" }),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await updateSegment.runAs(await createUser("analyst"), {
        appId: app.id,
        segmentId: id,
        name: "Second",
        expression: "tag:z",
      }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(await db.segment.findUniqueOrThrow({ where: { id } })).toMatchObject({
      name: "Second",
      expression: "tag:b",
    });
  });
});

describe("segments.delete", () => {
  it("is refused while an unfinished campaign uses the segment, naming how many, and allowed afterwards", async () => {
    const { app } = await createApp();
    const admin = await createUser("admin");
    const id = await created(app.id, "In use", "tag:vip", admin);
    const campaign = (state: "draft" | "paused" | "completed") =>
      db.campaign.create({
        data: { appId: app.id, type: "promotion", name: `C ${state}`, state, schedule: { kind: "now" }, segmentId: id },
      });
    const draft = await campaign("draft");
    const paused = await campaign("paused");
    const done = await campaign("completed");
    const refused = await deleteSegment.runAs(admin, { appId: app.id, segmentId: id });
    expect(refused).toMatchObject({ ok: false, status: 409, fieldErrors: { form: ["inUse:2"] } });
    expect(refused.ok ? "" : refused.message).toContain("used by 2 campaigns");
    await db.campaign.update({ where: { id: draft.id }, data: { state: "cancelled" } });
    expect(await deleteSegment.runAs(admin, { appId: app.id, segmentId: id })).toMatchObject({
      ok: false,
      message: expect.stringContaining("used by 1 campaign that has"),
    });
    await db.campaign.update({ where: { id: paused.id }, data: { state: "completed" } });
    expect(await deleteSegment.runAs(admin, { appId: app.id, segmentId: id })).toMatchObject({ ok: true });
    expect(await db.segment.findUnique({ where: { id } })).toBeNull();
    expect(await db.campaign.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ segmentId: null });
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "segments.delete", targetId: id } });
    expect(entry).toMatchObject({
      appId: app.id,
      actorId: admin.id,
      diff: { name: ["In use", null], expression: ["tag:vip", null] },
    });
  });

  it("is scoped by app and forbidden to analysts", async () => {
    const { app } = await createApp();
    const { app: other } = await createApp();
    const id = await created(app.id, "Keep", "tag:keep");
    expect(await deleteSegment.runAs(await createUser("analyst"), { appId: app.id, segmentId: id })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await deleteSegment.runAs(await createUser("editor"), { appId: other.id, segmentId: id })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await db.segment.count({ where: { id } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "segments.delete", targetId: id } })).toBe(0);
  });
});

describe("listSegments", () => {
  it("counts each segment's sendable and reachable devices in its own app and how many campaigns use it", async () => {
    const { app } = await createApp();
    const { app: other } = await createApp();
    await addDevice(app.id, { tags: ["vip"], platform: "ios", channel: "apns" });
    await addDevice(app.id, { tags: ["vip", "churned"] });
    await addDevice(app.id, { tags: ["vip"], status: "invalid" });
    await addDevice(app.id, { tags: ["vip"], lastActiveAt: daysAgo(45) });
    await addDevice(app.id, { tags: [], lastActiveAt: daysAgo(40), platform: "web", channel: "webpush" });
    await addDevice(other.id, { tags: ["vip"] });
    // The app can send through FCM, and Web Push (its VAPID pair is made on first use); APNs has no
    // provider: reach counts its devices on the first two.
    await db.providerCredential.create({
      data: { appId: app.id, channel: "fcm", summary: {}, secretSealed: "unused" },
    });
    const vip = await created(app.id, "VIP", "tag:vip and not tag:churned");
    await created(app.id, "Dormant", "lastActive>30d");
    await created(app.id, "Nobody", "tag:nobody");
    await db.campaign.create({
      data: {
        appId: app.id,
        type: "news",
        name: "Done",
        state: "completed",
        schedule: { kind: "now" },
        segmentId: vip,
      },
    });
    await db.campaign.create({
      data: {
        appId: app.id,
        type: "news",
        name: "Next",
        state: "scheduled",
        schedule: { kind: "now" },
        segmentId: vip,
      },
    });
    const rows = await listSegments(app.id, now);
    expect(rows.map((row) => [row.name, row.audience, row.audienceStatus, row.campaigns, row.activeCampaigns])).toEqual(
      [
        ["Dormant", 2, "counted", 0, 0],
        ["Nobody", 0, "counted", 0, 0],
        ["VIP", 2, "counted", 2, 1],
      ],
    );
    // Reachable now, per channel: the Android devices on FCM, the web one on Web Push; iOS has no channel.
    expect(rows.map((row) => [row.name, row.reachable, row.reachByChannel])).toEqual([
      ["Dormant", 2, { fcm: 1, webpush: 1 }],
      ["Nobody", 0, {}],
      ["VIP", 1, { fcm: 1 }],
    ]);
    expect(await listSegments(other.id, now)).toEqual([]);
  });

  it("marks a stored expression that no longer parses as invalid and stops counting after 100 segments", async () => {
    const { app } = await createApp();
    await addDevice(app.id, { tags: ["x"] });
    await db.segment.create({ data: { appId: app.id, name: "000 broken", expression: "tag:" } });
    await db.segment.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        appId: app.id,
        name: `seg ${String(i).padStart(3, "0")}`,
        expression: "tag:x",
      })),
    });
    const rows = await listSegments(app.id, now);
    expect(rows).toHaveLength(101);
    expect(rows[0]).toMatchObject({ name: "000 broken", audience: null, audienceStatus: "invalid" });
    expect(rows[1]).toMatchObject({ audience: 1, audienceStatus: "counted" });
    expect(rows[99]).toMatchObject({ name: "seg 098", audience: 1, audienceStatus: "counted" });
    expect(rows[100]).toMatchObject({ name: "seg 099", audience: null, audienceStatus: "skipped" });
  });

  it("reports a count cancelled by the statement timeout; the next listing counts normally", async () => {
    const { app } = await createApp();
    await db.$executeRaw`insert into "Device" (id, "appId", "installationId", platform, "channelMask", tags,
                           "lastActiveAt", status, "updatedAt")
      select gen_random_uuid(), ${app.id}::uuid, gen_random_uuid(), 'android', 1, array['t' || (i % 50)], now(),
        'active', now() from generate_series(1, 100000) as i`;
    await created(app.id, "Slow", "tag:t1 or not tag:t2 or lastActive>1m");
    const rows = await listSegments(app.id, now, { maxSegments: 100, budgetMs: 8_000, statementTimeoutMs: 1 });
    expect(rows[0]).toMatchObject({ name: "Slow", audience: null, audienceStatus: "timeout" });
    const again = await listSegments(app.id, now);
    // Every device but those tagged t2 (1 in 50); none was inactive before the test started.
    expect(again[0]).toMatchObject({ audience: 98000, audienceStatus: "counted" });
  }, 60_000);

  it("loads the page for the requested app, falling back to the first app for an unknown id", async () => {
    const { app } = await createApp(`Zz segments ${randomUUID().slice(0, 6)}`);
    await created(app.id, "Only", "test:true");
    const page = await loadSegmentsPage(app.id, now);
    // The rows come without their counts; each count is a promise the table streams in.
    expect(page).toMatchObject({ appId: app.id, unknownApp: false, segments: [{ name: "Only" }] });
    expect(page!.segments[0]).not.toHaveProperty("audience");
    expect(await page!.counts.get(page!.segments[0].id)).toEqual({
      audience: 0,
      audienceStatus: "counted",
      reachable: 0,
      reachByChannel: {},
    });
    const fallback = await loadSegmentsPage(randomUUID(), now);
    expect(fallback).toMatchObject({ unknownApp: true, appId: fallback?.apps[0].id });
  });
});
