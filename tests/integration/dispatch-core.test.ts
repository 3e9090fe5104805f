// The dispatcher core against the real database: fan-out writes one Delivery per device (holdout,
// invalid and channel suppressions with their reasons), batches go through a provider exactly once
// per device, and retries, dead tokens, configuration errors, pause/resume, cancel and a dead
// worker's lease behave. The provider here is a programmable stand-in registered for a channel;
// the real providers are tested against their vendors' loopback fakes elsewhere.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import pino from "pino";
import type { StaffUser } from "@/server/auth/session";
import { pauseCampaign, resumeCampaign, cancelCampaign } from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { readDispatchConfig } from "@/server/dispatch/config";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import { claimDueWave, fanOutStep } from "@/server/dispatch/fanout";
import { claimBatches } from "@/server/dispatch/claim-batches";
import { sqlPool } from "@/server/sql";
import { clearChannels, registerChannel } from "@/server/dispatch/channel-registry";
import { ProviderConfigurationError, type OutgoingBatch, type SendResult } from "@/server/dispatch/providers/types";
import { campaignInput, deliveryCounts, insertDevices, sendCampaign, waitForState } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";
import { channelMaskOf } from "@/lib/channels/devices";

type Behaviour = (batch: OutgoingBatch, call: number) => Promise<SendResult[]> | SendResult[];

const received = new Map<string, number>();
let behaviour: Behaviour;
let calls = 0;
const sentAll = (batch: OutgoingBatch): SendResult[] =>
  batch.messages.map((m) => ({ deliveryId: m.deliveryId, outcome: "sent", providerMessageId: `m-${m.deliveryId}` }));

let editor: StaffUser;
let admin: StaffUser;
let dispatcher: DispatcherHandle | null = null;
const quiet = pino({ level: process.env.TEST_LOG ?? "silent" });

beforeAll(async () => {
  [editor, admin] = await Promise.all([createUser("editor"), createUser("admin")]);
  clearChannels();
  registerChannel({
    channel: "fcm",
    maxBatch: 100,
    async create() {
      return {
        channel: "fcm",
        limits: { maxBatch: 100, concurrency: 4, maxPayloadBytes: 4096 },
        async send(batch) {
          calls += 1;
          const results = await behaviour(batch, calls);
          for (const result of results)
            if (result.outcome === "sent") {
              const token = batch.messages.find((m) => m.deliveryId === result.deliveryId)!.token!;
              received.set(token, (received.get(token) ?? 0) + 1);
            }
          return results;
        },
        async close() {},
      };
    },
  });
  // A channel that needs a stored credential the test apps do not have.
  registerChannel({
    channel: "webpush",
    maxBatch: 100,
    requiresCredential: true,
    async create() {
      throw new Error("never built: fan-out suppresses this channel without a credential");
    },
  });
});

afterEach(async () => {
  await dispatcher?.stop(2000);
  dispatcher = null;
  received.clear();
  calls = 0;
});

afterAll(() => clearChannels());

const start = (overrides = {}) =>
  startDispatcher(quiet, { pollMs: 100, leaseMs: 2000, firstChunk: 200, chunk: 500, ...overrides });

