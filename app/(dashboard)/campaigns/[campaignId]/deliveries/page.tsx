// The devices of one campaign by outcome (/campaigns/<id>/deliveries?outcome=&reason=&error=&after=&tz=): what the
// report's counts link to; each row links to the device's trace of this campaign. Same readers as the report; an
// `app` that is not the campaign's is a 404.
import { notFound } from "next/navigation";
import { DeliveryListView } from "@/components/analytics/deliveries/delivery-list-view";
import { parseDeliveryListQuery } from "@/lib/analytics/delivery-list";
import { readTimeZone } from "@/lib/analytics/range-params";
import { requirePageUser } from "@/server/auth/session";
import { loadReportCampaign } from "@/server/analytics/page-apps";
import { getCampaignDeliveries } from "@/server/analytics/queries";

export const dynamic = "force-dynamic";

export default async function CampaignDeliveriesPage(props: {
  params: Promise<{ campaignId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("analytics.view");
  const campaign = await loadReportCampaign((await props.params).campaignId);
  if (!campaign) notFound();
  const params = await props.searchParams;
  const app = Array.isArray(params.app) ? params.app[0] : params.app;
  if (app && app !== campaign.appId) notFound();
  const query = parseDeliveryListQuery(params);
  const timeZone = readTimeZone(params, campaign.app.timezone);
  const page = await getCampaignDeliveries(campaign.id, query.filter, { after: query.after });
  return (
    <DeliveryListView
      campaign={{ id: campaign.id, name: campaign.name }}
      app={campaign.app}
      query={query}
      page={page}
      timeZone={timeZone}
    />
  );
}
