// A campaign's report over a short range is per minute, counted from its Delivery rows: a send spread
// over a few minutes shows one bar per minute (the hourly rollups would give one), and the bars add
// up to the funnel's sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignReport } from "@/server/analytics/campaign-report";
import { reportRange } from "@/server/analytics/page-apps";
import { rollupCampaign } from "@/server/analytics/rollup";
import { db } from "@/server/db";
import { closeSqlPool, sqlPool } from "@/server/sql";
import { seedSentCampaign } from "../support/analytics-seed";
import { createDevice } from "../support/delivery-fixtures";
import { createApp } from "../support/fixtures";

let campaignId = "";

beforeAll(async () => {
  const { app } = await createApp();
  for (let i = 0; i < 60; i += 1) await createDevice(app.id, i % 2 ? "mqtt" : "fcm");
  // Started 40 minutes ago; the seeder queues over five minutes and sends a minute after each queueing.
  campaignId = await seedSentCampaign(sqlPool(), app.id, {
    name: "Minute-bucket alert",
    type: "news",
    startedAt: new Date(Date.now() - 40 * 60_000),
    variants: [{ key: "A", openRate: 0.3 }],
    seed: 11,
  });
  await rollupCampaign(campaignId);
});

afterAll(async () => {
  await closeSqlPool();
});

describe("the report of a campaign in its first hours", () => {
  it("charts sends per minute, one bar per minute of the send", async () => {
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    const range = reportRange(campaign, "Asia/Shanghai");
    const report = await campaignReport(campaignId, range);
    const points = report!.overTime;
    expect(points.length).toBeGreaterThan(1);
    expect(Date.parse(points[1]!.at) - Date.parse(points[0]!.at)).toBe(60_000);
    const sending = points.filter((p) => p.sent > 0);
    expect(sending.length).toBeGreaterThanOrEqual(3);
    expect(points.reduce((sum, p) => sum + p.sent, 0)).toBe(report!.funnel.sent);
    // Opens inside the range (the seeder draws some in the hours ahead), from the rows.
    const { rows } = await sqlPool().query<{ n: number }>(
      `select count(*)::int as n from "Delivery" where "campaignId" = $1 and "openedAt" is not null
          and "openedAt" < ($2::timestamptz at time zone 'UTC')`,
      [campaignId, range.to],
    );
    expect(points.reduce((sum, p) => sum + p.opened, 0)).toBe(rows[0]!.n);
  });
});
