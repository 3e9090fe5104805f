// The role matrix's catalog of actions whose permission depends on what they act on: the campaign
// type of the campaign (or template) named in the input. For each, how to make a valid call for a
// given type, and which permission that call needs. The matrix runs every case for every role and
// type; an action with an input-dependent permission that is missing here fails the matrix.
import { randomUUID } from "node:crypto";
import { typePermission, type CampaignType } from "@/lib/campaigns/state";
import type { Permission } from "@/lib/permissions";
import { db } from "@/server/db";
import { sqlPool } from "@/server/sql";
import type { Prisma } from "@/server/generated/prisma/client";

export interface TargetedActionCase {
  // The action's registered name (defineAction's `name`).
  action: string;
  // Creates what the call needs in `appId` and returns a valid input for a campaign of `type`.
  input: (type: CampaignType, appId: string) => Promise<unknown>;
  permission: (type: CampaignType) => Permission;
}

// A valid campaign of `type` as the composer sends it.
export function campaignInput(type: CampaignType, appId: string, name = `Matrix ${randomUUID().slice(0, 8)}`) {
  return {
    appId,
    type,
    name,
    expression: "tag:matrix",
    delivery: { priority: "normal" as const },
    variants: [
      { key: "A", splitPercent: 100, fallbackLocale: "en", content: { en: { title: "Hello", body: "World" } } },
    ],
  };
}

// A draft campaign of `type` stored directly (as the composer would have saved it).
export async function createCampaignRow(
  appId: string,
  type: CampaignType,
  over: Partial<Prisma.CampaignUncheckedCreateInput> = {},
) {
  return db.campaign.create({
    data: {
      appId,
      type,
      name: `Stored ${type} ${randomUUID().slice(0, 6)}`,
      expression: "tag:matrix",
      schedule: { kind: "now" },
      variants: {
        create: [
          { key: "A", splitPercent: 100, fallbackLocale: "en", content: { en: { title: "Hello", body: "World" } } },
        ],
      },
      ...over,
    },
    select: { id: true, name: true },
  });
}

async function createTemplateRow(appId: string, type: CampaignType) {
  const payload = {
    campaign: { ...campaignInput(type, appId), breaking: false, testDevicesOnly: false, holdoutPercent: 0 },
    schedule: { kind: "now" },
  };
  return db.campaignTemplate.create({
    data: { appId, name: `Template ${randomUUID().slice(0, 8)}`, type, payload },
    select: { id: true },
  });
}

// A completed campaign of `type` with one device whose delivery failed transiently (what "Resend to
// failed" needs to succeed).
async function completedWithTransientFailure(appId: string, type: CampaignType) {
  const campaign = await createCampaignRow(appId, type, { state: "completed", completedAt: new Date() });
  const pool = sqlPool();
  const { rows: wave } = await pool.query<{ id: string }>(
    `insert into "CampaignWave" ("campaignId", run, index, "dueAt", state) values ($1, 0, 0, now(), 'done')
     returning id::text`,
    [campaign.id],
  );
  const { rows: batch } = await pool.query<{ id: string }>(
    `insert into "DispatchBatch" ("campaignId", "waveId", channel, size, state) values ($1, $2, 'fcm', 1, 'done')
     returning id::text`,
    [campaign.id, wave[0]!.id],
  );
  const { rows: device } = await pool.query<{ id: string }>(
    `insert into "Device" (id, "appId", "installationId", platform, addresses, "channelMask", status, "updatedAt")
     values (gen_random_uuid(), $1, gen_random_uuid(), 'android', '[]'::jsonb, 0, 'active', now()) returning id::text`,
    [appId],
  );
  await pool.query(
    `insert into "Delivery" ("campaignId", run, "waveId", "deviceId", channel, status, "batchId", "errorCode",
       attempts, "failedTransiently", "failedAt")
     values ($1, 0, $2, $3, 'fcm', 'failed', $4, 'UNAVAILABLE', 3, true, now())`,
    [campaign.id, wave[0]!.id, device[0]!.id, batch[0]!.id],
  );
  await db.campaign.update({ where: { id: campaign.id }, data: { targetedCount: 1, failedCount: 1 } });
  return campaign;
}

// A sending campaign of `type` with an A/B roll-out whose test phase went out (what "send the winner"
// needs to succeed).
async function testedRollout(appId: string, type: CampaignType) {
  const campaign = await createCampaignRow(appId, type, {
    state: "sending",
    startedAt: new Date(),
    rolloutTestPercent: 20,
    rolloutWaitMinutes: 60,
    rolloutMetric: "opened",
    rolloutFallback: "wait",
    variants: {
      create: ["A", "B"].map((key) => ({
        key,
        splitPercent: 50,
        fallbackLocale: "en",
        content: { en: { title: "Hello", body: "World" } },
      })),
    },
  });
  await sqlPool().query(
    `insert into "CampaignWave" ("campaignId", run, index, "dueAt", state, phase)
     values ($1, 0, 0, now(), 'done', 'test')`,
    [campaign.id],
  );
  return campaign;
}

export const targetedActions: TargetedActionCase[] = [
  {
    action: "campaigns.create",
    permission: typePermission,
    input: async (type, appId) => ({
      campaign: campaignInput(type, appId),
      schedule: { kind: "now" },
      idempotencyKey: randomUUID(),
    }),
  },
  {
    action: "campaigns.update",
    permission: typePermission,
    input: async (type, appId) => ({
      campaignId: (await createCampaignRow(appId, type)).id,
      campaign: campaignInput(type, appId),
      schedule: { kind: "now" },
    }),
  },
  {
    action: "campaigns.duplicate",
    permission: typePermission,
    input: async (type, appId) => ({
      campaignId: (await createCampaignRow(appId, type)).id,
      idempotencyKey: randomUUID(),
    }),
  },
  {
    action: "campaignTemplates.create",
    permission: typePermission,
    input: async (type, appId) => ({
      campaignId: (await createCampaignRow(appId, type)).id,
      name: `T ${randomUUID()}`,
    }),
  },
  {
    action: "campaigns.resendFailed",
    permission: typePermission,
    input: async (type, appId) => ({ campaignId: (await completedWithTransientFailure(appId, type)).id }),
  },
  {
    action: "campaigns.sendWinner",
    permission: typePermission,
    input: async (type, appId) => ({ campaignId: (await testedRollout(appId, type)).id, variantKey: "B" }),
  },
  {
    // A test device with no address: the send is authorized and answers "no channel" for it.
    action: "campaigns.testSend",
    permission: typePermission,
    input: async (type, appId) => {
      const device = await db.device.create({
        data: { appId, installationId: randomUUID(), platform: "android", isTest: true },
        select: { id: true },
      });
      const { variants, delivery } = campaignInput(type, appId);
      return { appId, type, delivery, variant: variants[0], locale: "en", deviceIds: [device.id] };
    },
  },
  {
    action: "campaignTemplates.delete",
    permission: typePermission,
    input: async (type, appId) => ({ templateId: (await createTemplateRow(appId, type)).id }),
  },
];
