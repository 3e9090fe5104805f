// The app an analytics page shows (?app=<id>, else the first by name) and the list for its picker.
import "server-only";
import { z } from "zod";
import { db } from "@/server/db";
import { maxEventSkewMs } from "./events-schema";
import type { AnalyticsApp } from "@/lib/analytics/types";

// Null when there is no app at all (the page then says how to get started).
export async function loadAnalyticsApps(
  params: Record<string, string | string[] | undefined>,
): Promise<{ apps: AnalyticsApp[]; app: AnalyticsApp } | null> {
  const asked = Array.isArray(params.app) ? params.app[0] : params.app;
  const apps = await db.app.findMany({ select: { id: true, name: true, timezone: true }, orderBy: { name: "asc" } });
  if (!apps.length) return null;
  const wanted = asked && z.uuid().safeParse(asked).success ? asked : undefined;
  return { apps, app: apps.find((a) => a.id === wanted) ?? apps[0]! };
}

// The campaign's app and the instants its report spans, for the report page's time zone control.
export async function loadReportCampaign(campaignId: string) {
  if (!z.uuid().safeParse(campaignId).success) return null;
  return db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      id: true,
      name: true,
      appId: true,
      state: true,
      startedAt: true,
      completedAt: true,
      createdAt: true,
      app: { select: { id: true, name: true, timezone: true } },
    },
  });
}

const HOUR = 3_600_000;
// Device events are accepted up to 7 days late.
const LATE_EVENTS_MS = 7 * 24 * HOUR;

// The span a report's time series covers, read in `timeZone`: from the UTC hour the campaign started
// (rollup hours are UTC hours, so a later instant would drop its first hour) to a week after it
// ended, when late events stop, or the end of the current hour.
export function reportRange(
  campaign: { startedAt: Date | null; createdAt: Date; completedAt: Date | null },
  timeZone: string,
  now = new Date(),
) {
  const from = Math.floor((campaign.startedAt ?? campaign.createdAt).getTime() / HOUR) * HOUR;
  // Up to the end of the hour that holds "now" by the clock of a device running ahead (the events API
  // accepts 5 minutes): that hour's rollup row already counts such events.
  const last = Math.min(
    now.getTime() + maxEventSkewMs,
    (campaign.completedAt?.getTime() ?? now.getTime()) + LATE_EVENTS_MS,
  );
  const to = Math.ceil(last / HOUR) * HOUR;
  return { from: new Date(from).toISOString(), to: new Date(Math.max(from + HOUR, to)).toISOString(), timeZone };
}
