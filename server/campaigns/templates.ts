// Campaign templates (a campaign's content, audience, options and schedule saved under a name, per
// app) and duplicating a campaign. Writing either needs the permission for the campaign's type;
// every read and write is scoped to the template's or campaign's own app.
import "server-only";
import { z } from "zod";
import { campaignContentInput, type CampaignContentInput } from "@/lib/campaigns/input";
import { scheduleInput } from "@/lib/campaigns/schedule-input";
import { typePermission, type CampaignType } from "@/lib/campaigns/state";
import { can } from "@/lib/permissions";
import { validateSchedule, type Schedule } from "@/lib/schedule";
import type { StaffUser } from "@/server/auth/session";
import { createAudited, writeAudit } from "@/server/audit/write";
import { db } from "@/server/db";
import { ForbiddenError, isUniqueViolation, NotFoundError, UserError } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { log } from "@/server/log";
import { createCampaign } from "./compose";
import { storedRollout } from "./rollout";
import type { TemplateListRow } from "@/lib/campaigns/types";

export const templateNameMax = 120;
const copySuffix = " (copy)";

// What a template stores and the composer starts from: campaignContentInput and the schedule.
export interface TemplateDraft {
  campaign: CampaignContentInput;
  schedule: Schedule;
}
const templatePayload = z.object({ campaign: campaignContentInput, schedule: scheduleInput });

function assertMayWrite(user: StaffUser, type: CampaignType): void {
  if (!can(user, typePermission(type))) throw new ForbiddenError(`Your role cannot write ${type} campaigns.`);
}

// A schedule whose time has passed becomes "now", so a copy or a template can be used as it is.
export function freshSchedule(schedule: Schedule, now = new Date()): Schedule {
  const stale = validateSchedule(schedule, { now }).some(
    (issue) => issue.code === "in_past" || issue.code === "no_runs",
  );
  return stale ? { kind: "now" } : schedule;
}

// A stored campaign in the composer's input shape, validated as the composer's would be.
async function loadCampaignValues(
  campaignId: string,
): Promise<{ campaign: CampaignContentInput; schedule: Schedule; appId: string }> {
  const c = await db.campaign.findUnique({
    where: { id: campaignId },
    include: { variants: { orderBy: { key: "asc" } } },
  });
  if (!c) throw new NotFoundError("Campaign");
  const parsed = templatePayload.safeParse({
    campaign: {
      appId: c.appId,
      type: c.type,
      name: c.name,
      breaking: c.breaking,
      ...(c.segmentId ? { segmentId: c.segmentId } : c.expression ? { expression: c.expression } : {}),
      testDevicesOnly: c.testDevicesOnly,
      holdoutPercent: c.holdoutPercent,
      ...(c.throttlePerMinute !== null ? { throttlePerMinute: c.throttlePerMinute } : {}),
      ...(c.goalEvent && c.goalWindowSeconds
        ? { goal: { event: c.goalEvent, windowSeconds: c.goalWindowSeconds } }
        : {}),
      delivery: {
        priority: c.priority,
        ...(c.ttlSeconds !== null ? { ttlSeconds: c.ttlSeconds } : {}),
        ...(c.collapseKey !== null ? { collapseKey: c.collapseKey } : {}),
        ...(c.sound !== null ? { sound: c.sound } : {}),
        ...(c.badge !== null ? { badge: c.badge } : {}),
        channels: c.channels,
      },
      variants: c.variants.map((v) => ({
        key: v.key,
        splitPercent: v.splitPercent,
        fallbackLocale: v.fallbackLocale,
        content: v.content,
      })),
      ...storedRollout(c),
    },
    schedule: c.schedule,
  });
  if (!parsed.success) {
    log.warn({ campaignId, issues: parsed.error.issues }, "stored campaign no longer validates");
    throw new UserError("This campaign's stored content is no longer valid; edit it first.", undefined, 409);
  }
  return { ...parsed.data, appId: c.appId };
}

