// Analytics overview (/analytics?app=&range=&from=&to=&tz=): an app's sends, receipts and opens over a range.
import { AnalyticsFrame } from "@/components/analytics/analytics-frame";
import { OverviewView } from "@/components/analytics/overview/overview-view";
import { rangeQuery, readRange } from "@/lib/analytics/range-params";
import { getOverview } from "@/server/analytics/queries";
import { analyticsPage, type SearchParams } from "./analytics-page";

export const dynamic = "force-dynamic";

export default async function AnalyticsOverviewPage(props: { searchParams: Promise<SearchParams> }) {
  return analyticsPage(props.searchParams, async (params, frame) => {
    const selection = readRange(params, frame.app.timezone);
    const overview = await getOverview(frame.app.id, selection.range);
    return (
      <AnalyticsFrame tab="overview" {...frame} selection={selection} timeZone={selection.timeZone}>
        <OverviewView
          overview={overview}
          selection={selection}
          appName={frame.app.name}
          query={rangeQuery(frame.app.id, selection, frame.app.timezone)}
        />
      </AnalyticsFrame>
    );
  });
}
