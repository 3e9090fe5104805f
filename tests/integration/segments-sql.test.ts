// The SQL compiled from an audience expression selects exactly the devices the in-memory evaluator
// accepts: random expressions against a few hundred random devices in real PostgreSQL, fixed `now`.
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareVersionParts, evaluateSegment, parseSegment, SEGMENT_CHANNELS, SEGMENT_PLATFORMS, versionKey, versionParts, type SegmentDevice, type SegmentNode } from "@/lib/segments";
import { compileSegment } from "@/server/segments/compile";
import { createApp } from "../support/fixtures";
import { makeSegmentArbitrary } from "../unit/segments-arbitrary";

const now = new Date("2026-06-01T12:00:00.000Z");
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
type StoredDevice = SegmentDevice & { id: string; status: string };
const devices: StoredDevice[] = [];
let appId = "";

const TAGS = ["vip", "churned", "news", "sports", "city:new york", "beta tester", "it's"];
const AMOUNTS = [0, 1, 7, 30, 90];
const vocabulary = {
  tags: fc.constantFrom(...TAGS),
  locales: fc.constantFrom("zh", "zh-cn", "en", "en-us", "pt-br", "z"),
  timezones: fc.constantFrom("America/", "America/New_York", "Asia/Shanghai", "Europe/", "Europe/Berlin", "Asia"),
  versions: fc.constantFrom("5", "5.2", "5.2.0", "5.10", "4.9.9", "10", "0", "99999999999999999999"),
  amounts: fc.constantFrom(...AMOUNTS),
};

// A deterministic pseudo-random generator, so a failure reproduces.
function random(seed: number) {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}

// Times near every threshold the expressions can use: exactly on it, a millisecond either side, an hour off.
function nearThreshold(r: ReturnType<typeof random>): Date {
  const unitMs = r.pick([60_000, 3_600_000, 86_400_000, 604_800_000]);
  return new Date(now.getTime() - r.pick(AMOUNTS) * unitMs + r.pick([-3_600_000, -1, 0, 0, 1, 3_600_000]));
}

function randomDevice(r: ReturnType<typeof random>): Omit<StoredDevice, "id"> {
  const tags = TAGS.filter(() => r.next() < 0.3);
  return {
    tags: r.next() < 0.08 ? null : tags,
    platform: r.pick(SEGMENT_PLATFORMS),
    channel: r.pick(SEGMENT_CHANNELS),
    locale: r.pick([null, "zh", "zh-CN", "ZH-tw", "zhuang", "en", "en-US", "EN-us", "pt-BR", "z"]),
    timezone: r.pick([null, "America/New_York", "America/Sao_Paulo", "america/new_york", "Asia/Shanghai", "Asia", "Europe/Berlin"]),
    appVersion: r.pick([null, "", "beta", "v5.2", "5", "5.2", "5.2.0", "5.02", "5.2.1", "5.10", "5.10.0-rc1", "5..2", "4.9.9", "10", "0", "0.0", "99999999999999999999.1", "99999999999999999999"]),
    lastActiveAt: nearThreshold(r),
    createdAt: nearThreshold(r),
    isTest: r.next() < 0.2,
    status: r.pick(["active", "active", "active", "invalid", "unsubscribed"]),
  };
}

async function insertDevices(app: string, rows: Omit<StoredDevice, "id">[]): Promise<string[]> {
  const { rows: inserted } = await pool.query<{ id: string }>(
    `insert into "Device" (id, "appId", "installationId", platform, channel, tags, locale, timezone, "appVersion", "lastActiveAt", "createdAt", "isTest", status, "updatedAt")
     select gen_random_uuid(), $1, gen_random_uuid(), d.platform::"Platform", d.channel::"Channel", d.tags, d.locale, d.timezone, d.version, d.active, d.created, d.test, d.status::"DeviceStatus", now()
     from jsonb_to_recordset($2::jsonb) as d(platform text, channel text, tags text[], locale text, timezone text, version text, active timestamp, created timestamp, test boolean, status text, n int)
     order by d.n returning id`,
    [app, JSON.stringify(rows.map((d, n) => ({ ...d, n, version: d.appVersion, active: d.lastActiveAt.toISOString().slice(0, 23), created: d.createdAt.toISOString().slice(0, 23), test: d.isTest })))],
  );
  return inserted.map((row) => row.id);
}

async function selectIds(ast: SegmentNode, sendableOnly: boolean): Promise<string[]> {
  const where = compileSegment(ast, { appId, now, sendableOnly });
  const { rows } = await pool.query<{ id: string }>(`select id from "Device" where ${where.text}`, where.values);
  return rows.map((row) => row.id).sort();
}

const expectedIds = (ast: SegmentNode, sendableOnly: boolean) =>
  devices.filter((d) => (!sendableOnly || d.status === "active") && evaluateSegment(ast, d, now)).map((d) => d.id).sort();

beforeAll(async () => {
  appId = (await createApp("Segments app")).app.id;
  const r = random(20261125);
  const rows = Array.from({ length: 400 }, () => randomDevice(r));
  const ids = await insertDevices(appId, rows);
  rows.forEach((row, i) => devices.push({ ...row, id: ids[i] }));
  // The same devices in another app: never part of this app's audience.
  await insertDevices((await createApp("Other app")).app.id, rows);
});

