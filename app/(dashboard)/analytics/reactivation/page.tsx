// Re-activation report (/analytics/reactivation?app=&range=&tz=&type=): dormant devices brought back, treated vs
// holdout.
import { AnalyticsFrame } from "@/components/analytics/analytics-frame";
import { ReactivationView } from "@/components/analytics/reactivation/reactivation-view";
import { rangeQuery, readRange } from "@/lib/analytics/range-params";
import { getReactivationReport } from "@/server/analytics/queries";
import type { CampaignTypeName } from "@/lib/analytics/types";
import { analyticsPage, type SearchParams } from "../analytics-page";

export const dynamic = "force-dynamic";

const types: readonly string[] = ["news", "announcement", "promotion"];

export default async function ReactivationPage(props: { searchParams: Promise<SearchParams> }) {
  return analyticsPage(props.searchParams, async (params, frame) => {
    const selection = readRange(params, frame.app.timezone);
    const asked = Array.isArray(params.type) ? params.type[0] : params.type;
    const type = asked && types.includes(asked) ? (asked as CampaignTypeName) : undefined;
    const report = await getReactivationReport(frame.app.id, selection.range, { type });
    return (
      <AnalyticsFrame
        tab="reactivation"
        {...frame}
        selection={selection}
        timeZone={selection.timeZone}
        keep={type ? { type } : {}}
      >
        <ReactivationView
          report={report}
          type={type ?? ""}
          query={rangeQuery(frame.app.id, selection, frame.app.timezone)}
        />
      </AnalyticsFrame>
    );
  });
}
