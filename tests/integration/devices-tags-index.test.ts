// The tag filter of the Devices page must use the GIN index "Device_tags_idx" (tags @> ...).
// 20,000 devices are inserted and analysed, then the exact SQL Prisma sends for the page's count and
// page queries is captured and EXPLAINed with its parameters, without any planner switches.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceWhere } from "@/server/devices/filters";
import { deviceListSelect } from "@/server/devices/queries";
import { PrismaClient } from "@/server/generated/prisma/client";
import { createApp } from "../support/fixtures";

const url = process.env.DATABASE_URL!;
const sql = new pg.Client({ connectionString: url });
const prisma = new PrismaClient({
  adapter: new PrismaPg({ connectionString: url }),
  log: [{ emit: "event", level: "query" }],
});
const captured: { query: string; params: unknown[] }[] = [];
prisma.$on("query", (e) => captured.push({ query: e.query, params: JSON.parse(e.params) as unknown[] }));
let appId = "";

// Runs a Prisma call and returns the plan of the SQL it sent.
async function planOf(run: () => Promise<unknown>): Promise<string> {
  captured.length = 0;
  await run();
  const [statement] = captured;
  expect(statement.query).toContain("@>");
  const { rows } = await sql.query(`explain ${statement.query}`, statement.params);
  return rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
}

beforeAll(async () => {
  await sql.connect();
  appId = (await createApp("Tag index app")).app.id;
  // 20,000 devices; every 500th carries the rare tag "beta-tester", about a third carry "sports".
  await sql.query(
    `insert into "Device" (id, "appId", "installationId", platform, "channelMask", tags, "lastActiveAt", "updatedAt")
     select gen_random_uuid(), $1, gen_random_uuid(), 'android', 1,
            case when i % 500 = 0 then array['beta-tester', 'sports'] when i % 3 = 0 then array['sports', 'news']
              else array['news', 'city:' || (i % 40)] end,
            now() - (i || ' minutes')::interval, now()
     from generate_series(1, 20000) as i`,
    [appId],
  );
  await sql.query(`analyze "Device"`);
});

afterAll(async () => {
  await sql.end();
  await prisma.$disconnect();
});

describe("tag filter", () => {
  it("counts matches through the GIN index Device_tags_idx", async () => {
    const where = deviceWhere(appId, { tags: ["beta-tester"], testOnly: false });
    const plan = await planOf(() => prisma.device.count({ where }));
    expect(plan).toContain("Device_tags_idx");
    expect(await prisma.device.count({ where })).toBe(40);
  });

  it("loads the first page through the GIN index too", async () => {
    const where = deviceWhere(appId, { tags: ["beta-tester", "sports"], testOnly: false });
    const plan = await planOf(() =>
      prisma.device.findMany({
        where,
        select: deviceListSelect,
        orderBy: [{ lastActiveAt: "desc" }, { id: "desc" }],
        take: 51,
      }),
    );
    expect(plan).toContain("Device_tags_idx");
  });
});
