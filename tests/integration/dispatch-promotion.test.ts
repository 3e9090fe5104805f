// A promotion sent end to end through quiet hours, a frequency cap and a throttle (issue 13, item 20):
// submitted through the real compose/submit path, planned, fanned out and sent by the real dispatcher
// loop on the real database, to a stand-in provider that notes when each message reached it. Checks
// that suppressions `cap` and `quiet_hours` land on exactly the devices they should, that the wave
// held for quiet hours is due when they end and is not fanned out a moment earlier, that the throttle
// paces the sends (never more than the bucket's burst plus the rate since the first send), and that
// the counters agree with the rows.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import pino from "pino";
import { quietHoursEnd, utcToZoned } from "@/lib/schedule";
import type { StaffUser } from "@/server/auth/session";
import { approveCampaign } from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { clearChannels, registerChannel } from "@/server/dispatch/channel-registry";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import type { OutgoingBatch, SendResult } from "@/server/dispatch/providers/types";
import { sqlPool } from "@/server/sql";
import { campaignInput, deliveryCounts, insertDevices, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });
const query = async <R extends Record<string, unknown>>(text: string, values?: unknown[]) =>
  (await sqlPool().query<R>(text, values)).rows;

// Every message the stand-in provider was handed: its device and when (ms since the epoch).
const arrivals: Array<{ deviceId: string; at: number; campaignId: string }> = [];
let editor: StaffUser;
let marketer: StaffUser;
let admin: StaffUser;
let dispatcher: DispatcherHandle | null = null;

beforeAll(async () => {
  [editor, marketer, admin] = await Promise.all([createUser("editor"), createUser("marketer"), createUser("admin")]);
  clearChannels();
  registerChannel({
    channel: "fcm",
    maxBatch: 100,
    async create() {
      return {
        channel: "fcm",
        limits: { maxBatch: 100, concurrency: 4, maxPayloadBytes: 4096 },
        async send(batch: OutgoingBatch): Promise<SendResult[]> {
          const at = Date.now();
          for (const m of batch.messages) arrivals.push({ deviceId: m.deviceId, at, campaignId: batch.campaignId });
          return batch.messages.map((m) => ({ deliveryId: m.deliveryId, outcome: "sent" }));
        },
        async close() {},
      };
    },
  });
});

afterEach(async () => {
  await dispatcher?.stop(2000);
  dispatcher = null;
});

afterAll(() => clearChannels());

// Devices of `appId` in `timezone` with `tags`, tokens tok-<prefix>-n; answers their ids.
async function devicesIn(appId: string, count: number, prefix: string, timezone: string, tags: string[] = []) {
  await insertDevices(appId, count, { prefix, tags });
  const rows = await query<{ id: string }>(
    `update "Device" set timezone = $2 where "appId" = $1 and addresses->0->>'token' like $3 returning id`,
    [appId, timezone, `tok-${prefix}-%`],
  );
  return rows.map((row) => row.id).sort();
}

// A marketer's promotion, approved by an admin (the two-person rule): planned at the approval.
async function sendPromotion(appId: string, overrides: Parameters<typeof campaignInput>[1]) {
  const campaignId = await sendCampaign(marketer, campaignInput(appId, { type: "promotion", ...overrides }));
  expect(await approveCampaign.runAs(admin, { campaignId })).toMatchObject({ ok: true });
  return campaignId;
}

const idsWith = async (campaignId: string, status: string, reason: string | null) =>
  (
    await query<{ deviceId: string }>(
      `select "deviceId" from "Delivery" where "campaignId" = $1 and status::text = $2
          and reason::text is not distinct from $3`,
      [campaignId, status, reason],
    )
  )
    .map((row) => row.deviceId)
    .sort();

