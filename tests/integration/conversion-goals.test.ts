// Conversion goals against a real PostgreSQL: custom events through POST /api/v1/events (stored with
// their name, value and currency; bad names, values and currencies refused one by one), and the
// attribution per variant and holdout counted exactly on seeded Delivery rows, events outside each
// device's window, of another name or of a device the campaign did not try to push left out.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createCampaignAction, updateCampaignAction } from "@/server/campaigns/actions";
import { handleApiRequest } from "@/server/device-api/routes";
import { db } from "@/server/db";
import { conversionReport, conversionsByVariant, recentCustomEventNames } from "@/server/analytics/conversions";
import type { DeliveryStatus, SuppressionReason } from "@/server/generated/prisma/enums";
import { createCampaignWave, createDevice, type TestDevice } from "../support/delivery-fixtures";
import { createApp, createUser } from "../support/fixtures";
import { jsonPost } from "../support/api-request";

const url = "http://localhost/api/v1/events";
const minute = 60_000;
let apiKey: string;
let appId: string;

beforeAll(async () => {
  const made = await createApp();
  [apiKey, appId] = [made.apiKey, made.app.id];
});

interface BatchAnswer {
  accepted: number;
  duplicates: number;
  refused: Array<{ index: number; eventId: string | null; reason: string; detail: string }>;
}

async function send(events: unknown[]): Promise<BatchAnswer> {
  const response = await handleApiRequest(jsonPost(url, { events }, apiKey));
  expect(response.status).toBe(200);
  return response.json();
}

let sequence = 0;
function custom(device: TestDevice, name: string, at: Date, extra: Record<string, unknown> = {}) {
  return {
    eventId: `conv-${randomUUID().slice(0, 8)}-${sequence++}`,
    installationId: device.installationId,
    type: "custom",
    name,
    occurredAt: at.toISOString(),
    ...extra,
  };
}

describe("POST /api/v1/events: custom events", () => {
  it("stores custom events with their name, value and currency", async () => {
    const device = await createDevice(appId);
    const at = new Date(Date.now() - minute);
    const answer = await send([
      custom(device, "purchase", at, { value: 12.5, currency: "CNY" }),
      custom(device, "sign_up", at),
      custom(device, "level.up-2", at, { value: -3 }),
    ]);
    expect(answer).toEqual({ accepted: 3, duplicates: 0, refused: [] });
    const rows = await db.deviceEvent.findMany({
      where: { deviceId: device.id },
      select: { type: true, name: true, value: true, currency: true, deliveryId: true, campaignId: true },
      orderBy: { name: "asc" },
    });
    expect(rows).toEqual([
      { type: "custom", name: "level.up-2", value: -3, currency: null, deliveryId: null, campaignId: null },
      { type: "custom", name: "purchase", value: 12.5, currency: "CNY", deliveryId: null, campaignId: null },
      { type: "custom", name: "sign_up", value: null, currency: null, deliveryId: null, campaignId: null },
    ]);
    expect(await recentCustomEventNames(appId)).toEqual(expect.arrayContaining(["purchase", "sign_up", "level.up-2"]));
  });

  it("refuses bad names, values and currencies event by event and records the rest", async () => {
    const device = await createDevice(appId);
    const at = new Date(Date.now() - minute);
    const batch = [
      custom(device, "purchase", at, { value: 3 }), // 0 ok
      { ...custom(device, "x", at), name: undefined }, // 1 no name
      custom(device, "9lives", at), // 2 starts with a digit
      custom(device, "a".repeat(65), at), // 3 too long
      custom(device, "has space", at), // 4
      custom(device, "purchase", at, { value: "12" }), // 5 value not a number
      custom(device, "purchase", at, { value: 5, currency: "usd" }), // 6 not ISO 4217 capitals
      custom(device, "purchase", at, { value: 5, currency: "XYZ" }), // 7 no such currency
      custom(device, "purchase", at, { currency: "USD" }), // 8 currency without value
      custom(device, "purchase", at, { messageId: "123" }), // 9 custom events name no message
      { ...custom(device, "x", at), type: "app_open", value: 3 }, // 10 value on a non-custom event
      { ...custom(device, "x", at), type: "app_open" }, // 11 name on a non-custom event
      custom(device, "refund", at, { value: 1e400 }), // 12 JSON's 1e400 is Infinity: not finite
    ];
    // JSON.stringify writes Infinity as null, so the request carries the literal itself.
    const body = JSON.stringify({ events: batch }).replace('"value":null', '"value":1e400');
    const response = await handleApiRequest(jsonPost(url, body, apiKey));
    expect(response.status).toBe(200);
    const answer: BatchAnswer = await response.json();
    expect(answer.accepted).toBe(1);
    expect(answer.refused.map((r) => [r.index, r.reason])).toEqual(
      Array.from({ length: 12 }, (_, i) => [i + 1, "invalid"]),
    );
    const detail = (index: number) => answer.refused.find((r) => r.index === index)!.detail;
    expect(detail(1)).toMatch(/name/);
    expect(detail(2)).toMatch(/^name: /);
    expect(detail(5)).toMatch(/^value: /);
    expect(detail(6)).toMatch(/^currency: .*ISO 4217/);
    expect(detail(8)).toMatch(/^currency: /);
    expect(detail(9)).toMatch(/^messageId: /);
    expect(detail(10)).toMatch(/value: Only custom events carry a value/);
    expect(detail(11)).toMatch(/^name: Only custom events/);
    expect(detail(12)).toMatch(/^value: /);
    expect(await db.deviceEvent.count({ where: { deviceId: device.id } })).toBe(1);
  });
});

