// The Devices page's list query and devices.setTest against a real PostgreSQL: every filter returns
// exactly the matching devices of one app, keyset pagination visits each match once in order,
// and marking test devices only touches the chosen app's devices, audited, and never for analysts.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { setDevicesTest } from "@/server/devices/actions";
import { listDevices } from "@/server/devices/queries";
import type { DeviceFilters } from "@/server/devices/schema";
import { db } from "@/server/db";
import { channelMaskOf } from "@/lib/channels/devices";
import { createApp, createUser } from "../support/fixtures";

type Seeded = {
  id: string;
  appId: string;
  installationId: string;
  platform: "android" | "ios" | "web" | "harmony";
  // Several addresses: the first one's channel, and often an MQTT address besides; some invalid.
  addresses: { channel: "fcm" | "apns" | "webpush" | "hms" | "mqtt" | "poll"; token: string | null; status: string }[];
  maker: "huawei" | "honor" | "xiaomi" | "oppo" | "vivo" | "other" | null;
  tags: string[];
  locale: string | null;
  status: "active" | "invalid" | "unsubscribed";
  isTest: boolean;
  lastActiveAt: Date;
};

const now = new Date("2026-11-20T12:00:00Z");
const day = 86_400_000;
const seeded: Seeded[] = [];
let appA = "";
let appB = "";

