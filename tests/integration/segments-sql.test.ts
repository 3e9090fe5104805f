// The SQL compiled from an audience expression selects exactly the devices the in-memory evaluator
// accepts: random expressions against a few hundred random devices in real PostgreSQL, fixed `now`.
import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compareVersionParts,
  evaluateSegment,
  parseSegment,
  SEGMENT_CHANNELS,
  SEGMENT_PLATFORMS,
  versionKey,
  versionParts,
  type SegmentDevice,
  type SegmentNode,
} from "@/lib/segments";
import { compileSegment, versionKeySql } from "@/server/segments/compile";
import { migrationsDir } from "../../scripts/lib/migrations";
import { createApp } from "../support/fixtures";
import { testPool } from "../support/test-pool";
import { makeSegmentArbitrary } from "../unit/segments-arbitrary";
import { channelMaskOf } from "@/lib/channels/devices";

const now = new Date("2026-06-01T12:00:00.000Z");
const pool = testPool({ connectionString: process.env.DATABASE_URL });
type StoredDevice = SegmentDevice & { id: string; status: string };
const devices: StoredDevice[] = [];
let appId = "";

const TAGS = ["vip", "churned", "news", "sports", "city:new york", "beta tester", "it's"];
const AMOUNTS = [0, 1, 7, 30, 90];
// Versions that are easy to get wrong (leading zeros, pre-releases, empty parts, more digits than a
// bigint, no digits at all): what the random devices run and what the version key is checked on.
const awkwardVersions = [
  "",
  "beta",
  "v5.2",
  "5",
  "5.2",
  "5.2.0",
  "5.02",
  "5.2.1",
  "5.10",
  "5.10.0-rc1",
  "5..2",
  "4.9.9",
  "10",
  "0",
  "0.0",
  "99999999999999999999.1",
  "99999999999999999999",
];
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
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
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
    // Zero to three active addresses (`channel:x` = has an active address on x).
    channels: [...new Set(Array.from({ length: Math.floor(r.next() * 4) }, () => r.pick(SEGMENT_CHANNELS)))],
    locale: r.pick([null, "zh", "zh-CN", "ZH-tw", "zhuang", "en", "en-US", "EN-us", "pt-BR", "z"]),
    timezone: r.pick([
      null,
      "America/New_York",
      "America/Sao_Paulo",
      "america/new_york",
      "Asia/Shanghai",
      "Asia",
      "Europe/Berlin",
    ]),
    appVersion: r.pick([null, ...awkwardVersions]),
    lastActiveAt: nearThreshold(r),
    createdAt: nearThreshold(r),
    isTest: r.next() < 0.2,
    status: r.pick(["active", "active", "active", "invalid", "unsubscribed"]),
  };
}

// Device.appVersionKey as every writer stores it with appVersion (hex for the JSON below).
function hexKey(version: string | null): string | null {
  const parts = versionParts(version);
  return parts === null ? null : Buffer.from(versionKey(parts)).toString("hex");
}

async function insertDevices(app: string, rows: Omit<StoredDevice, "id">[]): Promise<string[]> {
  const { rows: inserted } = await pool.query<{ id: string }>(
    `insert into "Device" (id, "appId", "installationId", platform, "channelMask", tags, locale, timezone, "appVersion",
       "appVersionKey", "lastActiveAt", "createdAt", "isTest", status, "updatedAt")
     select gen_random_uuid(), $1, gen_random_uuid(), d.platform::"Platform", d.mask, d.tags, d.locale,
       d.timezone, d.version, decode(d.version_key, 'hex'), d.active, d.created, d.test, d.status::"DeviceStatus", now()
     from jsonb_to_recordset($2::jsonb) as d(platform text, mask int, tags text[], locale text, timezone text,
       version text, version_key text, active timestamp, created timestamp, test boolean, status text, n int)
     order by d.n returning id`,
    [
      app,
      JSON.stringify(
        rows.map((d, n) => ({
          ...d,
          n,
          mask: channelMaskOf(d.channels),
          version: d.appVersion,
          version_key: hexKey(d.appVersion),
          active: d.lastActiveAt.toISOString().slice(0, 23),
          created: d.createdAt.toISOString().slice(0, 23),
          test: d.isTest,
        })),
      ),
    ],
  );
  return inserted.map((row) => row.id);
}

async function selectIds(ast: SegmentNode, sendableOnly: boolean): Promise<string[]> {
  const where = compileSegment(ast, { appId, now, sendableOnly });
  const { rows } = await pool.query<{ id: string }>(`select id from "Device" where ${where.text}`, where.values);
  return rows.map((row) => row.id).sort();
}

