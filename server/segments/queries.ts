// Reads for the Segments page: an app's saved segments with how many devices each has and reaches now
// (per channel), and how many campaigns use it.
import "server-only";
import { tryParseSegment } from "@/lib/segments";
import { db } from "@/server/db";
import type { PoolClient } from "pg";
import { log } from "@/server/log";
import { sqlPool } from "@/server/sql";
import { routingPolicyOf } from "@/lib/routing/policy";
import { reachOf, type ReachGroup } from "@/lib/routing/reach";
import type { Queryable } from "./compile";
import { type AppRouting, loadAppRouting, reachGroupsQuery, sendableFor } from "./reach";
import { SEGMENT_LOCKING_STATES } from "./schema";
import { SEGMENT_COUNT_LIMITS } from "@/lib/segments/limits";
import type { SegmentAudience, SegmentListing, SegmentRow } from "@/lib/segments/types";

const segmentSelect = { id: true, name: true, description: true, expression: true, updatedAt: true } as const;

// How many campaigns use each segment of an app: all of them, and those not finished yet.
async function campaignUsage(appId: string): Promise<Map<string, { campaigns: number; activeCampaigns: number }>> {
  const groups = await db.campaign.groupBy({
    by: ["segmentId", "state"],
    where: { appId, segmentId: { not: null } },
    _count: { _all: true },
  });
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

// Counts one expression's sendable devices in the app and how many of them (and of its invalid
// ones) a send to every channel reaches now, per channel, in one grouped scan; null when the
// statement times out.
async function countOne(
  client: Queryable,
  appId: string,
  expression: string,
  now: Date,
  routing: AppRouting,
): Promise<SegmentAudience> {
  const parsed = tryParseSegment(expression);
  if (!parsed.ok) return { audience: null, audienceStatus: "invalid" };
  const query = reachGroupsQuery(parsed.ast, appId, now);
  try {
    const { rows } = await client.query<ReachGroup & Record<string, unknown>>(query.text, query.values);
    const reach = reachOf(rows, [], {
      policy: routingPolicyOf(routing.policy),
      allowed: [],
      sendable: sendableFor(routing.credentials),
      marketing: false,
      quotaPolicy: routing.quotaPolicy,
    });
    const audience = rows.reduce((sum, row) => sum + (row.active ? row.devices : 0), 0);
    return { audience, audienceStatus: "counted", reachable: reach.reachable, reachByChannel: reach.byChannel };
  } catch (error) {
    // 57014: canceled by statement_timeout. Anything else is a real failure.
    if ((error as { code?: string }).code === "57014") return { audience: null, audienceStatus: "timeout" };
    throw error;
  }
}

// Every segment of an app (by name) with its campaign usage, without counting anything.
export async function listSegmentRows(appId: string): Promise<SegmentListing[]> {
  const [segments, usage] = await Promise.all([
    db.segment.findMany({ where: { appId }, select: segmentSelect, orderBy: { name: "asc" } }),
    campaignUsage(appId),
  ]);
  return segments.map((segment) => ({
    ...segment,
    ...(usage.get(segment.id) ?? { campaigns: 0, activeCampaigns: 0 }),
  }));
}

// Starts counting `segments` in order on one connection, within `limits`, and answers at once with
// one promise per segment id that settles when that segment is counted (or skipped): the page shows
// its rows right away and each count as it arrives. The promises never reject; a count that fails
// for another reason than the timeout shows as "failed" and is logged.
export function countSegmentAudiences(
  appId: string,
  segments: Pick<SegmentRow, "id" | "expression">[],
  now = new Date(),
  limits: typeof SEGMENT_COUNT_LIMITS = SEGMENT_COUNT_LIMITS,
): Map<string, Promise<SegmentAudience>> {
  const settle = new Map<string, (value: SegmentAudience) => void>();
  const counts = new Map(
    segments.map((segment) => [segment.id, new Promise<SegmentAudience>((resolve) => settle.set(segment.id, resolve))]),
  );
  if (segments.length === 0) return counts;
  void (async () => {
    const finish = (from: number, value: SegmentAudience) =>
      segments.slice(from).forEach((segment) => settle.get(segment.id)!(value));
    let client: PoolClient | null = null;
    let index = 0;
    try {
      // One connection for all counts, with a per-statement timeout that is reset before it goes back to the pool.
      client = await sqlPool().connect();
      const started = Date.now();
      // The app's routing settings first: the timeout below is for the counts.
      const routing = await loadAppRouting(client, appId);
      if (!routing) throw new Error(`app ${appId} not found`);
      await client.query(`set statement_timeout = ${Math.max(1, Math.floor(limits.statementTimeoutMs))}`);
      for (; index < segments.length; index++) {
        if (index >= limits.maxSegments || Date.now() - started >= limits.budgetMs) break;
        settle.get(segments[index].id)!(await countOne(client, appId, segments[index].expression, now, routing));
      }
      finish(index, { audience: null, audienceStatus: "skipped" });
    } catch (error) {
      log.error({ err: error, appId }, "segment counts failed");
      finish(index, { audience: null, audienceStatus: "failed" });
    } finally {
      if (client) {
        // A connection whose timeout could not be reset is discarded rather than reused.
        const reset = await client.query("reset statement_timeout").then(
          () => true,
          () => false,
        );
        client.release(!reset);
      }
    }
  })();
  return counts;
}

// Every segment of an app (by name) with its live audience and campaign usage (counted within `limits`).
export async function listSegments(
  appId: string,
  now = new Date(),
  limits: typeof SEGMENT_COUNT_LIMITS = SEGMENT_COUNT_LIMITS,
): Promise<SegmentRow[]> {
  const rows = await listSegmentRows(appId);
  const counts = countSegmentAudiences(appId, rows, now, limits);
  return Promise.all(rows.map(async (row) => ({ ...row, ...(await counts.get(row.id)!) })));
}

// The apps to pick from on the Segments page, by name.
export async function listAppsForSegments(): Promise<{ id: string; name: string }[]> {
  return db.app.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}

// What the Segments page shows: null when there is no app yet; an unknown ?app= falls back to the first
// app. The rows come at once; `counts` holds one promise per segment, settled as counting goes.
export async function loadSegmentsPage(requestedAppId: string | undefined, now = new Date()) {
  const apps = await listAppsForSegments();
  if (apps.length === 0) return null;
  const requested = requestedAppId ? apps.find((app) => app.id === requestedAppId) : undefined;
  const appId = (requested ?? apps[0]).id;
  const segments = await listSegmentRows(appId);
  return {
    apps,
    appId,
    unknownApp: Boolean(requestedAppId && !requested),
    segments,
    counts: countSegmentAudiences(appId, segments, now),
  };
}
