// POST /api/v1/events end to end: the device API's router against a real PostgreSQL. Refusals per
// event, idempotent retries, forward-only set-once effects on deliveries, devices and campaigns,
// the app_open re-activation window, and problems (never a 500) for every kind of bad request.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { clearApiKeyCache } from "@/server/apps/api-keys";
import { configureApiRateLimit } from "@/server/device-api/rate-limiter";
import { handleApiRequest } from "@/server/device-api/routes";
import { db } from "@/server/db";
import {
  createCampaignWave,
  createDelivery,
  createDevice,
  deliveredCount,
  type TestDevice,
} from "../support/delivery-fixtures";
import { createApp } from "../support/fixtures";
import { jsonPost } from "../support/api-request";

const url = "http://localhost/api/v1/events";
const hour = 3600_000;
let keyA: string;
let keyB: string;
let appA: string;
let appB: string;

beforeAll(async () => {
  const a = await createApp();
  const b = await createApp();
  [keyA, keyB, appA, appB] = [a.apiKey, b.apiKey, a.app.id, b.app.id];
});

afterEach(() => {
  configureApiRateLimit();
});

function post(body: unknown, key = keyA, headers: Record<string, string> = {}) {
  return handleApiRequest(jsonPost(url, body, key, headers));
}

let sequence = 0;
const eventId = () => `evt-${randomUUID().slice(0, 8)}-${sequence++}`;
function event(device: TestDevice, type: string, extra: Record<string, unknown> = {}) {
  return {
    eventId: eventId(),
    installationId: device.installationId,
    type,
    occurredAt: new Date().toISOString(),
    ...extra,
  };
}

interface BatchAnswer {
  accepted: number;
  duplicates: number;
  refused: Array<{ index: number; eventId: string | null; reason: string; detail: string }>;
}

async function send(events: unknown[], key = keyA): Promise<BatchAnswer> {
  const response = await post({ events }, key);
  expect(response.status).toBe(200);
  return response.json();
}

async function expectProblem(response: Response, status: number, slug: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ type: `https://herald.dev/problems/${slug}`, status });
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

const delivery = (id: string) =>
  db.delivery.findFirstOrThrow({
    where: { id: BigInt(id) },
    select: {
      status: true,
      sentAt: true,
      deliveredAt: true,
      openedAt: true,
      clickedAt: true,
      dismissedAt: true,
      appOpenedAt: true,
    },
  });
const storedEvents = (appId: string) => db.deviceEvent.count({ where: { appId } });
const isDirty = async (campaignId: string) => (await db.rollupDirty.count({ where: { campaignId } })) === 1;

