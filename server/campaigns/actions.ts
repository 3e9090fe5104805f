"use server";
// Server actions that move a campaign through its lifecycle. Who may do what is decided per
// campaign by lib/campaigns/state (it depends on the campaign's type and submitter), so the
// wrapper's own check is the broad one: a user who may view campaigns.
import { z } from "zod";
import type { CampaignEvent } from "@/lib/campaigns/state";
import { defineAction } from "@/server/action";
import { refreshPath } from "@/server/revalidate";
import { applyCampaignEvent } from "./lifecycle";

const target = z.object({ campaignId: z.uuid() }).strict();
const withReason = z.object({ campaignId: z.uuid(), reason: z.string().trim().max(500).optional() }).strict();

function lifecycleAction(event: CampaignEvent, input: typeof target | typeof withReason) {
  return defineAction({ name: `campaigns.${event}`, permission: "campaigns.view", input }, async (parsed, { user }) => {
    const result = await applyCampaignEvent(user, parsed.campaignId, event, { reason: "reason" in parsed ? parsed.reason : undefined });
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