// Saves a campaign's content, audience, options and schedule as a template of its app. A name
// already used in the app is a field error.
export async function saveCampaignAsTemplate(user: StaffUser, campaignId: string, name: string) {
  const values = await loadCampaignValues(campaignId);
  assertMayWrite(user, values.campaign.type);
  const payload = { campaign: values.campaign, schedule: values.schedule } as unknown as Prisma.InputJsonValue;
  try {
    const data = { appId: values.appId, name, type: values.campaign.type, payload, createdById: user.id };
    const row = await db.$transaction((tx) =>
      createAudited(tx, user, () => tx.campaignTemplate.create({ data, select: { id: true } }), {
        action: "campaignTemplates.create",
        targetType: "CampaignTemplate",
        appId: values.appId,
        diff: { name, type: values.campaign.type, fromCampaignId: campaignId },
      }),
    );
    return { templateId: row.id };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new UserError("This app already has a template with that name.", { name: ["templateNameTaken"] }, 409);
    }
    throw error;
  }
}

// Deletes a template (the permission is the one for its campaign type).
export async function deleteTemplate(user: StaffUser, templateId: string) {
  const template = await db.campaignTemplate.findUnique({
    where: { id: templateId },
    select: { id: true, appId: true, name: true, type: true },
  });
  if (!template) throw new NotFoundError("Template");
  assertMayWrite(user, template.type);
  await db.$transaction(async (tx) => {
    const deleted = await tx.campaignTemplate.deleteMany({ where: { id: templateId, appId: template.appId } });
    if (deleted.count === 0) throw new NotFoundError("Template");
    await writeAudit(tx, user, {
      action: "campaignTemplates.delete",
      targetType: "CampaignTemplate",
      targetId: templateId,
      appId: template.appId,
      diff: { name: template.name, type: template.type },
    });
  });
  return { templateId, appId: template.appId };
}

// The app's templates by name (at most 200).
export async function listTemplates(appId: string): Promise<TemplateListRow[]> {
  if (!z.uuid().safeParse(appId).success) return [];
  const rows = await db.campaignTemplate.findMany({
    where: { appId },
    select: { id: true, name: true, type: true, createdAt: true, createdById: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 200,
  });
  const ids = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => id !== null))];
  const users = ids.length
    ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })
    : [];
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return rows.map(({ createdById, ...row }) => ({
    ...row,
    createdBy: createdById ? (emails.get(createdById) ?? null) : null,
  }));
}

// The composer's starting values from a template of `appId` (a past schedule becomes "now"); null
// when the template does not exist in that app or no longer validates.
export async function getTemplateDraft(
  appId: string,
  templateId: string,
  now = new Date(),
): Promise<TemplateDraft | null> {
  if (!z.uuid().safeParse(appId).success || !z.uuid().safeParse(templateId).success) return null;
  const template = await db.campaignTemplate.findFirst({ where: { id: templateId, appId }, select: { payload: true } });
  if (!template) return null;
  const parsed = templatePayload.safeParse(template.payload);
  if (!parsed.success || parsed.data.campaign.appId !== appId) {
    log.warn(
      { templateId, issues: parsed.success ? "appId" : parsed.error.issues },
      "template payload no longer validates",
    );
    return null;
  }
  return { campaign: parsed.data.campaign, schedule: freshSchedule(parsed.data.schedule, now) };
}

// A new draft with the same content, audience and options as `campaignId`, named "<name> (copy)",
// its schedule kept unless its time has passed. Idempotent per key like createCampaign.
export async function duplicateCampaign(user: StaffUser, campaignId: string, idempotencyKey: string) {
  const values = await loadCampaignValues(campaignId);
  assertMayWrite(user, values.campaign.type);
  const name = values.campaign.name.slice(0, templateNameMax - copySuffix.length) + copySuffix;
  const result = await createCampaign(
    user,
    { ...values.campaign, name },
    freshSchedule(values.schedule),
    idempotencyKey,
  );
  if (!result.duplicate) {
    await db.$transaction((tx) =>
      writeAudit(tx, user, {
        action: "campaigns.duplicate",
        targetType: "Campaign",
        targetId: result.campaignId,
        appId: values.appId,
        diff: { fromCampaignId: campaignId, name },
      }),
    );
  }
  return result;
}