describe("conversion attribution", () => {
  it("counts conversions, events and value per variant and holdout within each device's window only", async () => {
    const wave = await createCampaignWave(appId);
    const base = Date.now() - 5 * 3600_000;
    const sentAt = new Date(base);
    const queuedAt = new Date(base - 2 * minute);
    const after = (minutes: number, from = sentAt) => new Date(from.getTime() + minutes * minute);
    await db.campaign.update({
      where: { id: wave.campaignId },
      data: { goalEvent: "purchase", goalWindowSeconds: 3600, holdoutPercent: 10 },
    });
    async function target(
      variantKey: string | null,
      status: DeliveryStatus,
      reason: SuppressionReason | null = null,
    ): Promise<TestDevice> {
      const device = await createDevice(appId);
      await db.delivery.create({
        data: {
          campaignId: wave.campaignId,
          waveId: wave.waveId,
          deviceId: device.id,
          channel: "mqtt",
          status,
          reason,
          variantKey,
          queuedAt,
          sentAt: status === "suppressed" || status === "failed" ? null : sentAt,
        },
      });
      return device;
    }
    const [a1, a2, a3, a4, aFailed] = [
      await target("A", "delivered"),
      await target("A", "delivered"),
      await target("A", "sent"),
      await target("A", "delivered"),
      await target("A", "failed"),
    ];
    const b1 = await target("B", "delivered");
    await target("B", "delivered"); // B: no goal event
    const [h1, h2] = [await target(null, "suppressed", "holdout"), await target(null, "suppressed", "holdout")];
    const capped = await target("B", "suppressed", "cap");
    const bystander = await createDevice(appId);

    const answer = await send([
      custom(a1, "purchase", after(30), { value: 10, currency: "USD" }), // A: converts
      custom(a1, "purchase", after(50), { value: 5, currency: "USD" }), // A: second event, same conversion
      custom(a1, "purchase", after(70), { value: 100, currency: "USD" }), // outside a1's window
      custom(a2, "purchase", after(61), { value: 8, currency: "USD" }), // outside: an hour and a minute
      custom(a3, "purchase", after(-1), { value: 8, currency: "USD" }), // before its send
      custom(a4, "sign_up", after(10)), // another name
      custom(aFailed, "purchase", after(1, queuedAt), { value: 2, currency: "EUR" }), // failed: from its queue time
      custom(b1, "purchase", after(59), { value: 7 }), // B: converts, value without currency
      custom(h1, "purchase", after(10, queuedAt), { value: 4, currency: "USD" }), // holdout: from queuedAt
      custom(h2, "purchase", after(61, queuedAt)), // holdout: outside
      custom(capped, "purchase", after(10)), // suppressed by a cap: not in any group
      custom(bystander, "purchase", after(10)), // never targeted
    ]);
    expect(answer).toMatchObject({ accepted: 12, refused: [] });

    expect(await conversionsByVariant(wave.campaignId)).toEqual([
      { key: "A", devices: 5, conversions: 2, events: 3 },
      { key: "B", devices: 2, conversions: 1, events: 1 },
      { key: "holdout", devices: 2, conversions: 1, events: 1 },
    ]);
    const report = await conversionReport(wave.campaignId);
    expect(report).toMatchObject({ goalEvent: "purchase", windowSeconds: 3600 });
    const [a, b, holdout] = report!.groups;
    expect(a).toMatchObject({
      key: "A",
      rate: 0.4,
      values: [
        { currency: "USD", value: 15 },
        { currency: "EUR", value: 2 },
      ],
    });
    expect(a.lift!.absolute).toBeCloseTo(-0.1);
    expect(a.lift!.pValue).toBeGreaterThan(0.05);
    expect(b).toMatchObject({ key: "B", rate: 0.5, values: [{ currency: "", value: 7 }] });
    expect(holdout).toMatchObject({ key: "holdout", devices: 2, conversions: 1, lift: null });
    expect(holdout.values).toEqual([{ currency: "USD", value: 4 }]);
  });

  it("is null for a campaign without a goal", async () => {
    const wave = await createCampaignWave(appId);
    expect(await conversionsByVariant(wave.campaignId)).toBeNull();
    expect(await conversionReport(wave.campaignId)).toBeNull();
  });
});