describe("POST /api/v1/events: refusals", () => {
  it("refuses single events with their index and reason and records the rest", async () => {
    const campaign = await createCampaignWave(appA);
    const device = await createDevice(appA, "fcm");
    const other = await createDevice(appA, "fcm");
    const messageId = await createDelivery(campaign, device, "fcm", "sent");
    const othersMessage = await createDelivery(campaign, other, "fcm", "sent");
    const otherCampaign = await createCampaignWave(appA);
    const foreign = await createCampaignWave(appB);
    const foreignDevice = await createDevice(appB, "fcm");
    const foreignMessage = await createDelivery(foreign, foreignDevice, "fcm", "sent");
    const now = Date.now();
    const unregistered = { ...device, installationId: randomUUID() };
    const batch: unknown[] = [
      event(device, "received", { messageId }), // 0 ok
      event(unregistered, "app_open"), // 1 unknown_device
      event(device, "opened", { messageId: "987654321987" }), // 2 unknown_message (no such delivery)
      event(device, "opened", { messageId: "not-a-herald-id" }), // 3 unknown_message
      event(device, "opened", { messageId: othersMessage }), // 4 unknown_message (sent to another installation)
      event(device, "opened", { messageId, campaignId: otherCampaign.campaignId }), // 5 unknown_message (mismatch)
      event(device, "opened", { campaignId: otherCampaign.campaignId }), // 6 unknown_message (never targeted)
      event(device, "opened", { messageId: foreignMessage }), // 7 foreign_campaign
      event(device, "app_open", { campaignId: foreign.campaignId }), // 8 foreign_campaign
      event(device, "received", { messageId, occurredAt: new Date(now - 8 * 24 * hour).toISOString() }), // 9 too_old
      event(device, "received", { messageId, occurredAt: new Date(now + 10 * 60_000).toISOString() }), // 10 in_future
      { ...event(device, "opened", { messageId }), type: "viewed" }, // 11 invalid
      { ...event(device, "opened", { messageId }), colour: "red" }, // 12 invalid (unknown field)
      event(device, "opened", { messageId, actionId: "buy" }), // 13 invalid (actionId on opened)
      event(device, "opened"), // 14 invalid (no message named)
      { ...event(device, "app_open"), eventId: "nul\u0000byte" }, // 15 invalid
      "not an event", // 16 invalid
      { ...event(device, "app_open"), installationId: "123" }, // 17 invalid
      { ...event(device, "app_open"), occurredAt: "yesterday" }, // 18 invalid
      event(device, "app_open", { occurredAt: new Date(now - 6 * 24 * hour).toISOString() }), // 19 ok: 6 days old
      // 20 ok: a minute ahead
      event(device, "app_open", { campaignId: campaign.campaignId, occurredAt: new Date(now + 60_000).toISOString() }),
    ];
    const answer = await send(batch);
    expect(answer.accepted).toBe(3);
    expect(answer.duplicates).toBe(0);
    const reasons = Object.fromEntries(answer.refused.map((r) => [r.index, r.reason]));
    expect(reasons).toEqual({
      1: "unknown_device",
      2: "unknown_message",
      3: "unknown_message",
      4: "unknown_message",
      5: "unknown_message",
      6: "unknown_message",
      7: "foreign_campaign",
      8: "foreign_campaign",
      9: "too_old",
      10: "in_future",
      11: "invalid",
      12: "invalid",
      13: "invalid",
      14: "invalid",
      15: "invalid",
      16: "invalid",
      17: "invalid",
      18: "invalid",
    });
    expect(answer.refused.map((r) => r.index)).toEqual([...answer.refused.map((r) => r.index)].sort((a, b) => a - b));
    const byIndex = new Map(answer.refused.map((r) => [r.index, r]));
    expect(byIndex.get(1)!.eventId).toBe((batch[1] as { eventId: string }).eventId);
    expect(byIndex.get(16)!.eventId).toBeNull();
    expect(byIndex.get(12)!.detail).toContain("colour");
    expect(byIndex.get(4)!.detail).toMatch(/not sent to this installation/);
    for (const refusal of answer.refused) expect(refusal.detail.length).toBeGreaterThan(0);
    expect(await storedEvents(appA)).toBeGreaterThanOrEqual(3);
    // Nothing was written for the other app's campaign or device.
    expect((await delivery(foreignMessage)).openedAt).toBeNull();
    expect(await db.deviceEvent.count({ where: { appId: appB } })).toBe(0);
  });

  it("resolves a campaignId-only event to this device's delivery of that campaign", async () => {
    const campaign = await createCampaignWave(appA);
    const device = await createDevice(appA, "fcm");
    const messageId = await createDelivery(campaign, device, "fcm", "sent");
    const answer = await send([event(device, "opened", { campaignId: campaign.campaignId })]);
    expect(answer).toEqual({ accepted: 1, duplicates: 0, refused: [] });
    const stored = await db.deviceEvent.findFirstOrThrow({
      where: { appId: appA, deviceId: device.id },
      select: { deliveryId: true, campaignId: true },
    });
    expect(stored).toEqual({ deliveryId: BigInt(messageId), campaignId: campaign.campaignId });
    expect((await delivery(messageId)).openedAt).toBeInstanceOf(Date);
  });
});

