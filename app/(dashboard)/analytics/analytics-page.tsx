// What the analytics tab pages share: the viewer's permission, the app the URL asks for (or the first),
// the "no apps yet" page when there is none, and the frame's app and time zone lists.
import type { ReactNode } from "react";
import { NoAppsForAnalytics } from "@/components/analytics/no-apps";
import type { AnalyticsApp } from "@/lib/analytics/types";
import { can } from "@/lib/permissions";
import { timeZones } from "@/server/apps/time";
import { requirePageUser } from "@/server/auth/session";
import { loadAnalyticsApps } from "@/server/analytics/page-apps";
import { displayZone } from "@/server/preferences/time-zone";

export type SearchParams = Record<string, string | string[] | undefined>;

// The props every tab passes to AnalyticsFrame as they are.
export interface AnalyticsPageFrame {
  apps: AnalyticsApp[];
  app: AnalyticsApp;
  timeZones: string[];
}

export async function analyticsPage(
  searchParams: Promise<SearchParams>,
  render: (params: SearchParams, frame: AnalyticsPageFrame) => Promise<ReactNode>,
): Promise<ReactNode> {
  const user = await requirePageUser("analytics.view");
  const params = await searchParams;
  const loaded = await loadAnalyticsApps(params);
  if (!loaded) return <NoAppsForAnalytics canManageApps={can(user, "apps.manage")} />;
  // Without ?tz= the pages read times in the viewer's display zone (the app's own unless they chose another).
  const zoned = params.tz ? params : { ...params, tz: await displayZone(loaded.app.timezone) };
  return render(zoned, { ...loaded, timeZones: timeZones() });
}
