// One device of one app (/devices/<deviceId>?app=<appId>[&back=<list>]), with the test-device switch, a link to its
// trace and the campaigns that targeted it. A link without the app is sent on to the device's own app.
import { notFound, redirect } from "next/navigation";
import { DeviceDetails } from "@/components/devices/device-details";
import { DeviceLinks } from "@/components/devices/device-links";
import { safeBackHref } from "@/lib/analytics/delivery-list";
import { can } from "@/lib/permissions";
import { getDeviceCampaigns } from "@/server/analytics/queries";
import { requirePageUser } from "@/server/auth/session";
import { findAppName, findDeviceAppId, getDevice } from "@/server/devices/queries";
import { deviceDetailParams, type SearchParams } from "@/server/devices/schema";
import { setRequestTimeZone } from "@/components/time/server-time";
import { displayZoneOfApp } from "@/server/preferences/time-zone";

export const dynamic = "force-dynamic";

export default async function DevicePage(props: {
  params: Promise<{ deviceId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const user = await requirePageUser("devices.view");
  const searchParams = await props.searchParams;
  const deviceIdParam = (await props.params).deviceId;
  const parsed = deviceDetailParams.safeParse({ deviceId: deviceIdParam, app: searchParams.app });
  if (!parsed.success) {
    const appOfDevice = searchParams.app ? null : await findDeviceAppId(deviceIdParam);
    if (appOfDevice) redirect(`/devices/${deviceIdParam}?app=${appOfDevice}`);
    notFound();
  }
  const { deviceId, app: appId } = parsed.data;
  const [device, appName] = await Promise.all([getDevice(appId, deviceId), findAppName(appId)]);
  if (!device || !appName) notFound();
  // Times in the viewer's display zone (the app's unless they chose another), the links' too.
  const timeZone = await displayZoneOfApp(appId);
  setRequestTimeZone(timeZone);
  const campaigns = can(user, "analytics.view") ? await getDeviceCampaigns(device.id) : null;
  return (
    <>
      <DeviceDetails
        device={device}
        appName={appName}
        backHref={`/devices?app=${appId}`}
        canMarkTest={can(user, "devices.markTest")}
        now={new Date()}
      />
      {campaigns ? (
        <DeviceLinks
          appId={appId}
          installationId={device.installationId}
          campaigns={campaigns}
          timeZone={timeZone}
          back={safeBackHref(searchParams.back)}
        />
      ) : null}
    </>
  );
}
