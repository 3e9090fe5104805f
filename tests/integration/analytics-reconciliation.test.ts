// Reconciliation: a campaign to 20,000 devices (two variants, a 10% holdout, FCM / APNs / MQTT /
// inbox devices plus invalid and credential-less ones) sent by the real dispatcher with stand-in
// providers, answered by simulated devices through the real receipt paths and the real events API
// (retried batches, duplicate events, out-of-order events, opens without receipts). After the
// rollups, every number of the campaign report equals the same count computed from the raw rows,
// and the simulation's own ledger where it has one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pino from "pino";
import { twoProportionZTest } from "@/lib/analytics/stats";
import { lastDaysRange } from "@/lib/analytics/range";
import { getCampaignReport, getDeviceTrace, getOverview, getReactivationReport } from "@/server/analytics/queries";
import { rollupDirty } from "@/server/analytics/rollup";
import type { CampaignReport, FunnelRow } from "@/lib/analytics/types";
import { approveCampaign } from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { createInboxProvider } from "@/server/inbox/provider";
import { clearChannels, registerChannel } from "@/server/dispatch/channel-registry";
import type { Channel } from "@/server/generated/prisma/enums";
import type { OutgoingBatch, SendResult } from "@/server/dispatch/providers/types";
import { sqlPool } from "@/server/sql";
import {
  rawByReason,
  rawFunnelRows,
  rawReactivation,
  rawReceiptChannels,
  rawTimeToOpen,
  type RawRow,
} from "../support/analytics-raw";
import { prng } from "@/lib/prng";
import { campaignDeliveries, simulateAudience, type SimTruth } from "../support/analytics-sim";
import { campaignInput, insertDevices, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

// Stand-in vendors: tokens ending -13 are dead, -29 are refused for good, -7 fail once then go.
const seen = new Set<string>();
function standIn(channel: Channel) {
  registerChannel({
    channel,
    maxBatch: 500,
    async create() {
      return {
        channel,
        limits: { maxBatch: 500, concurrency: 4, maxPayloadBytes: 4096 },
        async send(batch: OutgoingBatch): Promise<SendResult[]> {
          return batch.messages.map((m): SendResult => {
            const token = m.token ?? "";
            if (token.endsWith("-13"))
              return { deliveryId: m.deliveryId, outcome: "invalid_token", errorCode: "UNREGISTERED" };
            if (token.endsWith("-29"))
              return { deliveryId: m.deliveryId, outcome: "failed", errorCode: "INVALID_ARGUMENT" };
            if (token.endsWith("-7") && !seen.has(m.deliveryId)) {
              seen.add(m.deliveryId);
              return { deliveryId: m.deliveryId, outcome: "retry", errorCode: "UNAVAILABLE", retryAfterMs: 10 };
            }
            return { deliveryId: m.deliveryId, outcome: "sent", providerMessageId: `${channel}-${m.deliveryId}` };
          });
        },
        async close() {},
      };
    },
  });
}

let dispatcher: DispatcherHandle | null = null;
let appId: string;
let campaignId: string;
let truth: SimTruth;
let report: CampaignReport;
let raw: RawRow[];

beforeAll(async () => {
  clearChannels();
  for (const channel of ["fcm", "apns", "mqtt"] as const) standIn(channel);
  registerChannel({
    channel: "poll",
    maxBatch: 1000,
    create: async (id) => createInboxProvider({ appId: id, channel: "poll", secret: null }),
  });
  registerChannel({
    channel: "webpush",
    maxBatch: 100,
    requiresCredential: true,
    create: async () => Promise.reject(new Error("no credential")),
  });
  const [editor, admin] = await Promise.all([createUser("editor"), createUser("admin")]);
  const created = await createApp();
  appId = created.app.id;
  await insertDevices(appId, 8000, { channel: "fcm", prefix: "f" });
  await insertDevices(appId, 4000, { channel: "apns", platform: "ios", prefix: "a" });
  await insertDevices(appId, 4000, { channel: "mqtt", prefix: "m" });
  await insertDevices(appId, 3000, { channel: "poll", platform: "harmony", prefix: "p" });
  await insertDevices(appId, 300, { channel: "fcm", status: "invalid", prefix: "x" });
  await insertDevices(appId, 700, { channel: "webpush", platform: "web", prefix: "w" });
  // Last activity 0-255 days ago, fixed per device: dormancy cohorts at targeting.
  await sqlPool().query(
    `update "Device" set "lastActiveAt" = now() - (('x' || substr(md5(id::text), 1, 2))::bit(8)::int * interval '1 day')
       where "appId" = $1`,
    [appId],
  );

  dispatcher = await startDispatcher(pino({ level: "silent" }), {
    pollMs: 50,
    leaseMs: 5000,
    firstChunk: 1000,
    chunk: 5000,
    concurrency: 4,
  });
  campaignId = await sendCampaign(
    editor,
    campaignInput(appId, {
      holdoutPercent: 10,
      variants: [
        {
          key: "A",
          splitPercent: 50,
          fallbackLocale: "en",
          content: { en: { title: "Spring sale", body: "20% off" } },
        },
        {
          key: "B",
          splitPercent: 50,
          fallbackLocale: "en",
          content: { en: { title: "Spring sale!", body: "Save 20% today" } },
        },
      ],
    }),
  );
  // 20,000 devices is over the approval threshold: an admin approves it.
  if ((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).state === "pending_approval") {
    expect(await approveCampaign.runAs(admin, { campaignId })).toMatchObject({ ok: true });
  }
  await waitForState(campaignId, "completed", 180_000);
  await dispatcher.stop(2000);
  dispatcher = null;

  truth = await simulateAudience(
    appId,
    created.apiKey,
    campaignId,
    await campaignDeliveries(campaignId),
    prng(20261125),
  );
  // The worker's path: the dirty list, until it is empty.
  while ((await rollupDirty(50)) > 0);
  report = (await getCampaignReport(campaignId))!;
  raw = await rawFunnelRows(campaignId);
}, 600_000);

afterAll(async () => {
  await dispatcher?.stop(2000);
  clearChannels();
});

const counters = [
  "targeted",
  "suppressed",
  "sent",
  "failed",
  "queued",
  "received",
  "opened",
  "clicked",
  "dismissed",
] as const;
type Totals = Record<(typeof counters)[number], number>;

function sum(rows: readonly RawRow[]): Totals {
  const out = Object.fromEntries(counters.map((c) => [c, 0])) as Totals;
  for (const row of rows) for (const c of counters) out[c] += row[c];
  return out;
}

function pick(row: Totals | FunnelRow | CampaignReport["funnel"]): Totals {
  return Object.fromEntries(counters.map((c) => [c, row[c]])) as Totals;
}

function group(rows: readonly RawRow[], by: "variant" | "platform" | "channel"): Map<string, RawRow[]> {
  const out = new Map<string, RawRow[]>();
  for (const row of rows) out.set(row[by], [...(out.get(row[by]) ?? []), row]);
  return out;
}

describe("analytics reconciliation (20,000 devices)", () => {
  it("targeted all 20,000 devices and nothing is left dirty", async () => {
    expect(report.funnel.targeted).toBe(20_000);
    expect(
      (await sqlPool().query(`select count(*)::int as n from "RollupDirty" where "campaignId" = $1`, [campaignId]))
        .rows[0].n,
    ).toBe(0);
    expect(truth.retriedBatches).toBeGreaterThan(0);
  });

  it("funnel equals the raw rows and adds up", () => {
    const totals = sum(raw);
    expect(pick(report.funnel)).toEqual(totals);
    const f = report.funnel;
    expect(f.targeted).toBe(f.suppressed + f.sent + f.failed + f.queued);
    expect(f.queued).toBe(0);
    expect(f.opened).toBeLessThanOrEqual(f.received);
    expect(f.clicked).toBeLessThanOrEqual(f.opened);
  });

  it(
    "receipts, unique opens, " +
      "clicks and dismissals equal the simulation's ledger (retries and duplicates counted once)",
    () => {
      expect(report.funnel.received).toBe(truth.received.size);
      expect(report.funnel.opened).toBe(truth.opened.size);
      expect(report.funnel.clicked).toBe(truth.clicked.size);
      expect(report.funnel.dismissed).toBe(truth.dismissed.size);
    },
  );

  it("per variant, platform and channel rows equal the raw rows and sum to the totals", () => {
    for (const [dimension, rows] of [
      ["variant", report.byVariant],
      ["platform", report.byPlatform],
      ["channel", report.byChannel],
    ] as const) {
      const expected = group(raw, dimension);
      expect(rows.map((r) => r.key).sort()).toEqual([...expected.keys()].sort());
      for (const row of rows) {
        expect(pick(row), `${dimension} ${row.key}`).toEqual(sum(expected.get(row.key)!));
        expect(row.opened).toBeLessThanOrEqual(row.received);
      }
      const summed = Object.fromEntries(counters.map((c) => [c, rows.reduce((n, r) => n + r[c], 0)]));
      expect(summed).toEqual(pick(report.funnel));
    }
  });

  it("opens never exceed receipts per device", async () => {
    const { rows } = await sqlPool().query(
      `select count(*)::int as n from "Delivery" where "campaignId" = $1 and ("openedAt" is not null
         or "clickedAt" is not null) and "deliveredAt" is null`,
      [campaignId],
    );
    expect(rows[0].n).toBe(0);
  });

  it("open rates divide by receipts where the channel reports them, else by sends", async () => {
    const withReceipts = await rawReceiptChannels(campaignId);
    expect([...withReceipts].sort()).toEqual(["apns", "mqtt", "poll"]);
    const channels = group(raw, "channel");
    for (const row of report.byChannel) {
      const t = sum(channels.get(row.key)!);
      const basis = withReceipts.has(row.key) ? "received" : "sent";
      expect(row.openRateBasis, row.key).toBe(basis);
      expect(row.openRate, row.key).toBe(t[basis] ? t.opened / t[basis] : null);
    }
    const denominator = [...channels].reduce(
      (n, [channel, rows]) => n + sum(rows)[withReceipts.has(channel) ? "received" : "sent"],
      0,
    );
    expect(report.funnel.openRate).toBeCloseTo(report.funnel.opened / denominator, 12);
  });

  it("suppressions, failures and time to open equal the raw rows", async () => {
    const sorted = (rows: Array<{ key: string; count: number }>) =>
      [...rows].sort((a, b) => a.key.localeCompare(b.key));
    expect(sorted(report.suppressions.map((s) => ({ key: s.reason, count: s.count })))).toEqual(
      sorted(await rawByReason(campaignId, "suppressed")),
    );
    expect(sorted(report.failures.map((s) => ({ key: s.code, count: s.count })))).toEqual(
      sorted(await rawByReason(campaignId, "failed")),
    );
    expect(report.suppressions.map((s) => s.reason).sort()).toEqual(["holdout", "invalid", "no_channel"]);
    expect(report.failures.map((f) => f.code).sort()).toEqual(["INVALID_ARGUMENT", "UNREGISTERED"]);
    const tto = await rawTimeToOpen(campaignId);
    for (const bucket of report.timeToOpen) expect(bucket.count, bucket.bucket).toBe(tto.get(bucket.bucket) ?? 0);
    expect(report.timeToOpen.reduce((n, b) => n + b.count, 0)).toBe(report.funnel.opened);
  });

  it("the A/B test is the z-test of the raw per-variant opens over their denominators", async () => {
    const withReceipts = await rawReceiptChannels(campaignId);
    const ab = report.ab!;
    for (const v of ab.variants) {
      const rows = raw.filter((r) => r.variant === v.key);
      expect(v.opened).toBe(sum(rows).opened);
      expect(v.basis).toBe(rows.reduce((n, r) => n + (withReceipts.has(r.channel) ? r.received : r.sent), 0));
    }
    const [a, b] = ab.variants;
    const best = (a.openRate ?? 0) >= (b.openRate ?? 0) ? [a, b] : [b, a];
    const expected = twoProportionZTest(best[0].opened, best[0].basis, best[1].opened, best[1].basis);
    expect(ab.tests[0].z).toBeCloseTo(expected.z, 12);
    expect(ab.tests[0].pValue).toBeCloseTo(expected.pValue, 12);
    expect(ab.winner).toBe(expected.pValue < 0.05 ? best[0].key : null);
  });

  it("re-activation equals the raw app_open events of dormant devices, treated vs holdout", async () => {
    const expected = await rawReactivation(campaignId, 30);
    expect(report.reactivation.treated).toMatchObject(expected.treated);
    expect(report.reactivation.holdout).toMatchObject(expected.holdout);
    expect(report.reactivation.holdout.devices).toBeGreaterThan(100);
    const range = lastDaysRange(7, "UTC");
    const cohorts = (await getReactivationReport(appId, range)).byCampaign.find((c) => c.id === campaignId)!.cohorts;
    for (const [cohort, lo, hi] of [
      ["7-30", 7, 30],
      ["30-90", 30, 90],
      ["90+", 90, 100_000],
    ] as const) {
      const r = await rawReactivation(campaignId, lo, hi);
      expect(cohorts[cohort], cohort).toMatchObject({
        treated: r.treated.devices,
        treatedReactivated: r.treated.reactivated,
        holdout: r.holdout.devices,
        holdoutReactivated: r.holdout.reactivated,
      });
    }
  });

  it("the series, the overview and a device trace agree with the report", async () => {
    expect(report.overTime.reduce((n, p) => n + p.sent, 0)).toBe(report.funnel.sent);
    expect(report.overTime.reduce((n, p) => n + p.opened, 0)).toBe(report.funnel.opened);
    // Simulated device clocks run up to 2 minutes ahead; read the range as of 10 minutes from now so a
    // run just before local midnight still has the new day (a range holds whole local days).
    const overview = await getOverview(appId, lastDaysRange(7, "Europe/Berlin", new Date(Date.now() + 10 * 60_000)));
    expect(pick({ ...overview.totals, queued: report.funnel.queued })).toEqual(pick(report.funnel));
    expect(overview.trend.reduce((n, p) => n + p.opened, 0)).toBe(report.funnel.opened);
    expect(overview.topCampaigns[0]).toMatchObject({
      id: campaignId,
      sent: report.funnel.sent,
      opened: report.funnel.opened,
      openRate: report.funnel.openRate,
    });
    const { rows } = await sqlPool().query<{ installationId: string }>(
      `select v."installationId" from "Delivery" d join "Device" v on v.id = d."deviceId"
         where d."campaignId" = $1 and d."openedAt" is not null and d.channel = 'apns' limit 1`,
      [campaignId],
    );
    const trace = (await getDeviceTrace(appId, rows[0].installationId))!;
    expect(trace.deliveries[0].steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(["targeted", "queued", "sent", "received", "opened"]),
    );
  });
});
