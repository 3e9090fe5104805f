// The server refuses to save a campaign whose message some vendor it may use would reject as too
// large, naming the problem, and writes nothing; limiting the channels lifts the refusal. Text a
// vendor only cuts short (Xiaomi, OPPO and vivo titles and bodies) does not stop the campaign.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import { createCampaignAction, updateCampaignAction } from "@/server/campaigns/actions";
import { db } from "@/server/db";
import { createApp, createUser } from "../support/fixtures";

let appId: string;
let editor: StaffUser;

beforeAll(async () => {
  appId = (await createApp()).app.id;
  editor = await createUser("editor");
});

// 700 Chinese characters: 2,100 UTF-8 bytes in the body, under the 2,000-character input limit.
const longChinese = "新闻".repeat(350);
const campaign = (body: string, channels: string[] = []) => ({
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
      content: { "zh-CN": { title: "头条", body, data: { article: "x".repeat(1000), section: "y".repeat(1000) } } },
    },
  ],
});

describe("payload budget on the server", () => {
  it("refuses an oversize campaign with field errors and writes nothing", async () => {
    const before = await db.campaign.count();
    const result = await createCampaignAction.runAs(editor, {
      campaign: campaign(longChinese),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(400);
    expect(result.fieldErrors?.["campaign.variants"]).toEqual(
      expect.arrayContaining([
        "payloadTooLargeFcm",
        "payloadTooLargeApns",
        "payloadTooLargeWebpush",
        "payloadTooLargeHms",
        "payloadTooLargeJpush",
        "vivoDataTooLarge",
      ]),
    );
    expect(await db.campaign.count()).toBe(before);
    expect(await db.auditLog.count({ where: { action: "campaigns.create", appId } })).toBe(0);
  });

  it("saves a campaign whose texts a vendor only cuts short (a warning in the composer, not a refusal)", async () => {
    const long = campaign("进".repeat(300), ["xiaomi", "oppo", "vivo"]);
    long.variants[0]!.content["zh-CN"] = {
      title: "头条".repeat(30),
      body: "进".repeat(300),
      data: { article: "42", section: "top" },
    };
    const result = await createCampaignAction.runAs(editor, {
      campaign: long,
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    expect(result).toMatchObject({ ok: true });
  });

  it("accepts the same content when the campaign may only use channels without that limit", async () => {
    const result = await createCampaignAction.runAs(editor, {
      campaign: campaign(longChinese, ["mqtt", "poll"]),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    expect(result.ok).toBe(true);
  });

  it("refuses an edit that makes a saved campaign too large and keeps the saved content", async () => {
    const created = await createCampaignAction.runAs(editor, {
      // FCM only: its 2,000 characters of data are more than vivo takes (1,024), which FCM carries.
      campaign: campaign("短讯", ["fcm"]),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    });
    if (!created.ok) throw new Error(created.message);
    const { campaignId } = created.data;
    const edited = await updateCampaignAction.runAs(editor, {
      campaignId,
      campaign: campaign(longChinese, ["fcm"]),
      schedule: { kind: "now" },
    });
    expect(edited.ok).toBe(false);
    if (!edited.ok) expect(edited.fieldErrors?.["campaign.variants"]).toContain("payloadTooLargeFcm");
    const variant = await db.campaignVariant.findFirstOrThrow({ where: { campaignId } });
    expect((variant.content as Record<string, { body: string }>)["zh-CN"].body).toBe("短讯");
  });
});
