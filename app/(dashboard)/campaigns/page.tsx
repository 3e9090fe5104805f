// Campaigns: an app's campaigns filtered by state and type, with the approval queue for approvers.
import { getTranslations } from "next-intl/server";
import { CampaignsView } from "@/components/campaigns/campaigns-view";
import { NoAppsPage } from "@/components/devices/device-empty-states";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";
import { creatableTypes } from "@/server/campaigns/composer-data";
import { loadCampaignListPage } from "@/server/campaigns/queries";
import { listTemplates } from "@/server/campaigns/templates";

export const dynamic = "force-dynamic";

export default async function CampaignsPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("campaigns.view");
  const mayApprove = can(user, "campaigns.approve");
  const data = await loadCampaignListPage(await props.searchParams, { id: user.id, mayApprove });
  if (!data) {
    const t = await getTranslations("campaigns");
    return <NoAppsPage title={t("title")} description={t("description")} canManageApps={can(user, "apps.manage")} />;
  }
  const writableTypes = creatableTypes(user);
  const templates = await listTemplates(data.app.id);
  return (
    <CampaignsView
      {...data}
      mayApprove={mayApprove}
      mayCreate={writableTypes.length > 0}
      templates={templates}
      writableTypes={writableTypes}
    />
  );
}
