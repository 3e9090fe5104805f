// Rollups from hand-made Delivery rows with known times: hourly counters land in the hour each thing
// happened, breakdowns (suppressions, failures, receipts, time to open, dormancy) count what the
// rows say, the campaign report reads them back (open-rate basis per channel, A/B, re-activation
// lift), recomputing is idempotent, and the dirty list keeps a campaign re-marked during its rollup.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markRollupDirty } from "@/server/analytics/dirty";
import { getCampaignReport } from "@/server/analytics/queries";
import pino from "pino";
import { rollupCampaign, rollupDirty } from "@/server/analytics/rollup";
import { startRollupLoop } from "@/server/analytics/rollup-loop";
import { db } from "@/server/db";
import { sqlPool } from "@/server/sql";
import { createApp } from "../support/fixtures";
import { createCampaignWave } from "../support/delivery-fixtures";
import { oneAddress } from "../support/device-address";

const T0 = new Date("2026-05-04T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const DAY = 24 * 60;

interface Spec {
  platform?: string;
  channel: string;
  variant?: string | null;
  status: string;
  reason?: string;
  errorCode?: string;
  sentAt?: Date | null;
  failedAt?: Date | null;
  deliveredAt?: Date | null;
  openedAt?: Date | null;
  clickedAt?: Date | null;
  dismissedAt?: Date | null;
  appOpenedAt?: Date | null;
  dormantDays?: number;
}

// One device and one Delivery per spec, queued at T0.
async function insertDeliveries(appId: string, campaign: { campaignId: string; waveId: bigint }, specs: Spec[]) {
  for (const spec of specs) {
    const device = await db.device.create({
      data: {
        appId,
        installationId: randomUUID(),
        platform: (spec.platform ?? "android") as "android",
        ...oneAddress(spec.channel as "fcm"),
      },
      select: { id: true },
    });
    await sqlPool().query(
      `insert into "Delivery" ("campaignId", "waveId", "deviceId", "variantKey", channel, status, reason, "errorCode",
         "queuedAt", "sentAt", "failedAt",
                               "deliveredAt", "openedAt", "clickedAt", "dismissedAt", "appOpenedAt",
                                 "deviceLastActiveAt", "updatedAt")
       values ($1, $2, $3, $4, $5::"Channel", $6::"DeliveryStatus", $7::"SuppressionReason", $8, $9, $10, $11, $12, $13,
         $14, $15, $16, $17, $9)`,
      [
        campaign.campaignId,
        campaign.waveId,
        device.id,
        spec.variant === undefined ? "A" : spec.variant,
        spec.channel,
        spec.status,
        spec.reason ?? null,
        spec.errorCode ?? null,
        T0,
        spec.sentAt ?? null,
        spec.failedAt ?? null,
        spec.deliveredAt ?? null,
        spec.openedAt ?? null,
        spec.clickedAt ?? null,
        spec.dismissedAt ?? null,
        spec.appOpenedAt ?? null,
        spec.dormantDays === undefined ? null : at(-spec.dormantDays * DAY - 60),
      ],
    );
  }
}

const repeat = (n: number, spec: Spec): Spec[] => Array.from({ length: n }, () => ({ ...spec }));

let appId: string;
beforeAll(async () => {
  appId = (await createApp()).app.id;
});
afterAll(async () => {
  await sqlPool().query(`delete from "RollupDirty"`);
});

describe("rollupCampaign", () => {
  it("counts each step in its hour and by its reasons, and the report reads it back", async () => {
    const campaign = await createCampaignWave(appId);
    await db.campaignVariant.createMany({
      data: ["A", "B"].map((key) => ({
        campaignId: campaign.campaignId,
        key,
        splitPercent: 50,
        fallbackLocale: "en",
        content: {},
      })),
    });
    await insertDeliveries(appId, campaign, [
      // MQTT, variant A: 4 sent, 3 with receipts, 2 opened
      // (one in the next hour, one without a receipt: counts as received).
      {
        channel: "mqtt",
        status: "delivered",
        sentAt: at(1),
        deliveredAt: at(2),
        openedAt: at(3),
        dormantDays: 40,
        appOpenedAt: at(90),
      },
      {
        channel: "mqtt",
        status: "delivered",
        sentAt: at(1),
        deliveredAt: at(2),
        openedAt: at(65),
        clickedAt: at(66),
        dormantDays: 40,
      },
      { channel: "mqtt", status: "delivered", sentAt: at(1), deliveredAt: at(2) },
      { channel: "mqtt", status: "delivered", sentAt: at(1), deliveredAt: at(70), openedAt: at(70), dormantDays: 100 },
      // FCM, variant B: 4 sent (no explicit receipts; one open implies one), 1 failed, 1 still queued.
      { channel: "fcm", variant: "B", platform: "ios", status: "sent", sentAt: at(5), dormantDays: 40 },
      { channel: "fcm", variant: "B", platform: "ios", status: "sent", sentAt: at(5) },
      { channel: "fcm", variant: "B", platform: "ios", status: "sent", sentAt: at(5) },
      {
        channel: "fcm",
        variant: "B",
        platform: "ios",
        status: "delivered",
        sentAt: at(5),
        deliveredAt: at(20),
        openedAt: at(20),
        dismissedAt: at(25),
        dormantDays: 40,
        appOpenedAt: at(3 * DAY + 10),
      },
      { channel: "fcm", variant: "B", status: "failed", errorCode: "UNAVAILABLE", failedAt: at(6) },
      { channel: "fcm", variant: "B", status: "queued" },
      // Suppressed: 3 holdout (no variant; two dormant 40 days, one of them came back), cap, invalid.
      ...repeat(2, { channel: "mqtt", variant: null, status: "suppressed", reason: "holdout", dormantDays: 40 }),
      { channel: "mqtt", variant: null, status: "suppressed", reason: "holdout", dormantDays: 40, appOpenedAt: at(30) },
      { channel: "fcm", status: "suppressed", reason: "cap" },
      { channel: "fcm", variant: "B", status: "suppressed", reason: "invalid" },
    ]);
    await rollupCampaign(campaign.campaignId);

    const { rows: hours } = await sqlPool().query(
      `select hour at time zone 'UTC' as hour, sum(targeted)::int t, sum(suppressed)::int s, sum(sent)::int se,
         sum(failed)::int f, sum(received)::int r,
              sum(opened)::int o, sum(clicked)::int c, sum(dismissed)::int d, sum("appOpened")::int a
         from "CampaignHourlyStat" where "campaignId" = $1 group by hour order by hour`,
      [campaign.campaignId],
    );
    expect(hours.map((h) => ({ ...h, hour: h.hour.toISOString() }))).toEqual([
      { hour: "2026-05-04T10:00:00.000Z", t: 15, s: 5, se: 8, f: 1, r: 4, o: 2, c: 0, d: 1, a: 1 },
      { hour: "2026-05-04T11:00:00.000Z", t: 0, s: 0, se: 0, f: 0, r: 1, o: 2, c: 1, d: 0, a: 1 },
    ]);

    const report = (await getCampaignReport(campaign.campaignId))!;
    expect(report.funnel).toMatchObject({
      targeted: 15,
      suppressed: 5,
      sent: 8,
      failed: 1,
      queued: 1,
      received: 5,
      opened: 4,
      clicked: 1,
      dismissed: 1,
    });
    // MQTT divides by received (4), FCM (no explicit receipts: its one receipt came with an open) by sent (4).
    const mqtt = report.byChannel.find((r) => r.key === "mqtt")!;
    const fcm = report.byChannel.find((r) => r.key === "fcm")!;
    expect(mqtt).toMatchObject({
      openRateBasis: "received",
      openRate: 3 / 4,
      openRateDenominator: 4,
      openRateBasisMixed: false,
    });
    expect(fcm).toMatchObject({ openRateBasis: "sent", openRate: 1 / 4, openRateDenominator: 4 });
    expect(report.funnel).toMatchObject({ openRate: 4 / 8, openRateDenominator: 8, openRateBasisMixed: true });
    expect(report.byVariant.map((r) => [r.key, r.targeted, r.sent])).toEqual([
      ["A", 5, 4],
      ["B", 7, 4],
      ["holdout", 3, 0],
    ]);
    expect(report.byPlatform.map((r) => [r.key, r.targeted])).toEqual([
      ["android", 11],
      ["ios", 4],
    ]);
    expect(report.failures).toEqual([{ code: "UNAVAILABLE", count: 1 }]);
    expect(report.suppressions).toEqual([
      { reason: "holdout", count: 3 },
      { reason: "cap", count: 1 },
      { reason: "invalid", count: 1 },
    ]);
    // Minutes from send to open: 2, 64, 69 (MQTT) and 15 (FCM).
    expect(report.timeToOpen.filter((b) => b.count)).toEqual([
      { bucket: "1-5m", count: 1 },
      { bucket: "15-60m", count: 1 },
      { bucket: "1-6h", count: 2 },
    ]);
    expect(report.ab?.variants.map((v) => [v.key, v.basis, v.opened])).toEqual([
      ["A", 4, 3],
      ["B", 4, 1],
    ]);
    expect(report.ab?.winner).toBeNull();
    // Dormant 30+ days: treated 5 (3 MQTT, one of them 100 days; 2 FCM), 1 back within 72 h (the other FCM one came
    // back after 72 h); holdout 3, 1 back.
    expect(report.reactivation).toMatchObject({
      dormantDays: 30,
      windowHours: 72,
      treated: { devices: 5, reactivated: 1 },
      holdout: { devices: 3, reactivated: 1 },
    });
    expect(report.reactivation.lift!.value).toBeCloseTo(1 / 5 - 1 / 3, 12);
    expect(report.overTime.map((p) => [p.at, p.sent, p.opened])).toEqual([
      ["2026-05-04T10:00:00.000Z", 8, 2],
      ["2026-05-04T11:00:00.000Z", 0, 2],
    ]);
    expect(Date.parse(report.asOf!)).toBeGreaterThan(Date.now() - 60_000);

    // Recomputing replaces, never adds.
    await rollupCampaign(campaign.campaignId);
    expect((await getCampaignReport(campaign.campaignId))!.funnel).toEqual(report.funnel);
    // A receipt from FCM makes that channel divide by received.
    await sqlPool().query(
      `update "Delivery" set status = 'delivered', "deliveredAt" = "sentAt" + interval '1 minute' where id = (select id
         from "Delivery" where "campaignId" = $1 and channel = 'fcm' and status = 'sent' limit 1)`,
      [campaign.campaignId],
    );
    await rollupCampaign(campaign.campaignId);
    const after = (await getCampaignReport(campaign.campaignId))!;
    expect(after.byChannel.find((r) => r.key === "fcm")).toMatchObject({
      openRateBasis: "received",
      received: 2,
      openRate: 1 / 2,
    });
    expect(after.funnel).toMatchObject({ openRateBasis: "received", openRateBasisMixed: false, openRate: 4 / 6 });
  });

  it("localises the series by day in the range's time zone", async () => {
    const campaign = await createCampaignWave(appId);
    await insertDeliveries(appId, campaign, [
      // 2026-05-05 00:00 in Shanghai
      { channel: "mqtt", status: "delivered", sentAt: at(0), deliveredAt: at(1), openedAt: at(14 * 60) },
      { channel: "mqtt", status: "delivered", sentAt: at(0), deliveredAt: at(1), openedAt: at(3 * DAY) },
    ]);
    await rollupCampaign(campaign.campaignId);
    const report = (await getCampaignReport(campaign.campaignId, {
      from: "2026-05-03T16:00:00Z",
      to: "2026-05-08T16:00:00Z",
      timeZone: "Asia/Shanghai",
    }))!;
    expect(report.overTime.map((p) => [p.at, p.sent, p.opened])).toEqual([
      ["2026-05-03T16:00:00.000Z", 2, 0],
      ["2026-05-04T16:00:00.000Z", 0, 1],
      ["2026-05-05T16:00:00.000Z", 0, 0],
      ["2026-05-06T16:00:00.000Z", 0, 1],
      ["2026-05-07T16:00:00.000Z", 0, 0],
    ]);
  });
});

describe("rollupDirty", () => {
  it("rolls up marked campaigns once and removes their marks, sharing the list between workers", async () => {
    const campaigns = await Promise.all(Array.from({ length: 6 }, () => createCampaignWave(appId)));
    for (const c of campaigns) await insertDeliveries(appId, c, [{ channel: "mqtt", status: "sent", sentAt: at(1) }]);
    await sqlPool().query(`delete from "RollupDirty"`);
    await markRollupDirty(sqlPool(), [...campaigns.map((c) => c.campaignId), campaigns[0].campaignId]);
    const [a, b] = await Promise.all([rollupDirty(10), rollupDirty(10)]);
    expect(a + b).toBeGreaterThanOrEqual(6);
    expect((await sqlPool().query(`select count(*)::int as n from "RollupDirty"`)).rows[0].n).toBe(0);
    for (const c of campaigns) expect((await getCampaignReport(c.campaignId))!.funnel.sent).toBe(1);
  });

  it("skips a campaign a marker is changing right now and keeps one re-marked during its rollup", async () => {
    const campaign = await createCampaignWave(appId);
    await insertDeliveries(appId, campaign, [{ channel: "mqtt", status: "sent", sentAt: at(1) }]);
    await sqlPool().query(`delete from "RollupDirty"`);
    await markRollupDirty(sqlPool(), [campaign.campaignId]);

    // A writer in flight (its mark holds the row): the rollup passes it over, the mark stays.
    const writer = await sqlPool().connect();
    await writer.query("begin");
    await writer.query(`update "Delivery" set status = 'delivered', "deliveredAt" = "sentAt" where "campaignId" = $1`, [
      campaign.campaignId,
    ]);
    await markRollupDirty(writer, [campaign.campaignId]);
    expect(await rollupDirty(10)).toBe(0);
    await writer.query("commit");
    expect(await rollupDirty(10)).toBe(1);
    expect((await getCampaignReport(campaign.campaignId))!.funnel.received).toBe(1);

    // Re-marked while the rollup runs (it is held at its first write after taking its snapshot):
    // the rollup misses the change, but the mark survives and the next pass counts it.
    await markRollupDirty(sqlPool(), [campaign.campaignId]);
    const blocker = await sqlPool().connect();
    await blocker.query("begin");
    await blocker.query(`lock table "CampaignHourlyStat" in access exclusive mode`);
    const running = rollupDirty(10);
    const deadline = Date.now() + 10_000;
    while (
      !(
        await sqlPool().query(
          `select 1 from pg_stat_activity where wait_event_type = 'Lock'
             and query like 'delete from "CampaignHourlyStat"%'`,
        )
      ).rowCount
    ) {
      if (Date.now() > deadline) throw new Error("the rollup never reached its write");
      await new Promise((r) => setTimeout(r, 20));
    }
    await sqlPool().query(`update "Delivery" set "openedAt" = "sentAt" + interval '1 minute' where "campaignId" = $1`, [
      campaign.campaignId,
    ]);
    await markRollupDirty(sqlPool(), [campaign.campaignId]);
    await blocker.query("commit");
    blocker.release();
    writer.release();
    expect(await running).toBe(1);
    expect((await getCampaignReport(campaign.campaignId))!.funnel.opened).toBe(0);
    expect(
      (
        await sqlPool().query(`select count(*)::int as n from "RollupDirty" where "campaignId" = $1`, [
          campaign.campaignId,
        ])
      ).rows[0].n,
    ).toBe(1);
    expect(await rollupDirty(10)).toBe(1);
    expect((await getCampaignReport(campaign.campaignId))!.funnel.opened).toBe(1);
    expect((await sqlPool().query(`select count(*)::int as n from "RollupDirty"`)).rows[0].n).toBe(0);
  });

  it("the worker's loop rolls up a marked campaign within its interval", async () => {
    const campaign = await createCampaignWave(appId);
    await insertDeliveries(appId, campaign, repeat(3, { channel: "poll", status: "sent", sentAt: at(1) }));
    await markRollupDirty(sqlPool(), [campaign.campaignId]);
    const loop = startRollupLoop(pino({ level: "silent" }), 100);
    try {
      const deadline = Date.now() + 10_000;
      while ((await getCampaignReport(campaign.campaignId))!.funnel.sent !== 3) {
        if (Date.now() > deadline) throw new Error("not rolled up within 10 s");
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await loop.stop();
    }
    expect(
      (
        await sqlPool().query(`select count(*)::int as n from "RollupDirty" where "campaignId" = $1`, [
          campaign.campaignId,
        ])
      ).rows[0].n,
    ).toBe(0);
  });
});
