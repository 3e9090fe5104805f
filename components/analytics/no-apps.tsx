// What the analytics pages show before any app exists.
import { getTranslations } from "next-intl/server";
import { NoAppsYet } from "@/components/devices/device-empty-states";
import { PageHeader } from "@/components/ui/page-header";

export async function NoAppsForAnalytics({ canManageApps }: { canManageApps: boolean }) {
  const t = await getTranslations("analytics");
  return (
    <>
      <PageHeader title={t("title")} description={t("descriptions.overview")} />
      <NoAppsYet canManageApps={canManageApps} />
    </>
  );
}