describe("dispatch core", () => {
  it("fans out one delivery per device, splits variants, keeps a holdout and reports suppressions", async () => {
    const { app } = await createApp();
    await insertDevices(app.id, 1500);
    await insertDevices(app.id, 40, { status: "invalid" });
    await insertDevices(app.id, 30, { channel: "sms" });
    await insertDevices(app.id, 20, { locale: "de-AT" });
    behaviour = sentAll;
    dispatcher = await start();
    const id = await sendCampaign(
      editor,
      campaignInput(app.id, {
        holdoutPercent: 10,
        variants: [
          {
            key: "A",
            splitPercent: 50,
            fallbackLocale: "en",
            content: { en: { title: "A en", body: "b" }, de: { title: "A de", body: "b" } },
          },
          { key: "B", splitPercent: 50, fallbackLocale: "en", content: { en: { title: "B en", body: "b" } } },
        ],
      }),
    );
    const done = await waitForState(id, "completed");
    const counts = await deliveryCounts(id);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(1590);
    // Holdout is decided first; every other invalid device and sms device is suppressed with its reason.
    const deviceIds = async (where: object) =>
      (await db.device.findMany({ where: { ...where, appId: app.id }, select: { id: true } })).map((d) => d.id);
    const reasonsOf = async (where: object) =>
      (
        await db.delivery.findMany({
          where: { campaignId: id, deviceId: { in: await deviceIds(where) } },
          select: { status: true, reason: true },
        })
      ).map((d) => `${d.status}:${d.reason}`);
    const invalid = await reasonsOf({ status: "invalid" });
    expect(invalid).toHaveLength(40);
    expect(invalid.every((r) => r === "suppressed:invalid" || r === "suppressed:holdout")).toBe(true);
    const sms = await reasonsOf({ channelMask: channelMaskOf(["sms"]) });
    expect(sms).toHaveLength(30);
    expect(sms.every((r) => r === "suppressed:no_channel" || r === "suppressed:holdout")).toBe(true);
    expect(counts["suppressed:holdout"]).toBeGreaterThan(100);
    expect(counts["suppressed:holdout"]).toBeLessThan(220);
    expect(counts.sent).toBe(
      total - counts["suppressed:invalid"]! - counts["suppressed:no_channel"]! - counts["suppressed:holdout"]!,
    );
    // Every sent device got exactly one message.
    expect(received.size).toBe(counts.sent);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    // The totals kept while sending match the rows.
    expect(done).toMatchObject({ targetedCount: total, sentCount: counts.sent, queuedCount: 0, failedCount: 0 });
    expect(done.suppressedCount).toBe(total - counts.sent!);
    const variants = await db.delivery.groupBy({
      by: ["variantKey"],
      where: { campaignId: id, status: "sent" },
      _count: true,
    });
    for (const v of variants) expect(v._count / counts.sent!).toBeGreaterThan(0.4);
    const german = await db.delivery.findMany({
      where: { campaignId: id, status: "sent", deviceId: { in: await deviceIds({ locale: "de-AT" }) } },
      select: { variantKey: true, locale: true },
    });
    for (const d of german) expect(d.locale).toBe(d.variantKey === "A" ? "de" : "en");
    expect(
      await db.auditLog.count({ where: { targetId: id, action: "campaigns.complete", actorEmail: "dispatcher" } }),
    ).toBe(1);
    // Every sent message also landed in its device's inbox, once.
    expect(await db.inboxMessage.count({ where: { campaignId: id } })).toBe(counts.sent);
  });

  it("suppresses devices of a channel whose credential the app lacks, and sends the rest", async () => {
    const { app } = await createApp();
    await insertDevices(app.id, 120);
    await insertDevices(app.id, 30, { channel: "webpush", platform: "web" });
    behaviour = sentAll;
    dispatcher = await start();
    const id = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(id, "completed");
    expect(await deliveryCounts(id)).toEqual({ sent: 120, "suppressed:no_channel": 30 });
  });

  it("retries transient errors with backoff, marks dead tokens invalid, and never sends twice", async () => {
    const { app } = await createApp();
    await insertDevices(app.id, 300, { prefix: "r" });
    behaviour = (batch, call) =>
      batch.messages.map((m): SendResult => {
        if (m.token!.endsWith("-7"))
          return { deliveryId: m.deliveryId, outcome: "invalid_token", errorCode: "UNREGISTERED" };
        if (call <= 2)
          return { deliveryId: m.deliveryId, outcome: "retry", errorCode: "UNAVAILABLE", retryAfterMs: 50 };
        return { deliveryId: m.deliveryId, outcome: "sent", providerMessageId: "ok" };
      });
    dispatcher = await start();
    const id = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(id, "completed");
    const counts = await deliveryCounts(id);
    expect(counts.failed).toBe(1);
    expect(counts.sent).toBe(299);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const dead = await db.device.findFirstOrThrow({
      where: { appId: app.id, addresses: { array_contains: [{ token: "tok-r-7" }] } },
    });
    expect(dead.status).toBe("invalid");
    const retried = await db.delivery.aggregate({
      where: { campaignId: id, status: "sent" },
      _max: { attempts: true },
    });
    expect(retried._max.attempts).toBeGreaterThan(1);
    // The next campaign does not send to the dead device again.
    const next = await sendCampaign(editor, campaignInput(app.id));
    await waitForState(next, "completed");
    expect((await deliveryCounts(next))["suppressed:invalid"]).toBe(1);
  });

  it(
    "does not send late: messages whose time to live " + "ran out while backing off are suppressed as expired",
    async () => {
      const { app } = await createApp();
      await insertDevices(app.id, 100);
      behaviour = (batch) =>
        batch.messages.map((m): SendResult => ({
          deliveryId: m.deliveryId,
          outcome: "retry",
          errorCode: "UNAVAILABLE",
          retryAfterMs: 2500,
        }));
      dispatcher = await start();
      const id = await sendCampaign(
        editor,
        campaignInput(app.id, { delivery: { priority: "high", channels: [], ttlSeconds: 1 } }),
      );
      const done = await waitForState(id, "completed");
      expect(await deliveryCounts(id)).toEqual({ "suppressed:expired": 100 });
      expect(done).toMatchObject({ queuedCount: 0, sentCount: 0, suppressedCount: 100 });
    },
  );

  it("pauses the campaign on a configuration error and says why", async () => {
    const { app } = await createApp();
    await insertDevices(app.id, 50);
    behaviour = () => {
      throw new ProviderConfigurationError("SENDER_ID_MISMATCH", "The FCM project does not own these tokens.");
    };
    dispatcher = await start();
    const id = await sendCampaign(editor, campaignInput(app.id));
    const paused = await waitForState(id, "paused");
    expect(paused.pausedReason).toContain("does not own these tokens");
    expect((await deliveryCounts(id)).queued).toBe(50);
  });

  it(
    "pause stops sending within seconds; " +
      "resume finishes without sending any device twice; cancel suppresses the rest",
    async () => {
      const { app } = await createApp();
      await insertDevices(app.id, 2000, { prefix: "p" });
      behaviour = async (batch) => {
        await new Promise((r) => setTimeout(r, 60));
        return sentAll(batch);
      };
      dispatcher = await start({ concurrency: 2 });
      const id = await sendCampaign(editor, campaignInput(app.id));
      while ((await db.campaign.findUniqueOrThrow({ where: { id } })).sentCount < 400)
        await new Promise((r) => setTimeout(r, 20));
      expect(await pauseCampaign.runAs(editor, { campaignId: id })).toMatchObject({ ok: true });
      await new Promise((r) => setTimeout(r, 1500));
      const atPause = received.size;
      await new Promise((r) => setTimeout(r, 1000));
      expect(received.size).toBe(atPause);
      expect(atPause).toBeLessThan(2000);
      expect(await resumeCampaign.runAs(editor, { campaignId: id })).toMatchObject({ ok: true });
      await waitForState(id, "completed");
      expect(received.size).toBe(2000);
      expect([...received.values()].every((n) => n === 1)).toBe(true);

      const second = await sendCampaign(editor, campaignInput(app.id));
      while ((await db.campaign.findUniqueOrThrow({ where: { id: second } })).sentCount < 200)
        await new Promise((r) => setTimeout(r, 20));
      expect(await cancelCampaign.runAs(admin, { campaignId: second })).toMatchObject({ ok: true });
      await new Promise((r) => setTimeout(r, 1500));
      const counts = await deliveryCounts(second);
      const row = await db.campaign.findUniqueOrThrow({ where: { id: second } });
      expect(row.state).toBe("cancelled");
      expect(counts["suppressed:cancelled"]).toBeGreaterThan(0);
      // Devices not yet fanned out when it was cancelled were never targeted; the rest add up.
      expect((counts.sent ?? 0) + (counts["suppressed:cancelled"] ?? 0) + (counts.queued ?? 0)).toBe(row.targetedCount);
      expect(row.targetedCount).toBeLessThanOrEqual(2000);
      expect(row.sentCount).toBe(counts.sent ?? 0);
      expect(row.suppressedCount).toBe(counts["suppressed:cancelled"]);
    },
  );

  it("a campaign paused in the middle of its fan-out continues the fan-out when resumed", async () => {
    const { app } = await createApp();
    await insertDevices(app.id, 3000, { prefix: "f" });
    behaviour = sentAll;
    dispatcher = await start({ firstChunk: 50, chunk: 100 });
    const id = await sendCampaign(editor, campaignInput(app.id));
    while ((await db.campaign.findUniqueOrThrow({ where: { id } })).targetedCount < 200)
      await new Promise((r) => setTimeout(r, 5));
    expect(await pauseCampaign.runAs(editor, { campaignId: id })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 800));
    const paused = await db.campaign.findUniqueOrThrow({ where: { id } });
    expect(paused.targetedCount).toBeLessThan(3000);
    expect(await resumeCampaign.runAs(editor, { campaignId: id })).toMatchObject({ ok: true });
    const done = await waitForState(id, "completed");
    expect(done.targetedCount).toBe(3000);
    expect(received.size).toBe(3000);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
  });

  it("a batch claimed by a worker that died is sent by another once its lease runs out", async () => {
    const { app } = await createApp();
    await insertDevices(app.id, 150);
    behaviour = sentAll;
    // Fan out with a live dispatcher that cannot send yet (concurrency 0 is not allowed: stop it after fan-out).
    const id = await sendCampaign(editor, campaignInput(app.id));
    const fanout = await start({ concurrency: 1 });
    const dead = { ...readDispatchConfig(), workerId: "dead-worker", leaseMs: 1500 };
    // The "dead" worker grabs whatever batches exist and never answers.
    let grabbed: Awaited<ReturnType<typeof claimBatches>> = [];
    const deadline = Date.now() + 10_000;
    while (!grabbed.length && Date.now() < deadline) grabbed = await claimBatches(dead, 10);
    dispatcher = fanout;
    await waitForState(id, "completed", 20_000);
    expect(grabbed.length).toBeGreaterThan(0);
    expect(received.size).toBe(150);
    const batches = await db.dispatchBatch.findMany({ where: { campaignId: id } });
    expect(batches.every((b) => b.state === "done")).toBe(true);
    expect(batches.some((b) => b.leasedBy !== "dead-worker" && grabbed.some((g) => g.id === String(b.id)))).toBe(true);
  });

  it(
    "cancelling while a fan-out step holds its wave neither waits for it nor deadlocks; the step then finishes " +
      "the cancel",
    async () => {
      const { app } = await createApp();
      await insertDevices(app.id, 300, { prefix: "c" });
      behaviour = sentAll;
      const id = await sendCampaign(editor, campaignInput(app.id));
      const config = { ...readDispatchConfig(), workerId: "fan-out-under-test" };
      const wave = await claimDueWave(config);
      expect(wave?.campaignId).toBe(id);
      // A fan-out step in progress holds its wave row until it commits (and takes the campaign row last).
      const step = await sqlPool().connect();
      try {
        await step.query("begin");
        await step.query(`select 1 from "CampaignWave" where id = $1 for update`, [wave!.id]);
        const cancelled = await Promise.race([
          cancelCampaign.runAs(admin, { campaignId: id }),
          new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 5000)),
        ]);
        expect(cancelled).toMatchObject({ ok: true });
        expect((await db.campaignWave.findUniqueOrThrow({ where: { id: BigInt(wave!.id) } })).state).toBe(
          "fanning_out",
        );
      } finally {
        await step.query("commit");
        step.release();
      }
      // The step's next look sees the campaign cancelled and cancels the wave it skipped.
      expect(await fanOutStep(wave!, config, false)).toBe("stopped");
      const waves = await db.campaignWave.findMany({ where: { campaignId: id } });
      expect(waves.map((w) => w.state)).toEqual(waves.map(() => "cancelled"));
      expect(calls).toBe(0);
    },
  );
});
