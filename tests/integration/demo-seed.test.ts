// The demo seed adds up: every seeded campaign has the rows its state implies, its counters equal its
// Delivery rows, its audience covers what it targeted, and the analytics read the same figures as
// the campaign page (the report and the overview list the sent campaigns).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignReport } from "@/server/analytics/campaign-report";
import { overview } from "@/server/analytics/overview";
import { closeSqlPool } from "@/server/sql";
import { seedDemo } from "../../prisma/seed";
import { dropDatabase, freshDatabase } from "../../scripts/lib/database";
import { testPool } from "../support/test-pool";

// A database of its own: the seed makes the demo app only where there is no app yet.
const server = process.env.DATABASE_URL!;
const databaseName = `herald_demoseed_${process.pid}`;
const DEVICES = 300;
let pool: pg.Pool;
let appId = "";

interface CampaignRow {
  id: string;
  name: string;
  state: string;
  audienceEstimate: number | null;
  targetedCount: number;
  queuedCount: number;
  sentCount: number;
  deliveredCount: number;
  failedCount: number;
  suppressedCount: number;
}

let campaigns: CampaignRow[] = [];

beforeAll(async () => {
  const url = await freshDatabase(server, databaseName);
  process.env.DATABASE_URL = url;
  const seeded = await seedDemo(url, { devices: DEVICES });
  appId = seeded.demoApp!.id;
  pool = testPool({ connectionString: url });
  campaigns = (
    await pool.query<CampaignRow>(
      `select id, name, state::text, "audienceEstimate", "targetedCount", "queuedCount", "sentCount",
              "deliveredCount", "failedCount", "suppressedCount"
         from "Campaign" where "appId" = $1 order by name`,
      [appId],
    )
  ).rows;
});

afterAll(async () => {
  await closeSqlPool();
  await pool?.end();
  process.env.DATABASE_URL = server;
  await dropDatabase(server, databaseName);
});

const sent = (c: CampaignRow) => c.state === "completed" || c.state === "sending";

describe("the demo seed", () => {
  it("seeds a completed campaign among the others", () => {
    expect(campaigns.length).toBeGreaterThan(3);
    expect(campaigns.filter(sent).map((c) => c.name)).toContain("Typhoon warning raised to red for Shanghai");
  });

  it("keeps each campaign's counters equal to its Delivery rows by status", async () => {
    for (const c of campaigns) {
      const { rows } = await pool.query<{ status: string; n: number }>(
        `select status::text, count(*)::int as n from "Delivery" where "campaignId" = $1 group by 1`,
        [c.id],
      );
      const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
      const total = rows.reduce((sum, r) => sum + r.n, 0);
      expect({ name: c.name, targeted: c.targetedCount }).toEqual({ name: c.name, targeted: total });
      expect(c.queuedCount).toBe(by.queued ?? 0);
      expect(c.sentCount).toBe((by.sent ?? 0) + (by.delivered ?? 0));
      expect(c.deliveredCount).toBe(by.delivered ?? 0);
      expect(c.failedCount).toBe(by.failed ?? 0);
      expect(c.suppressedCount).toBe(by.suppressed ?? 0);
    }
  });

  it("targets no more than the audience, from the seeded devices, and sends what it completed", async () => {
    const devices = await pool.query<{ n: number }>(`select count(*)::int as n from "Device" where "appId" = $1`, [
      appId,
    ]);
    expect(devices.rows[0]!.n).toBe(DEVICES);
    for (const c of campaigns) {
      if (c.audienceEstimate !== null) expect(c.audienceEstimate).toBeLessThanOrEqual(DEVICES);
      expect(c.targetedCount).toBeLessThanOrEqual(c.audienceEstimate ?? 0);
      if (sent(c)) {
        expect(c.sentCount, c.name).toBeGreaterThan(0);
        expect(c.targetedCount, c.name).toBe(c.audienceEstimate);
      } else expect(c.targetedCount, c.name).toBe(0);
    }
  });

  it("gives sent campaigns a finished wave, device events and rollups that agree with the counters", async () => {
    for (const c of campaigns.filter(sent)) {
      const waves = await pool.query<{ state: string; targeted: number }>(
        `select state::text, targeted from "CampaignWave" where "campaignId" = $1`,
        [c.id],
      );
      expect(waves.rows.map((w) => w.state)).toEqual(["done"]);
      expect(waves.rows[0]!.targeted).toBe(c.targetedCount);
      const events = await pool.query<{ type: string; n: number }>(
        `select type::text, count(*)::int as n from "DeviceEvent" where "campaignId" = $1 group by 1`,
        [c.id],
      );
      const byType = Object.fromEntries(events.rows.map((r) => [r.type, r.n])) as Record<string, number>;
      expect(byType.opened ?? 0).toBeGreaterThan(0);
      const opened = await pool.query<{ n: number }>(
        `select count(*)::int as n from "Delivery" where "campaignId" = $1 and "openedAt" is not null`,
        [c.id],
      );
      expect(byType.opened).toBe(opened.rows[0]!.n);
      const hourly = await pool.query<{ targeted: number; sent: number; failed: number; opened: number }>(
        `select sum(targeted)::int as targeted, sum(sent)::int as sent, sum(failed)::int as failed,
                sum(opened)::int as opened
           from "CampaignHourlyStat" where "campaignId" = $1`,
        [c.id],
      );
      expect(hourly.rows[0]).toEqual({
        targeted: c.targetedCount,
        sent: c.sentCount,
        failed: c.failedCount,
        opened: opened.rows[0]!.n,
      });
      const report = await campaignReport(c.id);
      expect(report?.funnel.sent).toBe(c.sentCount);
      expect(report?.funnel.targeted).toBe(c.targetedCount);
    }
    // Campaigns that never went out have none of it.
    for (const c of campaigns.filter((c) => !sent(c))) {
      const rows = await pool.query<{ n: number }>(
        `select (select count(*) from "CampaignWave" where "campaignId" = $1)
              + (select count(*) from "DeviceEvent" where "campaignId" = $1)
              + (select count(*) from "CampaignHourlyStat" where "campaignId" = $1) as n`,
        [c.id],
      );
      expect(Number(rows.rows[0]!.n), c.name).toBe(0);
    }
  });

  it("lists the sent campaigns in the analytics overview of the last days", async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86_400_000);
    const result = await overview(appId, { from: from.toISOString(), to: to.toISOString(), timeZone: "Asia/Shanghai" });
    for (const c of campaigns.filter(sent)) {
      const listed = result.topCampaigns.find((t) => t.id === c.id);
      expect(listed?.sent, c.name).toBe(c.sentCount);
    }
    expect(result.totals.sent).toBe(campaigns.filter(sent).reduce((sum, c) => sum + c.sentCount, 0));
  });
});
