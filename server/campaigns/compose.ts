// Creating, editing and submitting campaigns: everything is validated before anything is written,
// and each change is one transaction with its audit entry, so a campaign is never half-saved.
import "server-only";
import type { CampaignContentInput } from "@/lib/campaigns/input";
import { priceToMicros, smsAllowedFor, smsPolicyOf } from "@/lib/sms/policy";
import { isEditable } from "@/lib/campaigns/state";
import { validateSchedule, type Schedule } from "@/lib/schedule";
import type { StaffUser } from "@/server/auth/session";
import { changes, createAudited, writeAudit } from "@/server/audit/write";
import { db, type Tx } from "@/server/db";
import { isUniqueViolation, NotFoundError, UserError } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { audienceAst, audienceByTimeZone, isWholeApp } from "./audience";
import { assertFitsChannels, blockersOf } from "./channel-limits";
import { applyCampaignEvent, campaignChanged, lifecycleInclude, runInput } from "./lifecycle";
import { planRun } from "./plan";
import { rolloutColumns } from "./rollout";

// Refuses a schedule lib/schedule finds fault with, naming each field.
// A roll-out's test share and winner are one run's: a recurring campaign cannot have one.
function assertRollout(campaign: CampaignContentInput, schedule: Schedule): void {
  if (campaign.rollout && schedule.kind === "recurring")
    throw new UserError(
      "A recurring campaign cannot send a winner to the rest; leave the test share out.",
      { "campaign.rollout": ["rolloutNotRecurring"] },
      400,
      "rollout_recurring",
    );
}

export function assertSchedule(schedule: Schedule, now = new Date()): void {
  const issues = validateSchedule(schedule, { now });
  if (!issues.length) return;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) (fieldErrors[`schedule.${issue.field}`] ??= []).push(issue.message);
  throw new UserError("Please correct the schedule.", fieldErrors);
}

// Refuses an SMS budget on a campaign whose kind the app's SMS policy does not let fall back to SMS
// (the budget's own fields were checked by the input schema).
export function assertSms(campaign: CampaignContentInput, app: { smsPolicy: unknown }): void {
  if (campaign.sms && !smsAllowedFor(smsPolicyOf(app.smsPolicy), campaign))
    throw new UserError("This app does not allow SMS for this kind of campaign.", {
      "campaign.sms": ["smsNotAllowed"],
    });
}

// Loads the expression a campaign targets: its saved segment's (which must belong to the app) or its own.
export async function resolveExpression(
  tx: Tx | typeof db,
  campaign: Pick<CampaignContentInput, "appId" | "segmentId" | "expression">,
): Promise<string | null> {
  if (!campaign.segmentId) return campaign.expression?.trim() || null;
  const segment = await tx.segment.findFirst({
    where: { id: campaign.segmentId, appId: campaign.appId },
    select: { expression: true },
  });
  if (!segment)
    throw new UserError(
      "That segment does not exist in this app.",
      { "campaign.segmentId": ["Choose a segment of this app."] },
      404,
    );
  return segment.expression;
}

function columns(campaign: CampaignContentInput, schedule: Schedule) {
  return {
    type: campaign.type,
    name: campaign.name,
    breaking: campaign.breaking,
    segmentId: campaign.segmentId ?? null,
    expression: campaign.segmentId ? null : campaign.expression?.trim() || null,
    testDevicesOnly: campaign.testDevicesOnly,
    holdoutPercent: campaign.holdoutPercent,
    throttlePerMinute: campaign.throttlePerMinute ?? null,
    priority: campaign.delivery.priority,
    ttlSeconds: campaign.delivery.ttlSeconds ?? null,
    collapseKey: campaign.delivery.collapseKey ?? null,
    sound: campaign.delivery.sound ?? null,
    badge: campaign.delivery.badge ?? null,
    channels: campaign.delivery.channels,
    schedule: schedule as Prisma.InputJsonValue,
    smsMaxMessages: campaign.sms?.maxMessages ?? null,
    smsMaxCostMicros: campaign.sms ? BigInt(priceToMicros(campaign.sms.maxCost)) : null,
    goalEvent: campaign.goal?.event ?? null,
    goalWindowSeconds: campaign.goal?.windowSeconds ?? null,
    ...rolloutColumns(campaign.rollout),
  };
}

// A row as JSON can hold it: bigints (the SMS budget's micros) as decimal text.
function withoutBigInts(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
}

const variantRows = (campaign: CampaignContentInput) =>
  campaign.variants.map((v) => ({
    key: v.key,
    splitPercent: v.splitPercent,
    fallbackLocale: v.fallbackLocale,
    content: v.content as Prisma.InputJsonValue,
  }));

