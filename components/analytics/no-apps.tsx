// What the analytics pages show before any app exists.
import { getTranslations } from "next-intl/server";
import { NoAppsPage } from "@/components/devices/device-empty-states";

export async function NoAppsForAnalytics({ canManageApps }: { canManageApps: boolean }) {
  const t = await getTranslations("analytics");
  return <NoAppsPage title={t("title")} description={t("descriptions.overview")} canManageApps={canManageApps} />;
}
