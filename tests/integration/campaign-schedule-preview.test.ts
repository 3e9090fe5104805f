// The composer's schedule preview against the real database: waves per zone for device-local times,
// quiet hours holding promotions but not breaking news, the throttle's finish time, test devices,
// refused schedules / expressions / foreign segments, and loading a stored campaign back into the
// composer in the shape it saves.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { campaignContentInput } from "@/lib/campaigns/input";
import type { StaffUser } from "@/server/auth/session";
import { createCampaignAction, previewSchedule } from "@/server/campaigns/actions";
import { creatableTypes, loadCampaignForEdit } from "@/server/campaigns/composer-data";
import { db } from "@/server/db";
import { mondaysAndFridays, richPromotion } from "../support/campaign-values";
import { createApp, createUser } from "../support/fixtures";
import { oneAddress } from "../support/device-address";

let appId: string;
let otherSegmentId: string;
let marketer: StaffUser;
let analyst: StaffUser;

const day = 86_400_000;

beforeAll(async () => {
  const created = await createApp();
  appId = created.app.id;
  // Quiet hours 22:00-08:00 in each device's local time; the app's own zone is Shanghai.
  await db.app.update({
    where: { id: appId },
    data: { timezone: "Asia/Shanghai", quietHoursStart: 22 * 60, quietHoursEnd: 8 * 60 },
  });
  [marketer, analyst] = await Promise.all([createUser("marketer"), createUser("analyst")]);
  const now = Date.now();
  // 40 devices in Shanghai (10 of them vip), 20 in New York (5 vip), 4 test devices among the Shanghai ones.
  const devices = Array.from({ length: 60 }, (_, i) => ({
    appId,
    installationId: randomUUID(),
    platform: "android" as const,
    ...oneAddress("fcm", `t-${i}`),
    tags: i % 4 === 0 ? ["vip"] : ["news"],
    timezone: i < 40 ? "Asia/Shanghai" : "America/New_York",
    lastActiveAt: new Date(now - day),
    isTest: i >= 36 && i < 40,
  }));
  await db.device.createMany({ data: devices });
  const other = await createApp();
  otherSegmentId = (
    await db.segment.create({
      data: { appId: other.app.id, name: "Elsewhere", expression: "tag:vip" },
      select: { id: true },
    })
  ).id;
});

const preview = (over: Record<string, unknown> = {}, user: StaffUser = marketer) =>
  previewSchedule.runAs(user, {
    appId,
    type: "promotion",
    schedule: { kind: "at", date: "2099-06-01", time: "23:00", timeZone: "Asia/Shanghai" },
    ...over,
  });