describe("POST /api/v1/events: idempotency", () => {
  it("counts a retried batch once and reports the duplicates", async () => {
    const campaign = await createCampaignWave(appA);
    const devices = await Promise.all([1, 2, 3].map(() => createDevice(appA, "fcm")));
    const ids = await Promise.all(devices.map((d) => createDelivery(campaign, d, "fcm", "sent")));
    const batch = devices.flatMap((d, i) => [
      event(d, "received", { messageId: ids[i] }),
      event(d, "opened", { messageId: ids[i] }),
    ]);
    const before = await storedEvents(appA);
    expect(await send(batch)).toEqual({ accepted: 6, duplicates: 0, refused: [] });
    expect(await send(batch)).toEqual({ accepted: 0, duplicates: 6, refused: [] });
    expect(await storedEvents(appA)).toBe(before + 6);
    expect(await deliveredCount(campaign.campaignId)).toBe(3);
    // The same eventId twice in one batch: the first one counts.
    const twice = event(devices[0], "app_open");
    expect(await send([twice, { ...twice, occurredAt: new Date(Date.now() - hour).toISOString() }])).toEqual({
      accepted: 1,
      duplicates: 1,
      refused: [],
    });
    const stored = await db.deviceEvent.findFirstOrThrow({
      where: { appId: appA, eventId: twice.eventId },
      select: { occurredAt: true },
    });
    expect(stored.occurredAt.toISOString()).toBe(twice.occurredAt);
    // Re-sent later with another time (DeviceEvent is partitioned by occurredAt, which its key holds):
    // still the same event, found by its id in whatever partition holds it.
    const restamped = { ...twice, occurredAt: new Date(Date.now() - 5 * 24 * hour).toISOString() };
    expect(await send([restamped])).toEqual({ accepted: 0, duplicates: 1, refused: [] });
    expect(await db.deviceEvent.count({ where: { appId: appA, eventId: twice.eventId } })).toBe(1);
  });

  it("keeps eventIds per app: another app may use the same id", async () => {
    const a = await createDevice(appA, "fcm");
    const b = await createDevice(appB, "fcm");
    const shared = eventId();
    expect((await send([{ ...event(a, "app_open"), eventId: shared }])).accepted).toBe(1);
    expect((await send([{ ...event(b, "app_open"), eventId: shared }], keyB)).accepted).toBe(1);
  });

  it("counts each delivery once when concurrent batches confirm the same messages", async () => {
    const campaign = await createCampaignWave(appA);
    const devices = await Promise.all(Array.from({ length: 40 }, () => createDevice(appA, "fcm")));
    const ids = await Promise.all(devices.map((d) => createDelivery(campaign, d, "fcm", "sent")));
    // Eight batches, each naming every delivery once, in a different order.
    const batches = Array.from({ length: 8 }, (_, k) =>
      devices.map((_, i) => {
        const j = (i + k * 5) % devices.length;
        return event(devices[j], k % 2 ? "opened" : "received", { messageId: ids[j] });
      }),
    );
    const answers = await Promise.all(batches.map((b) => send(b)));
    expect(answers.reduce((sum, a) => sum + a.accepted, 0)).toBe(8 * 40);
    expect(await deliveredCount(campaign.campaignId)).toBe(40);
    expect(
      await db.delivery.count({
        where: { campaignId: campaign.campaignId, status: "delivered", openedAt: { not: null } },
      }),
    ).toBe(40);
  });
});

describe("POST /api/v1/events: effects", () => {
  it("received moves sent and queued deliveries to delivered once; failed and suppressed stay final", async () => {
    const campaign = await createCampaignWave(appA);
    const [d1, d2, d3, d4] = await Promise.all([1, 2, 3, 4].map(() => createDevice(appA, "fcm")));
    const sent = await createDelivery(campaign, d1, "fcm", "sent");
    const queued = await createDelivery(campaign, d2, "fcm", "queued");
    const failed = await createDelivery(campaign, d3, "fcm", "failed");
    const suppressed = await createDelivery(campaign, d4, "fcm", "suppressed");
    const at = new Date(Date.now() - 1000);
    const answer = await send([
      event(d1, "received", { messageId: sent, occurredAt: at.toISOString() }),
      event(d2, "received", { messageId: queued }),
      event(d3, "received", { messageId: failed }),
      event(d4, "opened", { messageId: suppressed }),
    ]);
    expect(answer.accepted).toBe(4);
    const first = await delivery(sent);
    expect(first.status).toBe("delivered");
    expect(first.deliveredAt!.getTime()).toBe(Math.max(at.getTime(), first.sentAt!.getTime()));
    expect((await delivery(queued)).status).toBe("delivered");
    expect(await delivery(failed)).toMatchObject({ status: "failed", deliveredAt: null });
    expect(await delivery(suppressed)).toMatchObject({ status: "suppressed", deliveredAt: null, openedAt: null });
    expect(await deliveredCount(campaign.campaignId)).toBe(2);
    expect(await isDirty(campaign.campaignId)).toBe(true);
    // A later receipt changes nothing.
    await send([event(d1, "received", { messageId: sent })]);
    expect((await delivery(sent)).deliveredAt).toEqual(first.deliveredAt);
    expect(await deliveredCount(campaign.campaignId)).toBe(2);
  });

  it(
    "an open without a receipt counts as received at the open's time; opens, clicks and dismissals keep the " +
      "earliest time",
    async () => {
      const campaign = await createCampaignWave(appA);
      const device = await createDevice(appA, "fcm");
      const id = await createDelivery(campaign, device, "fcm", "sent");
      const sentAt = (await delivery(id)).sentAt!.getTime();
      const openedAt = new Date(sentAt + 2000);
      expect(
        (await send([event(device, "opened", { messageId: id, occurredAt: openedAt.toISOString() })])).accepted,
      ).toBe(1);
      expect(await delivery(id)).toMatchObject({
        status: "delivered",
        deliveredAt: openedAt,
        openedAt,
        clickedAt: null,
      });
      expect(await deliveredCount(campaign.campaignId)).toBe(1);
      // A later receipt and a later open keep the first times.
      const later = new Date(sentAt + 3000).toISOString();
      await send([
        event(device, "received", { messageId: id, occurredAt: later }),
        event(device, "opened", { messageId: id, occurredAt: later }),
      ]);
      expect(await delivery(id)).toMatchObject({ deliveredAt: openedAt, openedAt });
      // An earlier open posted late (out of order) moves the open time back: time to open counts from the first open.
      const earlier = new Date(sentAt + 1000);
      await send([event(device, "opened", { messageId: id, occurredAt: earlier.toISOString() })]);
      expect(await delivery(id)).toMatchObject({ deliveredAt: openedAt, openedAt: earlier });
      const clickedAt = new Date(sentAt + 5000);
      await send([
        event(device, "clicked", { messageId: id, actionId: "read", occurredAt: clickedAt.toISOString() }),
        event(device, "dismissed", { messageId: id }),
      ]);
      const after = await delivery(id);
      expect(after).toMatchObject({ openedAt: earlier, clickedAt });
      expect(after.dismissedAt).toBeInstanceOf(Date);
      await send([event(device, "dismissed", { messageId: id, occurredAt: new Date().toISOString() })]);
      expect((await delivery(id)).dismissedAt).toEqual(after.dismissedAt);
      expect(await deliveredCount(campaign.campaignId)).toBe(1);
    },
  );

  it("a click implies an open; an event earlier than the send is recorded at the send", async () => {
    const campaign = await createCampaignWave(appA);
    const device = await createDevice(appA, "fcm");
    const id = await createDelivery(campaign, device, "fcm", "sent");
    const sentAt = (await delivery(id)).sentAt!;
    await send([
      event(device, "clicked", {
        messageId: id,
        actionId: "buy",
        occurredAt: new Date(sentAt.getTime() - 60_000).toISOString(),
      }),
    ]);
    expect(await delivery(id)).toMatchObject({
      status: "delivered",
      deliveredAt: sentAt,
      openedAt: sentAt,
      clickedAt: sentAt,
    });
    const stored = await db.deviceEvent.findFirstOrThrow({
      where: { deliveryId: BigInt(id) },
      select: { actionId: true, type: true },
    });
    expect(stored).toEqual({ actionId: "buy", type: "clicked" });
  });
});

