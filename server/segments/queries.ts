// Reads for the Segments page: an app's saved segments with how many devices each reaches now and
// how many campaigns use it.
import "server-only";
import { tryParseSegment } from "@/lib/segments";
import { db } from "@/server/db";
import { sqlPool } from "@/server/sql";
import { compileSegment } from "./compile";
import type { Queryable } from "./count";
import { SEGMENT_LOCKING_STATES } from "./schema";

// Counting stops after this many segments or once the page has spent this long counting; each
// count may take at most the statement timeout. Segments past a limit show "not counted".
export const SEGMENT_COUNT_LIMITS: { maxSegments: number; budgetMs: number; statementTimeoutMs: number } = { maxSegments: 100, budgetMs: 8_000, statementTimeoutMs: 2_000 };

// Why a segment has no live count: not counted (too many or out of time), or its count timed out.
export type AudienceStatus = "counted" | "skipped" | "timeout" | "invalid";

// One row of the segments table.
export interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  expression: string;
  updatedAt: Date;
  // Sendable devices of the app the expression reaches now (null unless status is "counted").
  audience: number | null;
  audienceStatus: AudienceStatus;
  // Campaigns of any state that target the segment, and those that have not finished (these block deleting it).
  campaigns: number;
  activeCampaigns: number;
}

const segmentSelect = { id: true, name: true, description: true, expression: true, updatedAt: true } as const;

// How many campaigns use each segment of an app: all of them, and those not finished yet.
async function campaignUsage(appId: string): Promise<Map<string, { campaigns: number; activeCampaigns: number }>> {
  const groups = await db.campaign.groupBy({ by: ["segmentId", "state"], where: { appId, segmentId: { not: null } }, _count: { _all: true } });
  const usage = new Map<string, { campaigns: number; activeCampaigns: number }>();
  const locking = new Set<string>(SEGMENT_LOCKING_STATES);
  for (const group of groups) {
    if (!group.segmentId) continue;
    const entry = usage.get(group.segmentId) ?? { campaigns: 0, activeCampaigns: 0 };
    entry.campaigns += group._count._all;
    if (locking.has(group.state)) entry.activeCampaigns += group._count._all;
    usage.set(group.segmentId, entry);
  }
  return usage;
}

// Counts one expression's sendable devices in the app; null when the statement times out.
async function countOne(client: Queryable, appId: string, expression: string, now: Date): Promise<{ audience: number | null; audienceStatus: AudienceStatus }> {
  const parsed = tryParseSegment(expression);
  if (!parsed.ok) return { audience: null, audienceStatus: "invalid" };
  const where = compileSegment(parsed.ast, { appId, now });
  try {
    const { rows } = await client.query<{ devices: number }>(`select count(*)::int as devices from "Device" where ${where.text}`, where.values);
    return { audience: rows[0]?.devices ?? 0, audienceStatus: "counted" };
  } catch (error) {
    // 57014: canceled by statement_timeout. Anything else is a real failure.
    if ((error as { code?: string }).code === "57014") return { audience: null, audienceStatus: "timeout" };
    throw error;
  }
}

// Every segment of an app (by name) with its live audience and campaign usage.
export async function listSegments(appId: string, now = new Date(), limits: typeof SEGMENT_COUNT_LIMITS = SEGMENT_COUNT_LIMITS): Promise<SegmentRow[]> {
  const [segments, usage] = await Promise.all([
    db.segment.findMany({ where: { appId }, select: segmentSelect, orderBy: { name: "asc" } }),
    campaignUsage(appId),
  ]);
  if (segments.length === 0) return [];
  // One connection for all counts, with a per-statement timeout that is reset before it goes back to the pool.
  const client = await sqlPool().connect();
  const started = Date.now();
  const rows: SegmentRow[] = [];
  try {
    await client.query(`set statement_timeout = ${Math.max(1, Math.floor(limits.statementTimeoutMs))}`);
    for (const [index, segment] of segments.entries()) {
      const inBudget = index < limits.maxSegments && Date.now() - started < limits.budgetMs;
      const counted = inBudget ? await countOne(client, appId, segment.expression, now) : { audience: null, audienceStatus: "skipped" as const };
      rows.push({ ...segment, ...counted, ...(usage.get(segment.id) ?? { campaigns: 0, activeCampaigns: 0 }) });
    }
  } finally {
    // A connection whose timeout could not be reset is discarded rather than reused.
    const reset = await client.query("reset statement_timeout").then(() => true, () => false);
    client.release(!reset);
  }
  return rows;
}

// The apps to pick from on the Segments page, by name.
export async function listAppsForSegments(): Promise<{ id: string; name: string }[]> {
  return db.app.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}

// What the Segments page shows: null when there is no app yet; an unknown ?app= falls back to the first app.
export async function loadSegmentsPage(requestedAppId: string | undefined, now = new Date()) {
  const apps = await listAppsForSegments();
  if (apps.length === 0) return null;
  const requested = requestedAppId ? apps.find((app) => app.id === requestedAppId) : undefined;
  const appId = (requested ?? apps[0]).id;
  return { apps, appId, unknownApp: Boolean(requestedAppId && !requested), segments: await listSegments(appId, now) };
}
