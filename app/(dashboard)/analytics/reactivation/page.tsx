// Re-activation report (/analytics/reactivation?app=&range=&tz=&type=): dormant devices brought back, treated vs
// holdout.
import { AnalyticsFrame } from "@/components/analytics/analytics-frame";
import { NoAppsForAnalytics } from "@/components/analytics/no-apps";
import { ReactivationView } from "@/components/analytics/reactivation/reactivation-view";
import { rangeQuery, readRange } from "@/lib/analytics/range-params";
import { can } from "@/lib/permissions";
import { timeZones } from "@/server/apps/time";
import { requirePageUser } from "@/server/auth/session";
import { loadAnalyticsApps } from "@/server/analytics/page-apps";
import { getReactivationReport } from "@/server/analytics/queries";
import type { CampaignTypeName } from "@/lib/analytics/types";

export const dynamic = "force-dynamic";

const types: readonly string[] = ["news", "announcement", "promotion"];

export default async function ReactivationPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("analytics.view");
  const params = await props.searchParams;
  const loaded = await loadAnalyticsApps(params);
  if (!loaded) return <NoAppsForAnalytics canManageApps={can(user, "apps.manage")} />;
  const selection = readRange(params, loaded.app.timezone);
  const asked = Array.isArray(params.type) ? params.type[0] : params.type;
  const type = asked && types.includes(asked) ? (asked as CampaignTypeName) : undefined;
  const report = await getReactivationReport(loaded.app.id, selection.range, { type });
  return (
    <AnalyticsFrame
      tab="reactivation"
      {...loaded}
      selection={selection}
      timeZone={selection.timeZone}
      timeZones={timeZones()}
      keep={type ? { type } : {}}
    >
      <ReactivationView
        report={report}
        type={type ?? ""}
        query={rangeQuery(loaded.app.id, selection, loaded.app.timezone)}
      />
    </AnalyticsFrame>
  );
}
