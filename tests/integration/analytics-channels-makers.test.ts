// Reports per channel and per phone maker: deliveries across the vendor channels, MQTT and FCM to
// devices of each maker (and one that reported none), rolled up, read back by the campaign report and
// the app overview: sends, receipts, opens and failures per channel and per maker, and suppressions by
// reason with vendor_quota among them. Recomputing after a device's maker changes moves its figures.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { FunnelRow } from "@/lib/analytics/types";
import { getCampaignReport, getOverview } from "@/server/analytics/queries";
import { rollupCampaign } from "@/server/analytics/rollup";
import { db } from "@/server/db";
import type { Channel, Maker } from "@/server/generated/prisma/client";
import { sqlPool } from "@/server/sql";
import { createCampaignWave } from "../support/delivery-fixtures";
import { oneAddress } from "../support/device-address";
import { createApp } from "../support/fixtures";

const T0 = new Date("2026-06-01T08:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

type Outcome = "opened" | "received" | "sent" | "failed" | "vendor_quota" | "cap";

interface Spec {
  maker: Maker | null;
  channel: Channel;
  outcome: Outcome;
  count: number;
}

// `count` devices of the maker, each with one Delivery on the channel that ended in `outcome`.
async function deliver(appId: string, campaign: { campaignId: string; waveId: bigint }, specs: Spec[]) {
  for (const { maker, channel, outcome, count } of specs) {
    for (let i = 0; i < count; i++) {
      const device = await db.device.create({
        data: { appId, installationId: randomUUID(), platform: "android", maker, ...oneAddress(channel, "t") },
        select: { id: true },
      });
      const suppressed = outcome === "vendor_quota" || outcome === "cap";
      const sent = outcome === "sent" || outcome === "received" || outcome === "opened";
      await sqlPool().query(
        `insert into "Delivery" ("campaignId", "waveId", "deviceId", "variantKey", channel, status, reason,
           "errorCode", "queuedAt", "sentAt", "failedAt", "deliveredAt", "openedAt", "updatedAt")
         values ($1, $2, $3, 'A', $4::"Channel", $5::"DeliveryStatus", $6::"SuppressionReason", $7, $8, $9, $10,
           $11, $12, $8)`,
        [
          campaign.campaignId,
          campaign.waveId,
          device.id,
          channel,
          suppressed ? "suppressed" : outcome === "failed" ? "failed" : outcome === "sent" ? "sent" : "delivered",
          suppressed ? outcome : null,
          outcome === "failed" ? "80300007" : null,
          T0,
          sent ? at(1) : null,
          outcome === "failed" ? at(1) : null,
          outcome === "received" || outcome === "opened" ? at(2) : null,
          outcome === "opened" ? at(5) : null,
        ],
      );
    }
  }
}

const pick = (rows: FunnelRow[]) =>
  Object.fromEntries(
    rows.map((r) => [
      r.key,
      { sent: r.sent, failed: r.failed, received: r.received, opened: r.opened, suppressed: r.suppressed },
    ]),
  );

describe("reports per channel and per maker", () => {
  it("count sends, receipts, opens and failures per channel and maker, and vendor-quota suppressions", async () => {
    const { app } = await createApp();
    const campaign = await createCampaignWave(app.id);
    await deliver(app.id, campaign, [
      { maker: "huawei", channel: "hms", outcome: "opened", count: 3 },
      { maker: "huawei", channel: "hms", outcome: "received", count: 2 },
      { maker: "huawei", channel: "hms", outcome: "failed", count: 1 },
      { maker: "huawei", channel: "hms", outcome: "vendor_quota", count: 4 },
      { maker: "honor", channel: "honor", outcome: "sent", count: 2 },
      { maker: "xiaomi", channel: "xiaomi", outcome: "opened", count: 1 },
      { maker: "xiaomi", channel: "xiaomi", outcome: "sent", count: 2 },
      { maker: "xiaomi", channel: "mqtt", outcome: "received", count: 2 },
      { maker: "oppo", channel: "oppo", outcome: "failed", count: 2 },
      { maker: "vivo", channel: "vivo", outcome: "vendor_quota", count: 1 },
      { maker: "vivo", channel: "vivo", outcome: "opened", count: 1 },
      { maker: "other", channel: "jpush", outcome: "sent", count: 2 },
      { maker: null, channel: "fcm", outcome: "opened", count: 1 },
      { maker: null, channel: "fcm", outcome: "cap", count: 1 },
    ]);
    await rollupCampaign(campaign.campaignId);

    const report = await getCampaignReport(campaign.campaignId);
    expect(pick(report!.byChannel)).toEqual({
      fcm: { sent: 1, failed: 0, received: 1, opened: 1, suppressed: 1 },
      hms: { sent: 5, failed: 1, received: 5, opened: 3, suppressed: 4 },
      honor: { sent: 2, failed: 0, received: 0, opened: 0, suppressed: 0 },
      jpush: { sent: 2, failed: 0, received: 0, opened: 0, suppressed: 0 },
      mqtt: { sent: 2, failed: 0, received: 2, opened: 0, suppressed: 0 },
      oppo: { sent: 0, failed: 2, received: 0, opened: 0, suppressed: 0 },
      vivo: { sent: 1, failed: 0, received: 1, opened: 1, suppressed: 1 },
      xiaomi: { sent: 3, failed: 0, received: 1, opened: 1, suppressed: 0 },
    });
    const byMaker = {
      honor: { sent: 2, failed: 0, received: 0, opened: 0, suppressed: 0 },
      huawei: { sent: 5, failed: 1, received: 5, opened: 3, suppressed: 4 },
      other: { sent: 2, failed: 0, received: 0, opened: 0, suppressed: 0 },
      oppo: { sent: 0, failed: 2, received: 0, opened: 0, suppressed: 0 },
      unknown: { sent: 1, failed: 0, received: 1, opened: 1, suppressed: 1 },
      vivo: { sent: 1, failed: 0, received: 1, opened: 1, suppressed: 1 },
      xiaomi: { sent: 5, failed: 0, received: 3, opened: 1, suppressed: 0 },
    };
    expect(pick(report!.byMaker)).toEqual(byMaker);
    // The maker's figures add up to the campaign's funnel.
    const sum = (rows: FunnelRow[], field: "sent" | "failed" | "opened") => rows.reduce((n, r) => n + r[field], 0);
    for (const field of ["sent", "failed", "opened"] as const)
      expect(sum(report!.byMaker, field)).toBe(report!.funnel[field]);
    expect(report!.suppressions).toEqual([
      { reason: "vendor_quota", count: 5 },
      { reason: "cap", count: 1 },
    ]);
    expect(report!.failures).toEqual([{ code: "80300007", count: 3 }]);

    const range = { from: "2026-06-01T00:00:00.000Z", to: "2026-06-02T00:00:00.000Z", timeZone: "UTC" };
    const overview = await getOverview(app.id, range);
    expect(pick(overview.byChannel)).toEqual(pick(report!.byChannel));
    expect(pick(overview.byMaker)).toEqual(byMaker);
    expect(overview.suppressions).toEqual(report!.suppressions);
    // A range without the campaign's activity shows none of it.
    const later = await getOverview(app.id, {
      ...range,
      from: "2026-06-05T00:00:00.000Z",
      to: "2026-06-06T00:00:00.000Z",
    });
    expect(later.byMaker).toEqual([]);
    expect(later.suppressions).toEqual([]);
  });

  it("reads the maker at rollup time: a device that reports its maker later moves on the next rollup", async () => {
    const { app } = await createApp();
    const campaign = await createCampaignWave(app.id);
    await deliver(app.id, campaign, [{ maker: null, channel: "mqtt", outcome: "received", count: 2 }]);
    await rollupCampaign(campaign.campaignId);
    expect(pick((await getCampaignReport(campaign.campaignId))!.byMaker)).toEqual({
      unknown: { sent: 2, failed: 0, received: 2, opened: 0, suppressed: 0 },
    });
    const delivery = await db.delivery.findFirstOrThrow({ where: { campaignId: campaign.campaignId } });
    await db.device.update({ where: { id: delivery.deviceId }, data: { maker: "oppo" } });
    await rollupCampaign(campaign.campaignId);
    expect(pick((await getCampaignReport(campaign.campaignId))!.byMaker)).toEqual({
      oppo: { sent: 1, failed: 0, received: 1, opened: 0, suppressed: 0 },
      unknown: { sent: 1, failed: 0, received: 1, opened: 0, suppressed: 0 },
    });
  });
});
