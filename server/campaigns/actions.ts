"use server";
// Server actions for campaigns. Creating and editing need the permission for the campaign's type.
// Lifecycle moves are decided per campaign by lib/campaigns/state (they depend on the campaign's
// type and submitter), so the wrapper's own check for those is the broad one: may view campaigns.
import { z } from "zod";
import { deviceChannels } from "@/lib/channels/devices";
import { campaignContentInput } from "@/lib/campaigns/input";
import { scheduleInput } from "@/lib/campaigns/schedule-input";
import { typePermission, type CampaignEvent } from "@/lib/campaigns/state";
import { defineAction } from "@/server/action";
import { refreshPath } from "@/server/revalidate";
import { db } from "@/server/db";
import { audienceAst, countCampaignAudience, countCampaignReach, smsReachByCountry } from "./audience";
import { createCampaign, resolveExpression, submitCampaign, updateCampaign } from "./compose";
import { applyCampaignEvent } from "./lifecycle";
import { previewCampaignSchedule, schedulePreviewInput } from "./schedule-preview";

const target = z.object({ campaignId: z.uuid() }).strict();
const withReason = z.object({ campaignId: z.uuid(), reason: z.string().trim().max(500).optional() }).strict();

function lifecycleAction(event: CampaignEvent, input: typeof target | typeof withReason) {
  return defineAction({ name: `campaigns.${event}`, permission: "campaigns.view", input }, async (parsed, { user }) => {
    const result = await applyCampaignEvent(user, parsed.campaignId, event, {
      reason: "reason" in parsed ? parsed.reason : undefined,
    });
    refreshPath(`/campaigns/${parsed.campaignId}`);
    refreshPath("/campaigns");
    return result;
  });
}

// Approve a campaign waiting for a second person (not the one who submitted it).
export const approveCampaign = lifecycleAction("approve", target);
// Send it back to draft with a reason.
export const rejectCampaign = lifecycleAction("reject", withReason);
// Take back a submission before anyone approved it.
export const withdrawCampaign = lifecycleAction("withdraw", target);
// Hold a scheduled or sending campaign.
export const pauseCampaign = lifecycleAction("pause", withReason);
// Continue a paused campaign.
export const resumeCampaign = lifecycleAction("resume", target);
// Stop it for good.
export const cancelCampaign = lifecycleAction("cancel", withReason);

const composeInput = z
  .object({ campaign: campaignContentInput, schedule: scheduleInput, idempotencyKey: z.uuid() })
  .strict();

// Creates a draft campaign (idempotent per idempotencyKey).
export const createCampaignAction = defineAction(
  { name: "campaigns.create", permission: (input) => typePermission(input.campaign.type), input: composeInput },
  async ({ campaign, schedule, idempotencyKey }, { user }) => {
    const result = await createCampaign(user, campaign, schedule, idempotencyKey);
    refreshPath("/campaigns");
    return result;
  },
);

const updateInput = z
  .object({ campaignId: z.uuid(), campaign: campaignContentInput, schedule: scheduleInput })
  .strict();

// Saves changes to a campaign that has not started sending (back to draft if it was submitted).
export const updateCampaignAction = defineAction(
  { name: "campaigns.update", permission: (input) => typePermission(input.campaign.type), input: updateInput },
  async ({ campaignId, campaign, schedule }, { user }) => {
    const result = await updateCampaign(user, campaignId, campaign, schedule);
    refreshPath(`/campaigns/${campaignId}`);
    return result;
  },
);

const submitInput = z.object({ campaignId: z.uuid(), confirmAppName: z.string().max(200).optional() }).strict();

// Counts the audience, plans the first wave and schedules the campaign or asks for approval.
export const submitCampaignAction = defineAction(
  { name: "campaigns.submit", permission: "campaigns.view", input: submitInput },
  async ({ campaignId, confirmAppName }, { user }) => {
    const result = await submitCampaign(user, campaignId, confirmAppName);
    refreshPath(`/campaigns/${campaignId}`);
    refreshPath("/campaigns");
    return result;
  },
);

const previewInput = z
  .object({
    appId: z.uuid(),
    expression: z.string().max(4000).optional(),
    testDevicesOnly: z.boolean().default(false),
    // The draft's allowed channels (empty: all) and type: what the reach counts route with.
    channels: z.array(z.enum(deviceChannels)).max(deviceChannels.length).default([]),
    type: z.enum(["news", "announcement", "promotion"]).optional(),
  })
  .strict();

// The live audience count while composing: total, by platform and channel, a sample, and the reach
// (devices reachable now per channel, the vendor caps' moves and drops, the unreachable by reason).
export const previewAudience = defineAction(
  { name: "campaigns.previewAudience", permission: "campaigns.view", input: previewInput },
  async ({ appId, expression, testDevicesOnly, channels, type }) => {
    const ast = audienceAst(expression, testDevicesOnly, "expression");
    const [count, reach] = await Promise.all([
      countCampaignAudience(appId, ast),
      countCampaignReach(appId, ast, { channels, promotion: type === "promotion" }),
    ]);
    return { ...count, reach };
  },
);

// The composer's schedule preview: when each wave would go and how many devices it reaches.
export const previewSchedule = defineAction(
  { name: "campaigns.previewSchedule", permission: "campaigns.view", input: schedulePreviewInput },
  async (input) => {
    return previewCampaignSchedule(input);
  },
);

const smsReachInput = z
  .object({
    appId: z.uuid(),
    segmentId: z.uuid().optional(),
    expression: z.string().max(4000).optional(),
    testDevicesOnly: z.boolean().default(false),
  })
  .strict();

// The composer's SMS estimate: the audience's devices an SMS could reach, per country of their number.
export const previewSmsReach = defineAction(
  { name: "campaigns.previewSmsReach", permission: "campaigns.view", input: smsReachInput },
  async ({ appId, segmentId, expression, testDevicesOnly }) => {
    const text = await resolveExpression(db, { appId, segmentId, expression });
    const ast = audienceAst(text, testDevicesOnly, segmentId ? "segmentId" : "expression");
    return { countries: await smsReachByCountry(appId, ast) };
  },
);