afterAll(async () => {
  await pool.end();
});

describe("compiled SQL agrees with the evaluator", () => {
  it("stored the devices as generated (timestamps to the millisecond)", async () => {
    const { rows } = await pool.query<{ id: string; lastActiveAt: Date; createdAt: Date }>(`select id, "lastActiveAt" at time zone 'UTC' as "lastActiveAt", "createdAt" at time zone 'UTC' as "createdAt" from "Device" where "appId" = $1`, [appId]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const d of devices) {
      expect(byId.get(d.id)?.lastActiveAt.getTime()).toBe(d.lastActiveAt.getTime());
      expect(byId.get(d.id)?.createdAt.getTime()).toBe(d.createdAt.getTime());
    }
  });

  it("for 300 random expressions, all devices and sendable devices", async () => {
    let nonTrivial = 0;
    await fc.assert(
      fc.asyncProperty(makeSegmentArbitrary(vocabulary, 4), async (ast) => {
        const all = expectedIds(ast, false);
        if (all.length > 0 && all.length < devices.length) nonTrivial++;
        expect(await selectIds(ast, false)).toEqual(all);
        expect(await selectIds(ast, true)).toEqual(expectedIds(ast, true));
      }),
      { numRuns: 300, seed: 424242 },
    );
    // The vocabularies are small on purpose: most expressions select some devices but not all.
    expect(nonTrivial).toBeGreaterThan(150);
  });

  it.each([
    "tag:vip and not tag:churned and (platform:android or platform:ios) and locale:zh* and appVersion>=5.2 and lastActive>30d",
    "any(tag:vip, tag:news, tag:\"city:new york\") and not any(tag:churned, tag:sports)",
    "not all(tag:vip, tag:news) or not (tag:\"beta tester\" or lastActive<=7d)",
    "appVersion!=5.2 or not appVersion<5.10",
    "locale:zh* and not locale:zh-cn and timezone:America/*",
    "createdAt<90d and not createdAt<1d and test:false",
  ])("for %s", async (source) => {
    const ast = parseSegment(source);
    expect(await selectIds(ast, true)).toEqual(expectedIds(ast, true));
  });
});

describe("the stored version key", () => {
  it("is the key versionKey computes, and orders versions like compareVersionParts", async () => {
    const versions = ["5", "5.2", "5.2.0", "5.02", "5.2.1", "5.10", "5.10.0-rc1", "5.9", "10", "9", "0", "0.0", "00", "007.0010", "4.9.9", "5..2", "12", "13", "100",
      "99999999999999999999", "99999999999999999999.1", `1${"0".repeat(300)}.5`, "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17", "3.4.5-beta.7", "beta", "", "v5.2"];
    const rows = versions.map((appVersion) => ({ ...randomDevice(random(3)), appVersion, status: "active" }));
    const ids = await insertDevices((await createApp("Version key app")).app.id, rows);
    const { rows: stored } = await pool.query<{ id: string; key: Buffer | null }>(`select id, "appVersionKey" as key from "Device" where id = any($1::uuid[])`, [ids]);
    const keyOf = new Map(stored.map((row) => [row.id, row.key]));
    const keyed = versions.map((version, i) => ({ parts: versionParts(version), key: keyOf.get(ids[i]) ?? null }));
    for (const { parts, key } of keyed) expect(key === null ? null : [...key]).toEqual(parts === null ? null : [...versionKey(parts)]);
    const valid = keyed.filter((k): k is { parts: bigint[]; key: Buffer } => k.parts !== null && k.key !== null);
    for (const a of valid) for (const b of valid) expect(Math.sign(Buffer.compare(a.key, b.key))).toBe(Math.sign(compareVersionParts(a.parts, b.parts)));
  });
});

describe("quoted values are only values", () => {
  it.each([`x'); delete from "Device"; --`, `' or '1'='1`, `$9 || $1`, `\\'; select pg_sleep(5); --`, `}",{"`])("tag %s", async (evil) => {
    const [id] = await insertDevices(appId, [{ ...randomDevice(random(7)), tags: [evil.toLowerCase()], status: "active" }]);
    const quote = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    const where = compileSegment(parseSegment(`tag:${quote(evil)} or locale:${quote(`${evil}*`)}`), { appId, now });
    // The SQL text is the same as for a harmless value: the input only travels as a parameter.
    expect(where.text).toBe(compileSegment(parseSegment(`tag:plain or locale:plain*`), { appId, now }).text);
    expect(where.values).toContain(evil.toLowerCase());
    const { rows } = await pool.query<{ id: string }>(`select id from "Device" where ${where.text}`, where.values);
    expect(rows.map((row) => row.id)).toEqual([id]);
    const { rows: count } = await pool.query<{ n: number }>(`select count(*)::int as n from "Device" where "appId" = $1`, [appId]);
    expect(count[0].n).toBeGreaterThan(devices.length);
    await pool.query(`delete from "Device" where id = $1`, [id]);
  });
});
