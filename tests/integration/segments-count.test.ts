// Audience counts for the composer (total, by platform, by channel, a sample of 20), and the plans
// PostgreSQL picks for tag conditions on 20,000 devices.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSegment } from "@/lib/segments";
import { complementPlan, subtractBreakdown } from "@/server/segments/complement";
import {
  audienceBreakdownQuery,
  audienceSampleQuery,
  chooseSampleStrategy,
  countAudience,
} from "@/server/segments/count";
import { dropDatabase, freshDatabase } from "../../scripts/lib/database";
import { testPool } from "../support/test-pool";

const now = new Date("2026-06-01T12:00:00.000Z");
// A database of its own: which plan is picked depends on table-wide statistics, and other test files
// leave many more (untagged) devices in the shared test database.
const server = process.env.DATABASE_URL!;
const databaseName = `herald_segcount_${process.pid}`;
let pool: pg.Pool;
let appId = "";
let otherAppId = "";

// 20,000 devices, deterministic: device i is android when i % 4 < 2 (else ios), fcm/apns/mqtt by i % 3,
// tagged "news" always, "vip" when i % 10 = 0, "beta-tester" when i % 500 = 0, "gold" when i % 700 = 0,
// inactive for i minutes, status 'invalid' when i % 7 = 0.
const deviceRows = `
  select gen_random_uuid(), $1::uuid, gen_random_uuid(),
         (case when i % 4 < 2 then 'android' else 'ios' end)::"Platform",
         (array[1, 2, 64])[i % 3 + 1],
         array['news'] || case when i % 10 = 0 then array['vip'] else '{}' end || case
           when i % 500 = 0 then array['beta-tester'] else '{}' end || case when i % 700 = 0 then array['gold']
           else '{}' end,
         $2::timestamp - (i || ' minutes')::interval, (case when i % 7 = 0 then 'invalid'
           else 'active' end)::"DeviceStatus", now()
  from generate_series(1, 20000) as i`;

beforeAll(async () => {
  pool = testPool({ connectionString: await freshDatabase(server, databaseName) });
  const app = async (name: string) =>
    (
      await pool.query<{ id: string }>(
        `insert into "App" (id, name, "apiKeyPrefix", "apiKeyHash", "updatedAt")
           values (gen_random_uuid(), $1, $2, $3, now()) returning id`,
        [name, name.slice(0, 8), `hash-${name}`],
      )
    ).rows[0]!.id;
  appId = await app("Audience app");
  otherAppId = await app("Other audience app");
  const insert = `insert into "Device" (id, "appId", "installationId", platform, "channelMask", tags, "lastActiveAt",
                    status, "updatedAt") ${deviceRows}`;
  await pool.query(insert, [appId, now.toISOString().slice(0, 23)]);
  await pool.query(insert, [otherAppId, now.toISOString().slice(0, 23)]);
  // Vacuumed as autovacuum would leave it: index-only scans need the visibility map.
  await pool.query(`vacuum analyze "Device"`);
});

afterAll(async () => {
  await pool?.end();
  await dropDatabase(server, databaseName);
});

// What the generator above implies, computed independently in JavaScript.
function expected(keep: (i: number) => boolean) {
  const byPlatform: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const ids: number[] = [];
  for (let i = 1; i <= 20000; i++) {
    if (i % 7 === 0 || !keep(i)) continue;
    ids.push(i);
    const platform = i % 4 < 2 ? "android" : "ios";
    const channel = ["fcm", "apns", "mqtt"][i % 3];
    byPlatform[platform] = (byPlatform[platform] ?? 0) + 1;
    byChannel[channel] = (byChannel[channel] ?? 0) + 1;
  }
  return { total: ids.length, byPlatform, byChannel, ids };
}

describe("countAudience", () => {
  it("counts sendable devices of the app with breakdowns and the 20 most recently active", async () => {
    const result = await countAudience(pool, parseSegment("tag:vip and not platform:ios and lastActive<7d"), {
      appId,
      now,
    });
    const want = expected((i) => i % 10 === 0 && i % 4 < 2 && i < 7 * 24 * 60);
    expect(result.total).toBe(want.total);
    expect(result.byPlatform).toEqual(want.byPlatform);
    expect(result.byChannel).toEqual(want.byChannel);
    expect(result.sample).toHaveLength(20);
    // Most recently active first = smallest i first.
    const expectedTimes = want.ids.slice(0, 20).map((i) => new Date(now.getTime() - i * 60_000).getTime());
    expect(result.sample.map((d) => d.lastActiveAt.getTime())).toEqual(expectedTimes);
    for (const device of result.sample) {
      expect(device.tags).toContain("vip");
      expect(device.platform).toBe("android");
    }
  });

  it("counts all statuses when asked, and returns an empty result for an empty audience", async () => {
    const all = await countAudience(pool, parseSegment("tag:gold"), { appId, now, sendableOnly: false });
    expect(all.total).toBe(Math.floor(20000 / 700));
    const none = await countAudience(pool, parseSegment("tag:gold and tag:beta-tester and tag:vip and lastActive>1w"), {
      appId,
      now,
    });
    expect(none).toEqual({ total: 0, byPlatform: {}, byChannel: {}, sample: [] });
  });

  it("samples the same devices whichever plan the audience size picks", async () => {
    const ast = parseSegment("any(tag:vip, tag:gold) and lastActive>1d");
    const ids = async (strategy: "walk" | "filter") => {
      const query = audienceSampleQuery(ast, { appId, now }, 20, strategy);
      return (await pool.query<{ id: string }>(query.text, query.values)).rows.map((row) => row.id);
    };
    const filteredFirst = await ids("filter");
    expect(filteredFirst).toHaveLength(20);
    expect(await ids("walk")).toEqual(filteredFirst);
    expect(audienceSampleQuery(ast, { appId, now }, 20, "filter").text).toContain("materialized");
    expect(audienceSampleQuery(ast, { appId, now }, 20, "walk").text).not.toContain("materialized");
  });

  it("walks the activity index only when that visits few rows", () => {
    expect(chooseSampleStrategy(1_266, 1_000_000)).toBe("filter");
    expect(chooseSampleStrategy(6_261, 1_000_000)).toBe("walk");
    expect(chooseSampleStrategy(500, 10_000)).toBe("walk");
    expect(chooseSampleStrategy(5_000, -1)).toBe("filter");
    expect(chooseSampleStrategy(0, 100)).toBe("filter");
  });
});