const expectedIds = (ast: SegmentNode, sendableOnly: boolean) =>
  devices
    .filter((d) => (!sendableOnly || d.status === "active") && evaluateSegment(ast, d, now))
    .map((d) => d.id)
    .sort();

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
    const { rows } = await pool.query<{ id: string; lastActiveAt: Date; createdAt: Date }>(
      `select id, "lastActiveAt" at time zone 'UTC' as "lastActiveAt", "createdAt" at time zone 'UTC' as "createdAt"
         from "Device" where "appId" = $1`,
      [appId],
    );
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
    "tag:vip and not tag:churned and (platform:android or platform:ios) and locale:zh* and appVersion>=5.2 and " +
      "lastActive>30d",
    'any(tag:vip, tag:news, tag:"city:new york") and not any(tag:churned, tag:sports)',
    'not all(tag:vip, tag:news) or not (tag:"beta tester" or lastActive<=7d)',
    "appVersion!=5.2 or not appVersion<5.10",
    "locale:zh* and not locale:zh-cn and timezone:America/*",
    "createdAt<90d and not createdAt<1d and test:false",
  ])("for %s", async (source) => {
    const ast = parseSegment(source);
    expect(await selectIds(ast, true)).toEqual(expectedIds(ast, true));
  });
});

describe("the version key", () => {
  const versions = [
    ...awkwardVersions,
    "5.9",
    "9",
    "00",
    "007.0010",
    "12",
    "13",
    "100",
    `1${"0".repeat(300)}.5`,
    "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17",
    "3.4.5-beta.7",
  ];

  it("orders versions like compareVersionParts, byte by byte as PostgreSQL compares bytea", async () => {
    const keyed = versions.flatMap((version) => {
      const parts = versionParts(version);
      return parts === null ? [] : [{ parts, key: Buffer.from(versionKey(parts)) }];
    });
    const { rows } = await pool.query<{ a: number; b: number; cmp: number }>(
      `select a.n::int as a, b.n::int as b, (case when a.k < b.k then -1 when a.k > b.k then 1 else 0 end)::int as cmp
       from unnest($1::bytea[]) with ordinality as a(k, n), unnest($1::bytea[]) with ordinality as b(k, n)`,
      [keyed.map((k) => k.key)],
    );
    for (const row of rows)
      expect(row.cmp).toBe(Math.sign(compareVersionParts(keyed[row.a - 1].parts, keyed[row.b - 1].parts)));
  });

  it(
    "is the same in SQL (versionKeySql, " +
      "used by the migration that added the column and by the benchmark's loader)",
    async () => {
      const { rows } = await pool.query<{ key: Buffer | null }>(
        `select ${versionKeySql("v")} as key from unnest($1::text[]) with ordinality as t(v, n) order by n`,
        [versions],
      );
      rows.forEach((row, i) => expect(row.key === null ? null : row.key.toString("hex")).toBe(hexKey(versions[i])));
      const migration = await readFile(
        path.join(migrationsDir, "20261126003134_segment_version_key", "migration.sql"),
        "utf8",
      );
      expect(migration).toContain(versionKeySql(`"appVersion"`));
    },
  );
});

describe("quoted values are only values", () => {
  it.each([`x'); delete from "Device"; --`, `' or '1'='1`, `$9 || $1`, `\\'; select pg_sleep(5); --`, `}",{"`])(
    "tag %s",
    async (evil) => {
      const [id] = await insertDevices(appId, [
        { ...randomDevice(random(7)), tags: [evil.toLowerCase()], status: "active" },
      ]);
      const quote = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
      const where = compileSegment(parseSegment(`tag:${quote(evil)} or locale:${quote(`${evil}*`)}`), { appId, now });
      // The SQL text is the same as for a harmless value: the input only travels as a parameter.
      expect(where.text).toBe(compileSegment(parseSegment(`tag:plain or locale:plain*`), { appId, now }).text);
      expect(where.values).toContain(evil.toLowerCase());
      const { rows } = await pool.query<{ id: string }>(`select id from "Device" where ${where.text}`, where.values);
      expect(rows.map((row) => row.id)).toEqual([id]);
      const { rows: count } = await pool.query<{ n: number }>(
        `select count(*)::int as n from "Device" where "appId" = $1`,
        [appId],
      );
      expect(count[0].n).toBeGreaterThan(devices.length);
      await pool.query(`delete from "Device" where id = $1`, [id]);
    },
  );
});
