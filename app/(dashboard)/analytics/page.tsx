// Analytics overview (/analytics?app=&range=&from=&to=&tz=): an app's sends, receipts and opens over a range.
import { AnalyticsFrame } from "@/components/analytics/analytics-frame";
import { NoAppsForAnalytics } from "@/components/analytics/no-apps";
import { OverviewView } from "@/components/analytics/overview/overview-view";
import { rangeQuery, readRange } from "@/lib/analytics/range-params";
import { can } from "@/lib/permissions";
import { timeZones } from "@/server/apps/time";
import { requirePageUser } from "@/server/auth/session";
import { loadAnalyticsApps } from "@/server/analytics/page-apps";
import { getOverview } from "@/server/analytics/queries";

export const dynamic = "force-dynamic";

export default async function AnalyticsOverviewPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("analytics.view");
  const params = await props.searchParams;
  const loaded = await loadAnalyticsApps(params);
  if (!loaded) return <NoAppsForAnalytics canManageApps={can(user, "apps.manage")} />;
  const selection = readRange(params, loaded.app.timezone);
  const overview = await getOverview(loaded.app.id, selection.range);
  return (
    <AnalyticsFrame
      tab="overview"
      {...loaded}
      selection={selection}
      timeZone={selection.timeZone}
      timeZones={timeZones()}
    >
      <OverviewView
        overview={overview}
        selection={selection}
        appName={loaded.app.name}
        query={rangeQuery(loaded.app.id, selection, loaded.app.timezone)}
      />
    </AnalyticsFrame>
  );
}