// Small deterministic PRNG so failures reproduce.
function prng(seed: number) {
  let a = seed;
  return () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function makeDevices(appId: string, count: number, random: () => number): Seeded[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const pool = ["sports", "news", "tech", "vip", "city:berlin", "city:shanghai", "plan:plus"];
  const ages = [0.2, 0.5, 2, 5, 10, 20, 29.9, 31, 45, 89, 91, 200];
  return Array.from({ length: count }, (_, i) => {
    const platform = pick(["android", "ios", "web", "harmony"] as const);
    const channel =
      platform === "ios"
        ? pick(["apns", "fcm"] as const)
        : platform === "web"
          ? pick(["webpush", "poll"] as const)
          : pick(["fcm", "hms", "mqtt"] as const);
    // Every 7th device shares a timestamp with its neighbour so ties are broken by id.
    const age = i % 7 === 0 && i > 0 ? ages[(i - 1) % ages.length] : pick(ages) + random() / 10;
    const tags = pool.filter(() => random() < 0.3);
    const token =
      channel === "poll" || channel === "mqtt"
        ? null
        : `${pick(["ab", "a_", "cd", "c%"])}${Math.floor(random() * 1e9).toString(36)}`;
    const addresses: Seeded["addresses"] = [{ channel, token, status: random() < 0.15 ? "invalid" : "active" }];
    if (platform === "android" && channel !== "mqtt" && random() < 0.4)
      addresses.push({ channel: "mqtt", token: null, status: "active" });
    return {
      id: randomUUID(),
      appId,
      installationId: randomUUID(),
      platform,
      addresses,
      maker:
        platform === "android" ? pick(["huawei", "honor", "xiaomi", "oppo", "vivo", "other", null] as const) : null,
      tags,
      locale: pick(["zh-CN", "zh-TW", "en-US", "en-GB", "zh", null] as const),
      status: pick(["active", "active", "active", "invalid", "unsubscribed"] as const),
      isTest: random() < 0.1,
      lastActiveAt: new Date(Math.round(now.getTime() - age * day)),
    };
  });
}

const byListOrder = (a: Seeded, b: Seeded) =>
  b.lastActiveAt.getTime() - a.lastActiveAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

// What the list must return, computed in memory from what was inserted.
function expected(appId: string, f: DeviceFilters): string[] {
  const ago = (d: number) => now.getTime() - d * day;
  return seeded
    .filter((d) => d.appId === appId)
    .filter((d) => f.tags.every((t) => d.tags.includes(t)))
    .filter((d) => !f.platform || d.platform === f.platform)
    .filter((d) => !f.channel || d.addresses.some((a) => a.channel === f.channel && a.status === "active"))
    .filter((d) => !f.maker || d.maker === f.maker)
    .filter((d) => !f.status || d.status === f.status)
    .filter((d) => !f.testOnly || d.isTest)
    .filter(
      (d) =>
        !f.locale ||
        (f.locale.includes("-")
          ? d.locale === f.locale
          : d.locale === f.locale || (d.locale ?? "").startsWith(`${f.locale}-`)),
    )
    .filter((d) => {
      const t = d.lastActiveAt.getTime();
      switch (f.active) {
        case "24h":
          return t >= ago(1);
        case "7d":
          return t >= ago(7);
        case "30d":
          return t >= ago(30);
        case "dormant30":
          return t < ago(30);
        case "dormant90":
          return t < ago(90);
        default:
          return true;
      }
    })
    .filter(
      (d) =>
        !f.search ||
        (/^[0-9a-f-]{36}$/.test(f.search)
          ? d.installationId === f.search
          : d.addresses.some((a) => (a.token ?? "").startsWith(f.search ?? ""))),
    )
    .sort(byListOrder)
    .map((d) => d.id);
}

// Follows "next" links from the first page to the last; returns the ids in visiting order.
async function walkForward(appId: string, filters: DeviceFilters, pageSize: number) {
  const pages: string[][] = [];
  let after: string | null = null;
  let total = -1;
  do {
    const cursor: { lastActiveAt: Date; id: string } | undefined = after
      ? { lastActiveAt: new Date(Number(after.split("_")[0])), id: after.split("_")[1] }
      : undefined;
    const page = await listDevices(appId, filters, { after: cursor, pageSize, now });
    total = page.total;
    pages.push(page.rows.map((r) => r.id));
    expect(page.rows.every((r) => seeded.find((s) => s.id === r.id)?.appId === appId)).toBe(true);
    after = page.nextCursor;
  } while (after && pages.length < 100);
  return { pages, total };
}

const none: DeviceFilters = { tags: [], testOnly: false };

beforeAll(async () => {
  appA = (await createApp("Devices list A")).app.id;
  appB = (await createApp("Devices list B")).app.id;
  const random = prng(42);
  seeded.push(...makeDevices(appA, 320, random), ...makeDevices(appB, 140, random));
  await db.device.createMany({
    data: seeded.map((d) => ({
      ...d,
      channelMask: channelMaskOf(d.addresses.filter((a) => a.status === "active").map((a) => a.channel)),
    })),
  });
});

describe("device list filters", () => {
  const cases: [string, Partial<DeviceFilters>][] = [
    ["no filter", {}],
    ["one tag", { tags: ["sports"] }],
    ["all of two tags", { tags: ["sports", "city:berlin"] }],
    ["platform", { platform: "ios" }],
    ["channel", { channel: "hms" }],
    ["active address on mqtt", { channel: "mqtt" }],
    ["maker", { maker: "honor" }],
    ["status", { status: "invalid" }],
    ["locale prefix", { locale: "zh" }],
    ["exact locale", { locale: "zh-CN" }],
    ["active 24h", { active: "24h" }],
    ["active 7d", { active: "7d" }],
    ["active 30d", { active: "30d" }],
    ["dormant 30d+", { active: "dormant30" }],
    ["dormant 90d+", { active: "dormant90" }],
    ["test devices", { testOnly: true }],
    ["token prefix", { search: "ab" }],
    ["token prefix with LIKE wildcards", { search: "a_" }],
    ["token prefix with percent", { search: "c%" }],
    ["combined", { tags: ["news"], platform: "android", status: "active", active: "30d" }],
  ];
  for (const [name, partial] of cases) {
    it(`${name}: returns exactly the matching devices of the app, each once, in order`, async () => {
      const filters = { ...none, ...partial };
      for (const appId of [appA, appB]) {
        const want = expected(appId, filters);
        const { pages, total } = await walkForward(appId, filters, 23);
        expect(total).toBe(want.length);
        expect(pages.flat()).toEqual(want);
        expect(pages.slice(0, -1).every((p) => p.length === 23)).toBe(true);
      }
    });
  }

  it("finds a device by its installation id, but never another app's", async () => {
    const target = seeded.find((d) => d.appId === appB)!;
    expect(
      (await listDevices(appB, { ...none, search: target.installationId }, { now })).rows.map((r) => r.id),
    ).toEqual([target.id]);
    const underA = await listDevices(appA, { ...none, search: target.installationId }, { now });
    expect(underA.total).toBe(0);
    expect(underA.rows).toEqual([]);
  });

  it("previous links walk back over the same pages", async () => {
    const { pages } = await walkForward(appA, none, 50);
    expect(pages.length).toBeGreaterThan(3);
    // From the last page, follow "previous" back to the first.
    const lastFirst = seeded.find((s) => s.id === pages[pages.length - 1][0])!;
    let before: { lastActiveAt: Date; id: string } | null = { lastActiveAt: lastFirst.lastActiveAt, id: lastFirst.id };
    const back: string[][] = [];
    while (before) {
      const page = await listDevices(appA, none, { before, pageSize: 50, now });
      back.push(page.rows.map((r) => r.id));
      before = page.prevCursor
        ? { lastActiveAt: new Date(Number(page.prevCursor.split("_")[0])), id: page.prevCursor.split("_")[1] }
        : null;
    }
    expect(back).toEqual(pages.slice(0, -1).reverse());
  });
});

describe("devices.setTest", () => {
  it("flips only this app's devices and writes one audit entry", async () => {
    const editor = await createUser("editor");
    const mineIds = seeded
      .filter((d) => d.appId === appA && !d.isTest)
      .slice(0, 3)
      .map((d) => d.id);
    const theirs = seeded
      .filter((d) => d.appId === appB && !d.isTest)
      .slice(0, 2)
      .map((d) => d.id);
    const result = await setDevicesTest.runAs(editor, {
      appId: appA,
      deviceIds: [...mineIds, ...theirs],
      isTest: true,
    });
    expect(result).toMatchObject({ ok: true, data: { changed: 3, requested: 5 } });
    const after = await db.device.findMany({
      where: { id: { in: [...mineIds, ...theirs] } },
      select: { id: true, isTest: true },
    });
    expect(
      after
        .filter((d) => d.isTest)
        .map((d) => d.id)
        .sort(),
    ).toEqual([...mineIds].sort());
    const audit = await db.auditLog.findMany({ where: { action: "devices.setTest", actorId: editor.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      targetType: "device",
      appId: appA,
      actorEmail: editor.email,
      diff: { isTest: true, count: 3, ids: [...mineIds].sort() },
    });

    const undo = await setDevicesTest.runAs(editor, { appId: appA, deviceIds: mineIds, isTest: false });
    expect(undo).toMatchObject({ ok: true, data: { changed: 3 } });
    expect(await db.device.count({ where: { id: { in: mineIds }, isTest: true } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "devices.setTest", actorId: editor.id } })).toBe(2);
  });

  it("refuses analysts with 403 and changes nothing", async () => {
    const analyst = await createUser("analyst");
    const ids = seeded
      .filter((d) => d.appId === appA && !d.isTest)
      .slice(5, 8)
      .map((d) => d.id);
    const result = await setDevicesTest.runAs(analyst, { appId: appA, deviceIds: ids, isTest: true });
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(await db.device.count({ where: { id: { in: ids }, isTest: true } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: analyst.id } })).toBe(0);
  });

  it("rejects bad input with field errors and an unknown app with 404", async () => {
    const admin = await createUser("admin");
    const tooMany = Array.from({ length: 501 }, () => randomUUID());
    expect(await setDevicesTest.runAs(admin, { appId: appA, deviceIds: tooMany, isTest: true })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { deviceIds: expect.any(Array) },
    });
    expect(await setDevicesTest.runAs(admin, { appId: appA, deviceIds: [], isTest: true })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await setDevicesTest.runAs(admin, { appId: appA, deviceIds: ["not-a-uuid"], isTest: true })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(
      await setDevicesTest.runAs(admin, { appId: randomUUID(), deviceIds: [seeded[0].id], isTest: true }),
    ).toMatchObject({ ok: false, status: 404 });
  });
});