describe("POST /api/v1/events: app_open", () => {
  it("moves lastActiveAt forward only", async () => {
    const device = await createDevice(appA, "fcm");
    const recent = new Date(Date.now() - 60_000);
    await db.device.update({ where: { id: device.id }, data: { lastActiveAt: new Date(Date.now() - 30 * 24 * hour) } });
    await send([event(device, "app_open", { occurredAt: recent.toISOString() })]);
    expect((await db.device.findUniqueOrThrow({ where: { id: device.id } })).lastActiveAt).toEqual(recent);
    await send([event(device, "app_open", { occurredAt: new Date(Date.now() - 2 * hour).toISOString() })]);
    expect((await db.device.findUniqueOrThrow({ where: { id: device.id } })).lastActiveAt).toEqual(recent);
  });

  it("moves lastActiveAt in steps of 10 minutes or more (each move rewrites every Device index)", async () => {
    const device = await createDevice(appA, "fcm");
    const start = new Date(Date.now() - 3 * hour);
    await db.device.update({ where: { id: device.id }, data: { lastActiveAt: start } });
    await send([event(device, "app_open", { occurredAt: new Date(start.getTime() + 9 * 60_000).toISOString() })]);
    expect((await db.device.findUniqueOrThrow({ where: { id: device.id } })).lastActiveAt).toEqual(start);
    const later = new Date(start.getTime() + 11 * 60_000);
    await send([event(device, "app_open", { occurredAt: later.toISOString() })]);
    expect((await db.device.findUniqueOrThrow({ where: { id: device.id } })).lastActiveAt).toEqual(later);
  });

  it("sets appOpenedAt once on deliveries queued within 72 h before it, holdout suppressions included", async () => {
    const device = await createDevice(appA, "fcm");
    const now = Date.now();
    const make = async (status: "sent" | "suppressed" | "failed", queuedHoursAgo: number) => {
      const campaign = await createCampaignWave(appA);
      const id = await createDelivery(campaign, device, "fcm", status);
      await db.delivery.updateMany({
        where: { id: BigInt(id) },
        data: {
          queuedAt: new Date(now - queuedHoursAgo * hour),
          ...(status === "suppressed" ? { reason: "holdout" } : {}),
        },
      });
      return { id, campaignId: campaign.campaignId };
    };
    const treated = await make("sent", 10);
    const holdout = await make("suppressed", 71);
    const failed = await make("failed", 1);
    const tooEarly = await make("sent", 80);
    const afterIt = await make("sent", 0.5);
    const openedAt = new Date(now - hour);
    expect((await send([event(device, "app_open", { occurredAt: openedAt.toISOString() })])).accepted).toBe(1);
    expect((await delivery(treated.id)).appOpenedAt).toEqual(openedAt);
    expect(await delivery(holdout.id)).toMatchObject({
      status: "suppressed",
      appOpenedAt: openedAt,
      deliveredAt: null,
    });
    expect((await delivery(failed.id)).appOpenedAt).toEqual(openedAt);
    expect((await delivery(tooEarly.id)).appOpenedAt).toBeNull();
    expect((await delivery(afterIt.id)).appOpenedAt).toBeNull();
    expect((await delivery(treated.id)).status).toBe("sent");
    expect(await isDirty(holdout.campaignId)).toBe(true);
    // A later app_open leaves the first one; one after the newest delivery sets that one.
    await send([event(device, "app_open")]);
    expect((await delivery(treated.id)).appOpenedAt).toEqual(openedAt);
    expect((await delivery(afterIt.id)).appOpenedAt).toBeInstanceOf(Date);
  });
});

