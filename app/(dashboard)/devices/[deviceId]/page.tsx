// One device of one app (/devices/<deviceId>?app=<appId>), with the test-device switch.
import { notFound } from "next/navigation";
import { DeviceDetails } from "@/components/devices/device-details";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";
import { findAppName, getDevice } from "@/server/devices/queries";
import { deviceDetailParams, type SearchParams } from "@/server/devices/schema";
import { setRequestTimeZone } from "@/components/time/server-time";
import { displayZoneOfApp } from "@/server/preferences/time-zone";

export const dynamic = "force-dynamic";

export default async function DevicePage(props: {
  params: Promise<{ deviceId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const user = await requirePageUser("devices.view");
  const parsed = deviceDetailParams.safeParse({
    deviceId: (await props.params).deviceId,
    app: (await props.searchParams).app,
  });
  if (!parsed.success) notFound();
  const { deviceId, app: appId } = parsed.data;
  const [device, appName] = await Promise.all([getDevice(appId, deviceId), findAppName(appId)]);
  if (!device || !appName) notFound();
  setRequestTimeZone(await displayZoneOfApp(appId));
  return (
    <DeviceDetails
      device={device}
      appName={appName}
      backHref={`/devices?app=${appId}`}
      canMarkTest={can(user, "devices.markTest")}
      now={new Date()}
    />
  );
}