describe("a promotion through quiet hours, a frequency cap and a throttle", () => {
  it("suppresses cap and quiet_hours on the right devices, holds a wave for quiet hours, paces sends", async () => {
    const { app } = await createApp();
    // Tokyo (and Seoul, the same offset) are in quiet hours now, New York is not: the window runs from half an
    // hour ago, Tokyo time, to the next whole minute at least 20 s away (so the held wave is due within 80 s).
    const start = Date.now();
    const tokyo = utcToZoned(new Date(start), "Asia/Tokyo");
    const tokyoMinutes = tokyo.hour * 60 + tokyo.minute;
    const toNextMinute = 60_000 - (start % 60_000);
    const quietHours = {
      start: (tokyoMinutes - 30 + 1440) % 1440,
      end: (tokyoMinutes + (toNextMinute >= 20_000 ? 1 : 2)) % 1440,
    };
    await db.app.update({
      where: { id: app.id },
      data: { promoCapPerDay: 1, quietHoursStart: quietHours.start, quietHoursEnd: quietHours.end, timezone: "UTC" },
    });
    const newYork = await devicesIn(app.id, 40, "ny", "America/New_York");
    const capped = await devicesIn(app.id, 10, "prior", "America/New_York", ["prior"]);
    const announced = await devicesIn(app.id, 10, "news", "America/New_York", ["news"]);
    const held = await devicesIn(app.id, 20, "tokyo", "Asia/Tokyo");

    dispatcher = await startDispatcher(quiet, { pollMs: 100, leaseMs: 5000 });
    // Earlier today: a promotion reached the "prior" devices (the cap is one a day), an announcement the
    // "news" devices (announcements do not count towards the cap).
    const prior = await sendPromotion(app.id, { name: "Earlier promotion", expression: "tag:prior" });
    const news = await sendCampaign(editor, campaignInput(app.id, { name: "Earlier news", expression: "tag:news" }));
    await waitForState(prior, "completed");
    await waitForState(news, "completed");
    expect(await deliveryCounts(prior)).toEqual({ sent: 10 });

    const throttlePerMinute = 600;
    const campaignId = await sendPromotion(app.id, { name: "Winter sale", throttlePerMinute });
    // Registered after the plan was made, in a zone the plan does not name: it rides the catch-all wave (New
    // York's, due now), which must not send into its quiet hours.
    const late = await devicesIn(app.id, 5, "seoul", "Asia/Seoul");

    // The plan: New York now, Tokyo held until its quiet hours end.
    const waves = await db.campaignWave.findMany({ where: { campaignId }, orderBy: { index: "asc" } });
    expect(waves.map((w) => w.timeZones)).toEqual([["America/New_York"], ["Asia/Tokyo"]]);
    const quietEnd = quietHoursEnd(new Date(start), "Asia/Tokyo", quietHours).getTime();
    expect(waves[1]!.dueAt.getTime()).toBe(quietEnd);
    expect(quietEnd).toBeGreaterThan(Date.now());

    const done = await waitForState(campaignId, "completed", 180_000);
    const mine = arrivals.filter((a) => a.campaignId === campaignId);

    // Suppressions on exactly the right devices; everyone else sent once.
    expect(await idsWith(campaignId, "suppressed", "cap")).toEqual(capped);
    expect(await idsWith(campaignId, "suppressed", "quiet_hours")).toEqual(late.sort());
    expect(await idsWith(campaignId, "sent", null)).toEqual([...newYork, ...announced, ...held].sort());
    expect(mine.map((a) => a.deviceId).sort()).toEqual([...newYork, ...announced, ...held].sort());
    expect(await deliveryCounts(campaignId)).toEqual({ sent: 70, "suppressed:cap": 10, "suppressed:quiet_hours": 5 });
    expect(done).toMatchObject({ targetedCount: 85, sentCount: 70, suppressedCount: 15, queuedCount: 0 });

    // No wave early: the Tokyo wave was fanned out (its rows queued) and sent only once it was due.
    const tokyoSet = new Set(held);
    // queuedAt holds UTC wall time in a "timestamp" column: read as UTC, in milliseconds.
    const [firstTokyoRow] = await query<{ at: number }>(
      `select (extract(epoch from min("queuedAt") at time zone 'UTC') * 1000)::float8 as at from "Delivery"
        where "campaignId" = $1 and "deviceId" = any($2::uuid[])`,
      [campaignId, held],
    );
    const tokyoFannedOut = firstTokyoRow!.at;
    expect(tokyoFannedOut).toBeGreaterThanOrEqual(quietEnd);
    const tokyoArrivals = mine.filter((a) => tokyoSet.has(a.deviceId)).map((a) => a.at);
    expect(Math.min(...tokyoArrivals)).toBeGreaterThanOrEqual(quietEnd);

    // Pacing: batches of one second's worth (10), and by any moment no more messages than the bucket's burst
    // (one second's worth) plus the rate times the time since the first send.
    const perSecond = throttlePerMinute / 60;
    const sizes = await query<{ size: number }>(`select size from "DispatchBatch" where "campaignId" = $1`, [
      campaignId,
    ]);
    expect(Math.max(...sizes.map((b) => b.size))).toBe(perSecond);
    const times = mine.map((a) => a.at).sort((a, b) => a - b);
    const first = times[0]!;
    const early = times.filter((at, i) => i + 1 > perSecond + ((at - first) / 1000) * perSecond + perSecond / 2);
    expect(early).toEqual([]);
    // New York's 50 at 10 a second after a burst of 10: at least four seconds from its first send to its last.
    const newYorkTimes = mine.filter((a) => !tokyoSet.has(a.deviceId)).map((a) => a.at);
    expect(Math.max(...newYorkTimes) - Math.min(...newYorkTimes)).toBeGreaterThanOrEqual(((50 - 10) / perSecond) * 900);
  }, 240_000);
});
