// Composing and submitting campaigns against the real database: idempotent creation, validation
// that writes nothing, audience counting, the approval decision and whole-app confirmation.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import {
  createCampaignAction,
  previewAudience,
  submitCampaignAction,
  updateCampaignAction,
} from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { createApp, createUser } from "../support/fixtures";
import { oneAddress } from "../support/device-address";

let appId: string;
let appName: string;
let editor: StaffUser;
let marketer: StaffUser;

const day = 86_400_000;
const statusOf = (result: { ok: boolean; status?: number }) => (result.ok ? 200 : result.status);

beforeAll(async () => {
  const created = await createApp();
  appId = created.app.id;
  appName = created.app.name;
  [editor, marketer] = await Promise.all([createUser("editor"), createUser("marketer")]);
  const now = Date.now();
  const devices = Array.from({ length: 60 }, (_, i) => ({
    appId,
    installationId: randomUUID(),
    platform: i % 3 === 0 ? ("ios" as const) : ("android" as const),
    ...oneAddress(i % 3 === 0 ? "apns" : "fcm", `t-${i}`),
    tags: i % 2 === 0 ? ["vip"] : i % 5 === 0 ? ["vip", "churned"] : ["news"],
    timezone: i % 4 === 0 ? "America/New_York" : "Asia/Shanghai",
    lastActiveAt: new Date(now - (i % 2 === 0 ? 45 : 2) * day),
    isTest: i < 3,
  }));
  await db.device.createMany({ data: devices });
});

const message = { title: "Spring sale", body: "20% off for our best readers" };
const campaign = (over: Record<string, unknown> = {}) => ({
  appId,
  type: "promotion",
  name: `Promo ${randomUUID().slice(0, 6)}`,
  expression: "tag:vip and not tag:churned and lastActive>30d",
  delivery: { priority: "normal" },
  variants: [
    { key: "A", splitPercent: 50, fallbackLocale: "en", content: { en: message } },
    { key: "B", splitPercent: 50, fallbackLocale: "en", content: { en: { ...message, title: "Just for you" } } },
  ],
  ...over,
});

// A draft created through the composer's action by `user`, to send at once; its id.
async function createdNow(user: StaffUser, over: Record<string, unknown> = {}): Promise<string> {
  const created = await createCampaignAction.runAs(user, {
    campaign: campaign(over),
    schedule: { kind: "now" },
    idempotencyKey: randomUUID(),
  });
  if (!created.ok) throw new Error(created.message);
  return created.data.campaignId;
}

