// Reads for the Campaigns pages: the filtered list with the approval queue, and one campaign with its
// planned waves (computed now from the live audience) and its audit trail.
import "server-only";
import { z } from "zod";
import { campaignStates, campaignTypes, type CampaignState, type CampaignType } from "@/lib/campaigns/state";
import { throttleWaves, type ThrottledWave, type Wave } from "@/lib/schedule";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { audienceAst, audienceByTimeZone, isWholeApp } from "./audience";
import { campaignAppSelect } from "./composer-data";
import { planCampaign } from "./plan";

export const campaignPageSize = 50;

const one = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const optionalText = z.preprocess(one, z.string().trim().optional()).transform((v) => v || undefined);

// The list page's query string; anything malformed is ignored rather than an error.
export const campaignListQuery = z.object({
  app: optionalText.transform((v) => (v && z.uuid().safeParse(v).success ? v : undefined)),
  state: optionalText.transform((v) =>
    (campaignStates as readonly string[]).includes(v ?? "") ? (v as (typeof campaignStates)[number]) : undefined,
  ),
  type: optionalText.transform((v) =>
    (campaignTypes as readonly string[]).includes(v ?? "") ? (v as (typeof campaignTypes)[number]) : undefined,
  ),
  page: optionalText.transform((v) => Math.max(1, Math.min(10_000, Number.parseInt(v ?? "1", 10) || 1))),
});
export type CampaignListQuery = z.output<typeof campaignListQuery>;

const listSelect = {
  id: true,
  name: true,
  type: true,
  breaking: true,
  state: true,
  audienceEstimate: true,
  firstWaveAt: true,
  startedAt: true,
  createdById: true,
  submittedById: true,
  submittedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

// One campaign as the list shows it, with the people's emails resolved.
export type CampaignListRow = Prisma.CampaignGetPayload<{ select: typeof listSelect }> & {
  createdBy: string | null;
  submittedBy: string | null;
};

// Emails of staff members by id (campaigns keep ids only, so a deleted user reads as null).
async function emailsById(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

async function withPeople<T extends { createdById: string | null; submittedById: string | null }>(rows: T[]) {
  const emails = await emailsById(rows.flatMap((r) => [r.createdById, r.submittedById]));
  return rows.map((r) => ({
    ...r,
    createdBy: r.createdById ? (emails.get(r.createdById) ?? null) : null,
    submittedBy: r.submittedById ? (emails.get(r.submittedById) ?? null) : null,
  }));
}

// One page (offset, newest change first) of an app's campaigns matching the filters, and the total.
export async function listCampaigns(
  appId: string,
  filters: { state?: CampaignState; type?: CampaignType },
  page = 1,
  pageSize = campaignPageSize,
) {
  const where: Prisma.CampaignWhereInput = {
    appId,
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.type ? { type: filters.type } : {}),
  };
  const [rows, total] = await Promise.all([
    db.campaign.findMany({
      where,
      select: listSelect,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.campaign.count({ where }),
  ]);
  return { rows: await withPeople(rows), total };
}

// Campaigns of the app waiting for approval that `userId` could approve: everyone's but their own submissions.
export async function listApprovalQueue(appId: string, userId: string): Promise<CampaignListRow[]> {
  const rows = await db.campaign.findMany({
    where: { appId, state: "pending_approval", OR: [{ submittedById: null }, { submittedById: { not: userId } }] },
    select: listSelect,
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: 100,
  });
  return withPeople(rows);
}

// Everything the list page needs for one request; null when there is no app at all.
export async function loadCampaignListPage(
  params: Record<string, string | string[] | undefined>,
  viewer: { id: string; mayApprove: boolean },
) {
  const query = campaignListQuery.parse(params);
  const apps = await db.app.findMany({ select: { id: true, name: true, timezone: true }, orderBy: { name: "asc" } });
  if (!apps.length) return null;
  const app = apps.find((a) => a.id === query.app) ?? apps[0];
  const [list, queue] = await Promise.all([
    listCampaigns(app.id, query, query.page),
    viewer.mayApprove ? listApprovalQueue(app.id, viewer.id) : Promise.resolve([]),
  ]);
  return {
    apps: apps.map(({ id, name }) => ({ id, name })),
    app,
    query,
    ...list,
    queue,
    pageCount: Math.max(1, Math.ceil(list.total / campaignPageSize)),
  };
}

// The planned waves of a campaign that has not started, from its audience as it is right now.
export type PlannedWaves =
  | { ok: true; waves: ThrottledWave<Wave>[]; skipped: { timeZones: string[]; devices: number }; audience: number }
  | { ok: false; reason: "expression" | "timezone" };

export async function planCampaignWaves(
  campaign: {
    appId: string;
    type: string;
    breaking: boolean;
    schedule: unknown;
    throttlePerMinute: number | null;
    testDevicesOnly: boolean;
  },
  expression: string | null,
  app: { timezone: string; quietHoursStart: number | null; quietHoursEnd: number | null },
  now = new Date(),
): Promise<PlannedWaves> {
  let ast;
  try {
    ast = audienceAst(expression, campaign.testDevicesOnly);
  } catch {
    return { ok: false, reason: "expression" };
  }
  const zones = await audienceByTimeZone(campaign.appId, ast, now);
  try {
    const plan = planCampaign({ ...campaign, app }, zones, now);
    const audience = Object.values(zones).reduce((sum, n) => sum + n, 0);
    return { ok: true, waves: throttleWaves(plan.waves, campaign.throttlePerMinute), skipped: plan.skipped, audience };
  } catch {
    return { ok: false, reason: "timezone" };
  }
}

// One campaign with its app, segment, variants, people, planned waves (before it starts) and audit trail.
export async function getCampaignDetail(campaignId: string, now = new Date()) {
  if (!z.uuid().safeParse(campaignId).success) return null;
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    include: {
      app: { select: campaignAppSelect },
      segment: { select: { id: true, name: true, expression: true } },
      variants: { orderBy: { key: "asc" } },
    },
  });
  if (!campaign) return null;
  const expression = campaign.segment?.expression ?? campaign.expression;
  const plannable =
    campaign.state === "draft" || campaign.state === "pending_approval" || campaign.state === "scheduled";
  const [people, plan, audit] = await Promise.all([
    emailsById([campaign.createdById, campaign.submittedById, campaign.approvedById]),
    plannable ? planCampaignWaves(campaign, expression, campaign.app, now) : Promise.resolve(null),
    db.auditLog.findMany({
      where: { targetType: "Campaign", targetId: campaignId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: 100,
      select: { id: true, at: true, actorEmail: true, action: true, diff: true },
    }),
  ]);
  const email = (id: string | null) => (id ? (people.get(id) ?? null) : null);
  // Devices "Resend to failed" would send to (failed transiently), while it is still possible.
  const resendable =
    campaign.state === "completed" && !campaign.resentAt
      ? await db.delivery.count({
          where: { campaignId, run: campaign.currentRun, status: "failed", failedTransiently: true },
        })
      : 0;
  return {
    campaign,
    resendable,
    expression,
    wholeApp: isWholeApp(expression, campaign.testDevicesOnly),
    createdBy: email(campaign.createdById),
    submittedBy: email(campaign.submittedById),
    approvedBy: email(campaign.approvedById),
    plan,
    audit: audit.map((row) => ({ ...row, id: row.id.toString() })),
  };
}
export type CampaignDetail = NonNullable<Awaited<ReturnType<typeof getCampaignDetail>>>;
