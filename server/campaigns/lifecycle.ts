// Moves a campaign through its lifecycle on behalf of a user: loads it, asks lib/campaigns/state
// whether the event is allowed for this user, and writes the new state with an audit entry in one
// transaction. The update is conditional on the state it was read in, so two people acting at once
// (or a double click) change it once and the other gets a clear message. A change that schedules a
// run writes its waves and firstWaveAt with the new state: the plan the caller made (submit) or one
// made here (approve), never both.
import "server-only";
import { transition, type CampaignEvent } from "@/lib/campaigns/state";
import type { StaffUser } from "@/server/auth/session";
import { writeAudit } from "@/server/audit/write";
import { db } from "@/server/db";
import { ForbiddenError, NotFoundError, UserError } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { planRun, type RunPlan } from "./plan";
import { onCampaignTransition, schedulesRun } from "./transitions";

// What a lifecycle change reads of a campaign: the row, what the rules and planning need of its app
// (and its name, which submitting asks to be typed for a whole-app audience), its segment's expression.
// A guarded update found the campaign changed since it was read (another tab, another person).
export const campaignChanged = () =>
  new UserError(
    "Someone else changed this campaign just now. Reload to see its current state.",
    undefined,
    409,
    "conflict",
  );

export const lifecycleInclude = {
  app: { select: { name: true, approvalThreshold: true, timezone: true, quietHoursStart: true, quietHoursEnd: true } },
  segment: { select: { expression: true } },
} as const satisfies Prisma.CampaignInclude;

// A campaign as a lifecycle change reads it.
export type LifecycleCampaign = Prisma.CampaignGetPayload<{ include: typeof lifecycleInclude }>;

export interface LifecycleOptions {
  reason?: string;
  // A fresh audience count to decide on (submit counts the audience just before deciding).
  audience?: number;
  // The campaign as the caller has just read it (submit, with lifecycleInclude): it is not read again,
  // and the change is then conditional on its updatedAt too, so an edit in between is not overwritten.
  campaign?: LifecycleCampaign;
  // The run the caller has just planned for this audience (submit): stored as it is, not planned again.
  plan?: RunPlan;
}

// Applies `event` to campaign `campaignId` on behalf of `user`: checks, new state, waves, audit.
export async function applyCampaignEvent(
  user: StaffUser,
  campaignId: string,
  event: CampaignEvent,
  options: LifecycleOptions = {},
) {
  return db.$transaction(async (tx) => {
    const campaign =
      options.campaign ?? (await tx.campaign.findUnique({ where: { id: campaignId }, include: lifecycleInclude }));
    if (!campaign || campaign.id !== campaignId) throw new NotFoundError("Campaign");
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
    const data: Prisma.CampaignUpdateManyMutationInput = { state: result.next };
    if (options.audience !== undefined) data.audienceEstimate = options.audience;
    if (event === "submit") Object.assign(data, { submittedById: user.id, submittedAt: now, rejectionReason: null });
    if (event === "approve") Object.assign(data, { approvedById: user.id, approvedAt: now, rejectionReason: null });
    if (event === "reject")
      Object.assign(data, { rejectionReason: options.reason ?? null, approvedById: null, approvedAt: null });
    if (event === "withdraw") Object.assign(data, { submittedById: null, submittedAt: null });
    if (event === "pause") Object.assign(data, { pausedReason: options.reason ?? `Paused by ${user.email}` });
    if (event === "resume") Object.assign(data, { pausedReason: null });
    // Scheduling a run stores its plan: the one handed over, else one made now from the live audience.
    const scheduling = schedulesRun(campaign.state, result.next);
    const plan = options.plan ?? (scheduling ? { at: now, waves: await planRun(runInput(campaign), now) } : undefined);
    if (plan) data.firstWaveAt = plan.waves[0]?.at ?? (scheduling ? plan.at : null);
    const guard = options.campaign ? { updatedAt: campaign.updatedAt } : {};
    const updated = await tx.campaign.updateMany({ where: { id: campaignId, state: campaign.state, ...guard }, data });
    if (updated.count === 0) throw campaignChanged();
    await onCampaignTransition(tx, campaign, campaign.state, result.next, scheduling ? plan?.waves : undefined);
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

// What planning a run needs of a campaign read with lifecycleInclude.
export function runInput(campaign: LifecycleCampaign) {
  return { ...campaign, expression: campaign.segment?.expression ?? campaign.expression };
}
