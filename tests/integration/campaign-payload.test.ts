// A draft saves whatever the channels' limits (over a vendor's size or text limit too); submitting is
// what is refused, naming the channels and limits, and writes nothing. Each fix lifts the refusal:
// leaving the channel out, or a short title for the channels that show fewer characters.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { createCampaignAction, submitCampaignAction, updateCampaignAction } from "@/server/campaigns/actions";
import { sealCredential } from "@/server/apps/credential-seal";
import { db } from "@/server/db";
import { oneAddress } from "../support/device-address";
import { createApp, createUser } from "../support/fixtures";

let appId: string;
let editor: StaffUser;

beforeAll(async () => {
  appId = (await createApp()).app.id;
  editor = await createUser("editor");
  await db.device.createMany({
    data: Array.from({ length: 4 }, (_, i) => ({
      appId,
      installationId: randomUUID(),
      platform: "android" as const,
      ...oneAddress("mqtt", null),
      tags: ["vip"],
      isTest: i === 0,
    })),
  });
});

// 700 Chinese characters: 2,100 UTF-8 bytes in the body, under the 2,000-character input limit.
const longChinese = "新闻".repeat(350);
const campaign = (body: string, channels: string[] = [], title = "头条") => ({
  appId,
  type: "news",
  name: `News ${randomUUID().slice(0, 6)}`,
  expression: "tag:vip",
  delivery: { priority: "normal", channels },
  variants: [
    {
      key: "A",
      splitPercent: 100,
      fallbackLocale: "zh-CN",
      content: { "zh-CN": { title, body, data: { article: "x".repeat(1000), section: "y".repeat(1000) } } },
    },
  ],
});

async function created(values: ReturnType<typeof campaign>): Promise<string> {
  const result = await createCampaignAction.runAs(editor, {
    campaign: values,
    schedule: { kind: "now" },
    idempotencyKey: randomUUID(),
  });
  if (!result.ok) throw new Error(`${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data.campaignId;
}

const xiaomiSecret = {
  appSecret: "secretSecret1234==",
  packageName: "com.example.app",
  serviceChannelId: "111",
  marketingChannelId: "222",
};

describe("channel limits: drafts save, submission is refused", () => {
  it("saves an oversize draft, then refuses to submit it naming each channel, and writes nothing", async () => {
    const listed = ["fcm", "apns", "webpush", "hms", "jpush", "vivo", "xiaomi", "oppo", "mqtt"];
    const campaignId = await created(campaign(longChinese, listed));
    const submitted = await submitCampaignAction.runAs(editor, { campaignId });
    expect(submitted.ok).toBe(false);
    if (submitted.ok) return;
    expect(submitted).toMatchObject({ status: 400, code: "over_channel_limits" });
    expect(submitted.fieldErrors?.["campaign.channels"]).toEqual(
      expect.arrayContaining(["fcm", "apns", "webpush", "hms", "jpush", "vivo", "xiaomi", "oppo"]),
    );
    expect(submitted.fieldErrors?.["campaign.variants"]).toEqual(
      expect.arrayContaining(["fcm.payload", "vivo.data", "xiaomi.body", "vivo.body"]),
    );
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(row.state).toBe("draft");
    expect(await db.campaignWave.count({ where: { campaignId } })).toBe(0);
  });

  it("a 53-character title saves as a draft; submission names Xiaomi; a short title lets it go", async () => {
    const title = "Typhoon Haikui: orange alert for the coast from tonight".padEnd(53, "!").slice(0, 53);
    expect([...title]).toHaveLength(53);
    const campaignId = await created(campaign("短讯", ["xiaomi", "mqtt"], title));
    const refused = await submitCampaignAction.runAs(editor, { campaignId });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.fieldErrors).toMatchObject({
      "campaign.channels": ["xiaomi"],
      "campaign.variants": ["xiaomi.title"],
    });
    expect(refused.message).toMatch(/xiaomi \(53 characters, at most 49\)/);

    const fixed = campaign("短讯", ["xiaomi", "mqtt"], title);
    fixed.variants[0]!.content["zh-CN"] = {
      ...fixed.variants[0]!.content["zh-CN"]!,
      shortTitle: "台风橙色预警",
    } as never;
    const edited = await updateCampaignAction.runAs(editor, { campaignId, campaign: fixed, schedule: { kind: "now" } });
    expect(edited.ok).toBe(true);
    const submitted = await submitCampaignAction.runAs(editor, { campaignId });
    expect(submitted).toMatchObject({ ok: true });
  });

  it("on every channel, only the vendors the app has a credential for count", async () => {
    // No credential yet: the app sends through MQTT and the inbox only, so no vendor limit applies.
    const campaignId = await created(campaign("短讯", [], "T".repeat(53)));
    await db.providerCredential.create({
      data: { appId, channel: "xiaomi", summary: {}, secretSealed: sealCredential(appId, "xiaomi", xiaomiSecret) },
    });
    try {
      expect(await submitCampaignAction.runAs(editor, { campaignId })).toMatchObject({
        ok: false,
        fieldErrors: { "campaign.channels": ["xiaomi"], "campaign.variants": ["xiaomi.title"] },
      });
      await db.providerCredential.deleteMany({ where: { appId } });
      expect(await submitCampaignAction.runAs(editor, { campaignId })).toMatchObject({ ok: true });
    } finally {
      await db.providerCredential.deleteMany({ where: { appId } });
    }
  });

  it("leaving the channel out lifts the refusal", async () => {
    const campaignId = await created(campaign(longChinese, ["fcm", "mqtt"]));
    expect(await submitCampaignAction.runAs(editor, { campaignId })).toMatchObject({
      ok: false,
      fieldErrors: { "campaign.channels": ["fcm"] },
    });
    const edited = await updateCampaignAction.runAs(editor, {
      campaignId,
      campaign: campaign(longChinese, ["mqtt"]),
      schedule: { kind: "now" },
    });
    expect(edited.ok).toBe(true);
    expect(await submitCampaignAction.runAs(editor, { campaignId })).toMatchObject({ ok: true });
  });

  it("still refuses what no channel carries (the input's own limits) at save, keeping the saved content", async () => {
    const campaignId = await created(campaign("短讯", ["fcm"]));
    const edited = await updateCampaignAction.runAs(editor, {
      campaignId,
      campaign: campaign("长".repeat(2001), ["fcm"]),
      schedule: { kind: "now" },
    });
    expect(edited.ok).toBe(false);
    if (!edited.ok) expect(Object.values(edited.fieldErrors ?? {}).flat()).toContain("bodyTooLong");
    const variant = await db.campaignVariant.findFirstOrThrow({ where: { campaignId } });
    expect((variant.content as Record<string, { body: string }>)["zh-CN"].body).toBe("短讯");
  });
});
