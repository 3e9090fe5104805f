// A campaign's SMS budget through the composer's actions: stored in the campaign's columns (money in
// micros) only for a kind the app's SMS policy allows, field errors for bad values with nothing
// written, loaded back for editing, and the estimate's count of devices an SMS could reach.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { channelMaskOf } from "@/lib/channels/devices";
import { defaultSmsPolicy, type SmsPolicy } from "@/lib/sms/policy";
import type { StaffUser } from "@/server/auth/session";
import { createCampaignAction, previewSmsReach, updateCampaignAction } from "@/server/campaigns/actions";
import { loadCampaignForEdit } from "@/server/campaigns/composer-data";
import { db } from "@/server/db";
import { sealPhoneNumber } from "@/server/sms/phone-seal";
import { createApp, createUser } from "../support/fixtures";

let appId: string;
let editor: StaffUser;
let viewer: StaffUser;

const policy: SmsPolicy = { ...defaultSmsPolicy, enabled: true, prices: [{ country: "US", price: "0.0079" }] };

const news = (over: Record<string, unknown> = {}) => ({
  appId,
  type: "news",
  breaking: true,
  name: `Quake ${randomUUID().slice(0, 6)}`,
  expression: "tag:sms-test",
  delivery: { priority: "high" },
  variants: [{ key: "A", splitPercent: 100, fallbackLocale: "en", content: { en: { title: "Quake", body: "M6.1" } } }],
  ...over,
});

function create(user: StaffUser, campaign: Record<string, unknown>) {
  return createCampaignAction.runAs(user, { campaign, schedule: { kind: "now" }, idempotencyKey: randomUUID() });
}

beforeAll(async () => {
  const created = await createApp();
  appId = created.app.id;
  await db.app.update({ where: { id: appId }, data: { smsPolicy: policy } });
  [editor, viewer] = await Promise.all([createUser("editor"), createUser("analyst")]);
  // 6 devices in the audience: 3 US numbers (one opted out), 1 CN number, 1 number whose sms address
  // is invalid, 1 device without a number; and 2 US numbers outside the audience.
  const specs = [
    { tag: "sms-test", country: "US" },
    { tag: "sms-test", country: "US" },
    { tag: "sms-test", country: "US", optedOut: true },
    { tag: "sms-test", country: "CN" },
    { tag: "sms-test", country: "US", invalid: true },
    { tag: "sms-test", country: null },
    { tag: "other", country: "US" },
    { tag: "other", country: "US" },
  ];
  for (const [i, spec] of specs.entries()) {
    const phoneId = randomUUID();
    const device = await db.device.create({
      data: {
        appId,
        installationId: randomUUID(),
        platform: "android",
        tags: [spec.tag],
        addresses: [
          { channel: "fcm", token: `t-${i}`, status: "active" },
          ...(spec.country ? [{ channel: "sms", token: phoneId, status: spec.invalid ? "invalid" : "active" }] : []),
        ],
        channelMask: channelMaskOf(spec.country && !spec.invalid ? ["fcm", "sms"] : ["fcm"]),
      },
    });
    if (spec.country)
      await db.phoneNumber.create({
        data: {
          id: phoneId,
          appId,
          deviceId: device.id,
          numberHash: `h-${phoneId}`,
          numberSealed: sealPhoneNumber(`+1202555${1000 + i}`, appId),
          masked: "+1 ******0000",
          country: spec.country,
          consentAt: new Date(),
          optedOutAt: spec.optedOut ? new Date() : null,
        },
      });
  }
});

describe("a campaign's SMS budget", () => {
  it("is stored for breaking news (money in micros) and loads back into the composer", async () => {
    const created = await create(editor, news({ sms: { maxMessages: 500, maxCost: "12.5" } }));
    expect(created.ok).toBe(true);
    const id = (created as { data: { campaignId: string } }).data.campaignId;
    const row = await db.campaign.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ smsMaxMessages: 500, smsMaxCostMicros: 12_500_000n });
    const loaded = await loadCampaignForEdit(id);
    expect(loaded!.values.campaign.sms).toEqual({ maxMessages: 500, maxCost: "12.50" });
    expect(loaded!.app.smsPolicy).toMatchObject({ enabled: true, currency: "USD" });
    // Saved again without SMS: the budget is cleared.
    const updated = await updateCampaignAction.runAs(editor, {
      campaignId: id,
      campaign: news({ name: row.name }),
      schedule: { kind: "now" },
    });
    expect(updated).toMatchObject({ ok: true });
    expect(await db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      smsMaxMessages: null,
      smsMaxCostMicros: null,
    });
  });

  it("is refused for a kind the app's policy does not allow, and nothing is written", async () => {
    const before = await db.campaign.count({ where: { appId } });
    const refused = await create(editor, news({ breaking: false, sms: { maxMessages: 5, maxCost: "1" } }));
    expect(refused).toMatchObject({ ok: false, status: 400, fieldErrors: { "campaign.sms": ["smsNotAllowed"] } });
    expect(await db.campaign.count({ where: { appId } })).toBe(before);
  });

  it("answers field errors for bad numbers, and nothing is written", async () => {
    const before = await db.campaign.count({ where: { appId } });
    const refused = await create(editor, news({ sms: { maxMessages: 0, maxCost: "ten" } }));
    expect(refused).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: {
        "campaign.sms.maxMessages": ["smsMaxMessagesRange"],
        "campaign.sms.maxCost": ["smsMaxCostInvalid"],
      },
    });
    const zero = await create(editor, news({ sms: { maxMessages: 3, maxCost: "0.000" } }));
    expect(zero).toMatchObject({ ok: false, fieldErrors: { "campaign.sms.maxCost": ["smsMaxCostInvalid"] } });
    expect(await db.campaign.count({ where: { appId } })).toBe(before);
  });
});

describe("the composer's SMS estimate", () => {
  it("counts the audience's devices with an active, not opted-out number, per country", async () => {
    const result = await previewSmsReach.runAs(viewer, { appId, expression: "tag:sms-test" });
    expect(result).toEqual({
      ok: true,
      data: {
        countries: [
          { country: "CN", devices: 1 },
          { country: "US", devices: 2 },
        ],
      },
    });
    const whole = await previewSmsReach.runAs(viewer, { appId });
    expect(whole.ok && whole.data.countries).toEqual([
      { country: "CN", devices: 1 },
      { country: "US", devices: 4 },
    ]);
  });

  it("answers a field error for an expression that does not parse", async () => {
    const result = await previewSmsReach.runAs(viewer, { appId, expression: "tag:(" });
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(Object.keys((result as { fieldErrors: Record<string, string[]> }).fieldErrors)).toEqual(["expression"]);
  });
});
