// A campaign's report (/campaigns/<id>/report?tz=): funnel, time series, A/B, breakdowns, re-activation.
import { notFound } from "next/navigation";
import { ReportView } from "@/components/analytics/report/report-view";
import { readTimeZone } from "@/lib/analytics/range-params";
import { timeZones } from "@/server/apps/time";
import { requirePageUser } from "@/server/auth/session";
import { loadReportCampaign, reportRange } from "@/server/analytics/page-apps";
import { conversionReport } from "@/server/analytics/conversions";
import { getCampaignReport } from "@/server/analytics/queries";
import { displayZone } from "@/server/preferences/time-zone";

export const dynamic = "force-dynamic";

export default async function CampaignReportPage(props: {
  params: Promise<{ campaignId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("analytics.view");
  const campaign = await loadReportCampaign((await props.params).campaignId);
  if (!campaign) notFound();
  const timeZone = readTimeZone(await props.searchParams, await displayZone(campaign.app.timezone));
  const [report, conversions] = await Promise.all([
    getCampaignReport(campaign.id, reportRange(campaign, timeZone)),
    conversionReport(campaign.id),
  ]);
  if (!report) notFound();
  return (
    <ReportView
      report={report}
      app={campaign.app}
      timeZone={timeZone}
      timeZones={timeZones()}
      conversions={conversions}
    />
  );
}