describe("POST /api/v1/events: bad requests", () => {
  it("401 without a key or with a wrong one", async () => {
    const noKey = await handleApiRequest(
      new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"events":[]}' }),
    );
    await expectProblem(noKey, 401, "unauthorized");
    clearApiKeyCache();
    await expectProblem(await post({ events: [] }, "hk_abcdefghij_wrongwrongwrongwrongwrong"), 401, "unauthorized");
  });

  it("400 for a malformed envelope, 415 for another media type, 200 for an empty batch", async () => {
    await expectProblem(await post("{not json"), 400, "malformed-json");
    await expectProblem(await post([]), 400, "invalid-batch");
    await expectProblem(await post({ events: "all of them" }), 400, "invalid-batch");
    await expectProblem(await post({ events: [], extra: 1 }), 400, "invalid-batch");
    await expectProblem(await post({}), 400, "invalid-batch");
    await expectProblem(
      await post({ events: [] }, keyA, { "content-type": "text/plain" }),
      415,
      "unsupported-media-type",
    );
    expect(await send([])).toEqual({ accepted: 0, duplicates: 0, refused: [] });
  });

  it("413 for more than 500 events or more than 512 KB", async () => {
    const device = await createDevice(appA, "fcm");
    const body = await expectProblem(
      await post({ events: Array.from({ length: 501 }, () => event(device, "app_open")) }),
      413,
      "too-many-events",
    );
    expect(body.detail).toMatch(/500/);
    await expectProblem(await post({ events: [{ eventId: "x".repeat(600 * 1024) }] }), 413, "payload-too-large");
    expect((await send(Array.from({ length: 500 }, () => event(device, "app_open")))).accepted).toBe(500);
  });

  it("429 with Retry-After for a flooding key, while another app's key still works", async () => {
    configureApiRateLimit({ ratePerSec: 1, burst: 2 });
    const device = await createDevice(appA, "fcm");
    const other = await createDevice(appB, "fcm");
    const batch = () => ({ events: Array.from({ length: 100 }, () => event(device, "app_open")) });
    expect((await post(batch())).status).toBe(200);
    expect((await post(batch())).status).toBe(200);
    const limited = await expectProblem(await post(batch()), 429, "rate-limited");
    expect(limited.detail).toMatch(/retry/);
    const again = await post(batch());
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await post({ events: [event(other, "app_open")] }, keyB)).status).toBe(200);
  });

  it("never answers 500, whatever the body", async () => {
    const device = await createDevice(appA, "fcm");
    const campaign = await createCampaignWave(appA);
    const messageId = await createDelivery(campaign, device, "fcm", "sent");
    const value = fc.oneof(
      fc.constantFrom(
        device.installationId,
        messageId,
        campaign.campaignId,
        "received",
        "opened",
        "clicked",
        "app_open",
        new Date().toISOString(),
        "",
        "\u0000",
        "\ud800",
      ),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.boolean(),
    );
    const eventLike = fc.record(
      {
        eventId: value,
        installationId: value,
        type: value,
        campaignId: value,
        messageId: value,
        actionId: value,
        occurredAt: value,
        extra: value,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ events: fc.array(fc.oneof(eventLike, fc.jsonValue()), { maxLength: 20 }) }),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        const response = await post(typeof input === "string" ? input : JSON.stringify(input));
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
