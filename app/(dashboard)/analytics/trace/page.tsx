// Device trace (/analytics/trace?app=&installationId=&tz=): every step of one installation, per campaign.
import { AnalyticsFrame } from "@/components/analytics/analytics-frame";
import { NoAppsForAnalytics } from "@/components/analytics/no-apps";
import { TraceSearch } from "@/components/analytics/trace/trace-search";
import { TraceView } from "@/components/analytics/trace/trace-view";
import { readTimeZone } from "@/lib/analytics/range-params";
import { can } from "@/lib/permissions";
import { timeZones } from "@/server/apps/time";
import { requirePageUser } from "@/server/auth/session";
import { loadAnalyticsApps } from "@/server/analytics/page-apps";
import { getDeviceTrace } from "@/server/analytics/queries";

export const dynamic = "force-dynamic";

export default async function DeviceTracePage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("analytics.view");
  const params = await props.searchParams;
  const loaded = await loadAnalyticsApps(params);
  if (!loaded) return <NoAppsForAnalytics canManageApps={can(user, "apps.manage")} />;
  const timeZone = readTimeZone(params, loaded.app.timezone);
  const asked = Array.isArray(params.installationId) ? params.installationId[0] : params.installationId;
  const installationId = (asked ?? "").trim().slice(0, 200);
  const trace = installationId ? await getDeviceTrace(loaded.app.id, installationId) : null;
  return (
    <AnalyticsFrame
      tab="trace"
      {...loaded}
      timeZone={timeZone}
      timeZones={timeZones()}
      keepForApp={installationId ? { installationId } : {}}
    >
      <TraceSearch
        appId={loaded.app.id}
        timeZone={timeZone}
        appZone={loaded.app.timezone}
        installationId={installationId}
      />
      <TraceView trace={trace} installationId={installationId} appName={loaded.app.name} timeZone={timeZone} />
    </AnalyticsFrame>
  );
}
