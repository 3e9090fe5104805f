// Devices: an app's registered devices, filtered and paginated from the URL's query string.
import { NoAppsPage } from "@/components/devices/device-empty-states";
import { DevicesView } from "@/components/devices/devices-view";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";
import { loadDeviceListPage } from "@/server/devices/queries";
import {
  activityWindows,
  channels,
  devicePageSize,
  deviceStatuses,
  makers,
  platforms,
  type SearchParams,
} from "@/server/devices/schema";
import { getTranslations } from "next-intl/server";
import { TimeZoneScope } from "@/components/time/time-zone-context";
import { displayZoneOfApp } from "@/server/preferences/time-zone";

export const dynamic = "force-dynamic";

const filterOptions = { platforms, channels, makers, statuses: deviceStatuses, activity: activityWindows };

export default async function DevicesPage(props: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("devices.view");
  const now = new Date();
  const data = await loadDeviceListPage(await props.searchParams, now);
  if (!data) {
    const t = await getTranslations("devices");
    return <NoAppsPage title={t("title")} description={t("description")} canManageApps={can(user, "apps.manage")} />;
  }
  return (
    <TimeZoneScope zone={await displayZoneOfApp(data.appId)}>
      <DevicesView
        apps={data.apps}
        appId={data.appId}
        filters={data.filters}
        filterOptions={filterOptions}
        ignored={data.ignored}
        rows={data.page.rows}
        total={data.page.total}
        page={data.pageNumber}
        pageSize={devicePageSize}
        prevHref={data.prevHref}
        nextHref={data.nextHref}
        appHasDevices={data.hasDevices}
        canMarkTest={can(user, "devices.markTest")}
        now={now}
      />
    </TimeZoneScope>
  );
}
