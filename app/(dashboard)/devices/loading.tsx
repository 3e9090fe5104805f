// Loading state of the Devices pages: a table skeleton.
import { getTranslations } from "next-intl/server";
import { DeviceTableSkeleton } from "@/components/devices/device-table-skeleton";

export default async function Loading() {
  const t = await getTranslations("devices");
  return <DeviceTableSkeleton label={t("loading")} />;
}