describe("schedule preview", () => {
  it("holds a promotion's devices in quiet hours until they end, per zone", async () => {
    // 23:00 in Shanghai is 15:00 UTC: quiet in Shanghai (held to 08:00 local = 00:00 UTC), 11:00 in New York.
    const result = await preview();
    if (!result.ok) throw new Error(result.message);
    expect(result.data.audience).toBe(60);
    expect(result.data.respectsQuietHours).toBe(true);
    expect(result.data.quietHours).toEqual({ start: 1320, end: 480 });
    expect(result.data.waves.map((w) => [w.at.toISOString(), w.timeZones, w.devices, w.heldForQuietHours])).toEqual([
      ["2099-06-01T15:00:00.000Z", ["America/New_York"], 20, false],
      ["2099-06-02T00:00:00.000Z", ["Asia/Shanghai"], 40, true],
    ]);
  });

  it("sends breaking news through quiet hours in one wave", async () => {
    const result = await preview({ type: "news", breaking: true });
    if (!result.ok) throw new Error(result.message);
    expect(result.data.respectsQuietHours).toBe(false);
    expect(result.data.waves).toHaveLength(1);
    expect(result.data.waves[0]).toMatchObject({
      devices: 60,
      heldForQuietHours: false,
      timeZones: ["America/New_York", "Asia/Shanghai"],
    });
    expect(result.data.waves[0].at.toISOString()).toBe("2099-06-01T15:00:00.000Z");
  });

  it("plans one wave per zone for a local-time schedule, narrowed by the audience", async () => {
    const result = await preview({
      expression: "tag:vip",
      schedule: { kind: "localTime", date: "2099-06-01", time: "09:00" },
    });
    if (!result.ok) throw new Error(result.message);
    // 09:00 in Shanghai = 01:00 UTC; 09:00 in New York (EDT) = 13:00 UTC.
    expect(result.data.waves.map((w) => [w.at.toISOString(), w.timeZones[0], w.devices])).toEqual([
      ["2099-06-01T01:00:00.000Z", "Asia/Shanghai", 10],
      ["2099-06-01T13:00:00.000Z", "America/New_York", 5],
    ]);
    expect(result.data.audience).toBe(15);
  });

  it("counts test devices only when asked, and shows when a throttled wave finishes", async () => {
    const tests = await preview({ testDevicesOnly: true, type: "news", breaking: true });
    if (!tests.ok) throw new Error(tests.message);
    expect(tests.data.audience).toBe(4);
    const throttled = await preview({ type: "news", breaking: true, throttlePerMinute: 6 });
    if (!throttled.ok) throw new Error(throttled.message);
    const wave = throttled.data.waves[0];
    // 60 devices at 6 a minute take 10 minutes.
    expect(wave.finishesAt.getTime() - wave.startsAt.getTime()).toBe(10 * 60_000);
  });

  it(
    "refuses a past time, an unknown zone, " + "a broken expression and another app's segment with field errors",
    async () => {
      const past = await preview({
        schedule: { kind: "at", date: "2020-01-01", time: "09:00", timeZone: "Asia/Shanghai" },
      });
      expect(past.ok).toBe(false);
      if (!past.ok) expect(past.fieldErrors?.["schedule.time"]?.[0]).toMatch(/already passed/);
      const zone = await preview({
        schedule: { kind: "at", date: "2099-01-01", time: "09:00", timeZone: "Mars/Base" },
      });
      expect(!zone.ok && zone.fieldErrors?.["schedule.timeZone"]).toBeTruthy();
      const broken = await preview({ expression: "tag:vip and (" });
      expect(broken.ok).toBe(false);
      if (!broken.ok) expect(broken.fieldErrors?.["campaign.expression"]?.[0]).toMatch(/at column \d+/);
      const foreign = await preview({ segmentId: otherSegmentId });
      expect(foreign).toMatchObject({ ok: false, status: 404 });
      if (!foreign.ok) expect(foreign.fieldErrors?.["campaign.segmentId"]).toBeDefined();
      const noApp = await preview({ appId: randomUUID() });
      expect(noApp).toMatchObject({ ok: false, status: 404 });
    },
  );

  it("is open to every role that may view campaigns, analysts included", async () => {
    const result = await preview({}, analyst);
    expect(result.ok).toBe(true);
    expect(await previewSchedule.runAs(null, {})).toMatchObject({ ok: false, status: 401 });
  });
});

describe("composer loaders", () => {
  it("offers each role only the types it may create", () => {
    expect(creatableTypes({ role: "admin" })).toEqual(["news", "announcement", "promotion"]);
    expect(creatableTypes({ role: "editor" })).toEqual(["news", "announcement"]);
    expect(creatableTypes({ role: "marketer" })).toEqual(["promotion"]);
    expect(creatableTypes({ role: "analyst" })).toEqual([]);
  });

  it("loads a stored campaign back in the shape the composer saves", async () => {
    const campaign = richPromotion(appId, "Round trip");
    const schedule = mondaysAndFridays("2099-01-01", "2099-02-01");
    const created = await createCampaignAction.runAs(marketer, { campaign, schedule, idempotencyKey: randomUUID() });
    if (!created.ok) throw new Error(created.message);
    const loaded = await loadCampaignForEdit(created.data.campaignId);
    expect(loaded).toMatchObject({
      state: "draft",
      type: "promotion",
      editable: true,
      app: { id: appId, timezone: "Asia/Shanghai" },
    });
    expect(loaded?.values.schedule).toEqual(schedule);
    expect(campaignContentInput.parse(loaded?.values.campaign)).toEqual(campaignContentInput.parse(campaign));
    expect(await loadCampaignForEdit("not-a-uuid")).toBeNull();
    expect(await loadCampaignForEdit(randomUUID())).toBeNull();
  });
});