describe("not tag:x counted as a difference", () => {
  it("subtracts the rare tag's devices from the rest, and gets the same counts as the direct query", async () => {
    for (const [source, keep] of [
      ["not tag:beta-tester", (i: number) => i % 500 !== 0],
      [
        "lastActive<2d and not any(tag:gold, tag:beta-tester) and platform:android",
        (i: number) => i < 2 * 24 * 60 && i % 700 !== 0 && i % 500 !== 0 && i % 4 < 2,
      ],
    ] as const) {
      const ast = parseSegment(source);
      expect(await complementPlan(pool, ast, { appId, now }), source).not.toBeNull();
      const want = expected(keep);
      const result = await countAudience(pool, ast, { appId, now });
      expect({ total: result.total, byPlatform: result.byPlatform, byChannel: result.byChannel }).toEqual({
        total: want.total,
        byPlatform: want.byPlatform,
        byChannel: want.byChannel,
      });
      const direct = audienceBreakdownQuery(ast, { appId, now });
      const { rows } = await pool.query<{ devices: number }>(direct.text, direct.values);
      expect(rows.reduce((sum, row) => sum + row.devices, 0)).toBe(want.total);
      expect(result.sample).toHaveLength(20);
      for (const device of result.sample) expect(device.tags).not.toContain("beta-tester");
    }
  });

  it("counts directly when the negated tag is common, when the rest has tags, or when nothing is negated", async () => {
    expect(await complementPlan(pool, parseSegment("not tag:vip"), { appId, now })).toBeNull();
    expect(await complementPlan(pool, parseSegment("tag:vip and not tag:gold"), { appId, now })).toBeNull();
    expect(await complementPlan(pool, parseSegment("lastActive<1d"), { appId, now })).toBeNull();
    const none = await countAudience(pool, parseSegment("not tag:news"), { appId, now });
    expect(none).toEqual({ total: 0, byPlatform: {}, byChannel: {}, sample: [] });
  });

  it("subtracts pair by pair and drops empty pairs", () => {
    const rows = (list: [string, number, number][]) =>
      list.map(([platform, channelMask, devices]) => ({ platform, channelMask, devices }));
    expect(
      subtractBreakdown(
        rows([
          ["android", 1, 10],
          ["ios", 2, 4],
        ]),
        rows([
          ["ios", 2, 4],
          ["android", 1, 3],
        ]),
      ),
    ).toEqual(rows([["android", 1, 7]]));
  });
});

describe("query plans", () => {
  async function planOf(source: string): Promise<string> {
    const query = audienceBreakdownQuery(parseSegment(source), { appId, now });
    const { rows } = await pool.query<{ "QUERY PLAN": string }>(`explain ${query.text}`, query.values);
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  }

  it("uses the GIN index Device_tags_idx for a tag", async () => {
    expect(await planOf("tag:beta-tester")).toContain("Device_tags_idx");
  });

  it("counts activity, version and channel conditions from indexes alone", async () => {
    const active = await planOf("lastActive<1h and platform:android and test:false");
    expect(active).toContain('Index Only Scan using "Device_appId_lastActiveAt_status_platform_channelMask_isTes_idx"');
    expect(await planOf("appVersion>=5.2 and appVersion<6")).toContain("Device_active_appVersionKey_idx");
    const channels = await planOf("channel:mqtt or channel:apns");
    expect(channels).toContain(`("channelMask" & 66) <> 0`);
    expect(channels).toContain("Index Only Scan");
  });

  it("uses one GIN scan for any(tag...) and all(tag...)", async () => {
    const anyPlan = await planOf("any(tag:beta-tester, tag:gold)");
    expect(anyPlan).toContain("Device_tags_idx");
    expect(anyPlan).toContain("Index Cond: (tags && '{beta-tester,gold}'::text[])");
    const allPlan = await planOf("tag:beta-tester and tag:vip and platform:android");
    expect(allPlan).toContain("Device_tags_idx");
    expect(allPlan).toContain("tags @> '{beta-tester,vip}'::text[]");
  });
});