describe("a campaign's goal in the composer's actions", () => {
  const content = (goal?: unknown) => ({
    appId,
    type: "announcement",
    name: `Goal ${randomUUID().slice(0, 6)}`,
    testDevicesOnly: true,
    delivery: { priority: "normal" },
    variants: [{ key: "A", splitPercent: 100, fallbackLocale: "en", content: { en: { title: "Hi", body: "Sale" } } }],
    ...(goal === undefined ? {} : { goal }),
  });

  it("saves the goal with the draft, audits it, and refuses a bad one field by field writing nothing", async () => {
    const editor = await createUser("editor");
    const created = await createCampaignAction.runAs(editor, {
      campaign: content({ event: "purchase", windowSeconds: 86_400 }),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    if (!created.ok) throw new Error(created.message);
    const id = created.data.campaignId;
    expect(
      await db.campaign.findUniqueOrThrow({ where: { id }, select: { goalEvent: true, goalWindowSeconds: true } }),
    ).toEqual({ goalEvent: "purchase", goalWindowSeconds: 86_400 });
    const createdAudit = await db.auditLog.findFirstOrThrow({ where: { targetId: id, action: "campaigns.create" } });
    expect(createdAudit.diff).toMatchObject({ goalEvent: "purchase", goalWindowSeconds: 86_400 });

    const updated = await updateCampaignAction.runAs(editor, {
      campaignId: id,
      campaign: content({ event: "sign_up", windowSeconds: 3600 }),
      schedule: { kind: "now" },
    });
    expect(updated.ok).toBe(true);
    const updateAudit = await db.auditLog.findFirstOrThrow({ where: { targetId: id, action: "campaigns.update" } });
    expect(JSON.stringify(updateAudit.diff)).toContain("sign_up");

    const before = await db.campaign.count();
    const refused = await createCampaignAction.runAs(editor, {
      campaign: content({ event: "9 lives", windowSeconds: 60 }),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.status).toBe(400);
      expect(refused.fieldErrors).toMatchObject({
        "campaign.goal.event": ["goalEventInvalid"],
        "campaign.goal.windowSeconds": ["goalWindowRange"],
      });
    }
    expect(await db.campaign.count()).toBe(before);
    // Without a goal the columns stay empty.
    const plain = await createCampaignAction.runAs(editor, {
      campaign: content(),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    if (!plain.ok) throw new Error(plain.message);
    expect(
      await db.campaign.findUniqueOrThrow({
        where: { id: plain.data.campaignId },
        select: { goalEvent: true, goalWindowSeconds: true },
      }),
    ).toEqual({ goalEvent: null, goalWindowSeconds: null });
  });
});