describe("composing campaigns", () => {
  it("previews the live audience with breakdowns", async () => {
    const preview = await previewAudience.runAs(marketer, {
      appId,
      expression: "tag:vip and not tag:churned and lastActive>30d",
    });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.data.total).toBe(30);
    expect(preview.data.byPlatform.ios + preview.data.byPlatform.android).toBe(30);
    const broken = await previewAudience.runAs(marketer, { appId, expression: "tag:vip and (" });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.fieldErrors?.expression?.[0]).toMatch(/at column 14/);
  });

  it("creates one campaign for one idempotency key, whatever the number of submits", async () => {
    const idempotencyKey = randomUUID();
    const input = { campaign: campaign(), schedule: { kind: "now" }, idempotencyKey };
    const results = await Promise.all([
      createCampaignAction.runAs(marketer, input),
      createCampaignAction.runAs(marketer, input),
      createCampaignAction.runAs(marketer, input),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.data.campaignId : null)));
    expect(ids.size).toBe(1);
    expect(await db.campaign.count({ where: { idempotencyKey } })).toBe(1);
    expect(await db.campaignVariant.count({ where: { campaign: { idempotencyKey } } })).toBe(2);
  });

  it("refuses bad input field by field and writes nothing", async () => {
    const before = await db.campaign.count();
    const past = await createCampaignAction.runAs(marketer, {
      campaign: campaign(),
      schedule: { kind: "at", date: "2020-01-01", time: "09:00", timeZone: "Europe/Berlin" },
      idempotencyKey: randomUUID(),
    });
    expect(past.ok).toBe(false);
    if (!past.ok) expect(Object.keys(past.fieldErrors ?? {}).some((k) => k.startsWith("schedule."))).toBe(true);
    const zone = await createCampaignAction.runAs(marketer, {
      campaign: campaign(),
      schedule: { kind: "at", date: "2099-01-01", time: "09:00", timeZone: "Mars/Base" },
      idempotencyKey: randomUUID(),
    });
    expect(zone.ok).toBe(false);
    const expression = await createCampaignAction.runAs(marketer, {
      campaign: campaign({ expression: "tag:vip and or" }),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    expect(expression.ok).toBe(false);
    if (!expression.ok) expect(expression.fieldErrors?.["campaign.expression"]?.[0]).toMatch(/at column \d+/);
    const splits = await createCampaignAction.runAs(marketer, {
      campaign: campaign({
        variants: [{ key: "A", splitPercent: 60, fallbackLocale: "en", content: { en: message } }],
      }),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    expect(splits.ok).toBe(false);
    expect(await db.campaign.count()).toBe(before);
  });

  it("keeps marketers to promotions and editors to news and announcements", async () => {
    expect(
      statusOf(
        await createCampaignAction.runAs(marketer, {
          campaign: campaign({ type: "news" }),
          schedule: { kind: "now" },
          idempotencyKey: randomUUID(),
        }),
      ),
    ).toBe(403);
    expect(
      statusOf(
        await createCampaignAction.runAs(editor, {
          campaign: campaign(),
          schedule: { kind: "now" },
          idempotencyKey: randomUUID(),
        }),
      ),
    ).toBe(403);
  });

  it("submits a promotion for approval with its counted audience", async () => {
    const campaignId = await createdNow(marketer);
    const submitted = await submitCampaignAction.runAs(marketer, { campaignId });
    expect(submitted).toMatchObject({ ok: true, data: { state: "pending_approval", audience: 30 } });
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(row).toMatchObject({ state: "pending_approval", audienceEstimate: 30, submittedById: marketer.id });
    expect(row.firstWaveAt).not.toBeNull();
  });

  it("refuses to submit an audience of no device, named by a code the composer words", async () => {
    const campaignId = await createdNow(marketer, { expression: "tag:nobody-has-this" });
    const refused = await submitCampaignAction.runAs(marketer, { campaignId });
    expect(refused).toMatchObject({
      ok: false,
      status: 400,
      code: "no_audience",
      fieldErrors: { "campaign.expression": ["Matches no device."] },
    });
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("draft");
  });

  it("schedules breaking news to test devices without approval", async () => {
    const campaignId = await createdNow(editor, {
      type: "news",
      breaking: true,
      expression: undefined,
      testDevicesOnly: true,
    });
    const submitted = await submitCampaignAction.runAs(editor, { campaignId });
    expect(submitted).toMatchObject({ ok: true, data: { state: "scheduled", audience: 3 } });
  });

  it("asks for the app's name before sending to the whole app", async () => {
    const campaignId = await createdNow(editor, { type: "announcement", expression: undefined });
    const unconfirmed = await submitCampaignAction.runAs(editor, {
      campaignId,
      confirmAppName: "wrong",
    });
    expect(unconfirmed.ok).toBe(false);
    if (!unconfirmed.ok) expect(unconfirmed.fieldErrors?.confirmAppName).toBeDefined();
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("draft");
    const confirmed = await submitCampaignAction.runAs(editor, {
      campaignId,
      confirmAppName: appName,
    });
    expect(confirmed).toMatchObject({ ok: true, data: { state: "scheduled", audience: 60 } });
  });

  it("editing a submitted campaign returns it to draft with the new content, audited", async () => {
    const campaignId = await createdNow(marketer);
    await submitCampaignAction.runAs(marketer, { campaignId });
    const edited = await updateCampaignAction.runAs(marketer, {
      campaignId,
      campaign: campaign({ name: "Renamed", holdoutPercent: 10 }),
      schedule: { kind: "now" },
    });
    expect(edited.ok).toBe(true);
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(row).toMatchObject({ state: "draft", name: "Renamed", holdoutPercent: 10, audienceEstimate: null });
    const audit = await db.auditLog.findFirst({ where: { targetId: campaignId, action: "campaigns.update" } });
    expect(audit?.diff).toMatchObject({ name: [expect.any(String), "Renamed"], holdoutPercent: [0, 10] });
  });
});
