// Moves a campaign through its lifecycle on behalf of a user: loads it, asks lib/campaigns/state
// whether the event is allowed for this user, and writes the new state with an audit entry in one
// transaction. The update is conditional on the state it was read in, so two people acting at once
// (or a double click) change it once and the other gets a clear message.
import "server-only";
import { transition, type CampaignEvent } from "@/lib/campaigns/state";
import type { StaffUser } from "@/server/auth/session";
import { writeAudit } from "@/server/audit/write";
import { db } from "@/server/db";
import { ForbiddenError, NotFoundError, UserError } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { onCampaignTransition } from "./transitions";

export interface LifecycleOptions {
  reason?: string;
  // A fresh audience count to decide on (submit counts the audience just before deciding).
  audience?: number;
  // More columns to write with the new state (e.g. firstWaveAt on submit).
  data?: Prisma.CampaignUpdateManyMutationInput;
  // Sendable devices per time zone when the caller just counted them (submit), for planning waves.
  zones?: Record<string, number>;
}

export async function applyCampaignEvent(user: StaffUser, campaignId: string, event: CampaignEvent, options: LifecycleOptions = {}) {
  return db.$transaction(async (tx) => {
    const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, include: { app: { select: { approvalThreshold: true, timezone: true, quietHoursStart: true, quietHoursEnd: true } }, segment: { select: { expression: true } } } });
    if (!campaign) throw new NotFoundError("Campaign");
    const facts = {
      state: campaign.state,
      type: campaign.type,
      breaking: campaign.breaking,
      audience: options.audience ?? campaign.audienceEstimate ?? 0,
      submittedById: campaign.submittedById,
      started: campaign.startedAt !== null,
    };
    const result = transition(facts, event, user, campaign.app.approvalThreshold);
    if (!result.ok) {
      if (result.code === "invalid_transition") throw new UserError(result.message, undefined, 409, result.code);
      throw new ForbiddenError(result.message, result.code);
    }
    const now = new Date();
    const data: Prisma.CampaignUpdateManyMutationInput = { ...options.data, state: result.next };
    if (options.audience !== undefined) data.audienceEstimate = options.audience;
    if (event === "submit") Object.assign(data, { submittedById: user.id, submittedAt: now, rejectionReason: null });
    if (event === "approve") Object.assign(data, { approvedById: user.id, approvedAt: now, rejectionReason: null });
    if (event === "reject") Object.assign(data, { rejectionReason: options.reason ?? null, approvedById: null, approvedAt: null });
    if (event === "withdraw") Object.assign(data, { submittedById: null, submittedAt: null });
    if (event === "pause") Object.assign(data, { pausedReason: options.reason ?? `Paused by ${user.email}` });
    if (event === "resume") Object.assign(data, { pausedReason: null });
    const updated = await tx.campaign.updateMany({ where: { id: campaignId, state: campaign.state }, data });
    if (updated.count === 0) throw new UserError("Someone else changed this campaign just now. Reload to see its current state.", undefined, 409, "conflict");
    await onCampaignTransition(tx, campaign, campaign.state, result.next, options.zones);
    await writeAudit(tx, user, {
      action: `campaigns.${event}`,
      targetType: "Campaign",
      targetId: campaignId,
      appId: campaign.appId,
      diff: {
        state: [campaign.state, result.next],
        ...(options.reason ? { reason: options.reason } : {}),
        ...(options.audience !== undefined ? { audience: options.audience } : {}),
      },
    });
    return { campaignId, state: result.next };
  });
}