// Creates a draft. The same idempotency key from the same user returns the first campaign instead
// of making a second one (double clicks, retried requests, two tabs).
export async function createCampaign(
  user: StaffUser,
  campaign: CampaignContentInput,
  schedule: Schedule,
  idempotencyKey: string,
) {
  const existing = await db.campaign.findUnique({ where: { idempotencyKey }, select: { id: true, createdById: true } });
  if (existing) {
    if (existing.createdById !== user.id)
      throw new UserError("This form was already used to create a campaign; reload it.", undefined, 409);
    return { campaignId: existing.id, duplicate: true };
  }
  assertSchedule(schedule);
  assertRollout(campaign, schedule);
  const app = await db.app.findUnique({ where: { id: campaign.appId }, select: { id: true, smsPolicy: true } });
  if (!app) throw new NotFoundError("App");
  assertSms(campaign, app);
  audienceAst(await resolveExpression(db, campaign), campaign.testDevicesOnly);
  try {
    const data = {
      appId: campaign.appId,
      ...columns(campaign, schedule),
      createdById: user.id,
      idempotencyKey,
      variants: { create: variantRows(campaign) },
    };
    const row = await db.$transaction((tx) =>
      createAudited(tx, user, () => tx.campaign.create({ data, select: { id: true } }), {
        action: "campaigns.create",
        targetType: "Campaign",
        appId: campaign.appId,
        diff: {
          name: campaign.name,
          type: campaign.type,
          variants: campaign.variants.length,
          ...(campaign.goal ? { goalEvent: campaign.goal.event, goalWindowSeconds: campaign.goal.windowSeconds } : {}),
        },
      }),
    );
    return { campaignId: row.id, duplicate: false };
  } catch (error) {
    // Two identical requests raced: the loser answers with the winner's campaign.
    if (isUniqueViolation(error)) {
      const winner = await db.campaign.findUnique({
        where: { idempotencyKey },
        select: { id: true, createdById: true },
      });
      if (winner && winner.createdById === user.id) return { campaignId: winner.id, duplicate: true };
    }
    throw error;
  }
}

// Replaces a campaign's content, audience, options and schedule. Allowed until sending starts; a
// campaign that was waiting for approval or scheduled goes back to draft and must be submitted again.
export async function updateCampaign(
  user: StaffUser,
  campaignId: string,
  campaign: CampaignContentInput,
  schedule: Schedule,
) {
  assertSchedule(schedule);
  assertRollout(campaign, schedule);
  const current = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!current || current.appId !== campaign.appId) throw new NotFoundError("Campaign");
  if (current.type !== campaign.type)
    throw new UserError("A campaign's type cannot change; duplicate it instead.", {
      "campaign.type": ["Cannot change after creation."],
    });
  if (!isEditable(current.state))
    throw new UserError(`A ${current.state} campaign can no longer be edited.`, undefined, 409);
  assertSms(
    campaign,
    (await db.app.findUnique({ where: { id: current.appId }, select: { smsPolicy: true } })) ?? {
      smsPolicy: null,
    },
  );
  audienceAst(await resolveExpression(db, campaign), campaign.testDevicesOnly);
  if (current.state !== "draft") await applyCampaignEvent(user, campaignId, "edit");
  const next = columns(campaign, schedule);
  await db.$transaction(async (tx) => {
    const updated = await tx.campaign.updateMany({
      where: { id: campaignId, state: "draft" },
      data: { ...next, audienceEstimate: null, firstWaveAt: null },
    });
    if (updated.count === 0) throw campaignChanged();
    await tx.campaignVariant.deleteMany({ where: { campaignId } });
    await tx.campaignVariant.createMany({ data: variantRows(campaign).map((v) => ({ ...v, campaignId })) });
    await writeAudit(tx, user, {
      action: "campaigns.update",
      targetType: "Campaign",
      targetId: campaignId,
      appId: current.appId,
      diff: changes(withoutBigInts(current), withoutBigInts(next)) as Prisma.InputJsonValue,
    });
  });
  return { campaignId };
}

// Submits a draft: counts the audience now, plans the first run's waves once, and hands the campaign
// as read and that plan to the lifecycle, which schedules it (storing the plan) or sends it for approval
// (lib/campaigns/state decides). Sending to a whole app needs its name typed.
export async function submitCampaign(user: StaffUser, campaignId: string, confirmAppName?: string) {
  // One read: what the lifecycle needs, plus the content and the app's credentials for the limits.
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    include: {
      ...lifecycleInclude,
      app: { select: { ...lifecycleInclude.app.select, credentials: { select: { channel: true } } } },
      variants: { select: { key: true, content: true }, orderBy: { key: "asc" } },
    },
  });
  if (!campaign) throw new NotFoundError("Campaign");
  const input = runInput(campaign);
  if (isWholeApp(input.expression, campaign.testDevicesOnly) && confirmAppName?.trim() !== campaign.app.name) {
    throw new UserError("This campaign goes to every device of the app. Type the app's name to confirm.", {
      confirmAppName: [`Type "${campaign.app.name}" to confirm.`],
    });
  }
  assertSchedule(campaign.schedule as unknown as Schedule);
  // A draft may be over a channel's limits; what is submitted must fit every channel it may use.
  assertFitsChannels(
    blockersOf(
      campaign,
      campaign.app.credentials.map((c) => c.channel),
    ),
  );
  const now = new Date();
  const ast = audienceAst(input.expression, campaign.testDevicesOnly);
  // One scan: the per-zone counts plan the waves and add up to the audience.
  const zones = await audienceByTimeZone(campaign.appId, ast, now);
  const total = Object.values(zones).reduce((sum, devices) => sum + devices, 0);
  if (total === 0)
    throw new UserError(
      "No device matches this audience, so there is nothing to send.",
      { "campaign.expression": ["Matches no device."] },
      400,
      "no_audience",
    );
  const plan = { at: now, waves: await planRun(input, now, zones) };
  const result = await applyCampaignEvent(user, campaignId, "submit", { audience: total, campaign, plan });
  return { ...result, audience: total, firstWaveAt: plan.waves[0]?.at ?? null, waves: plan.waves.length };
}
