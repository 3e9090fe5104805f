// Device trace (/analytics/trace?app=&installationId=&tz=): every step of one installation, per campaign.
import { AnalyticsFrame } from "@/components/analytics/analytics-frame";
import { TraceSearch } from "@/components/analytics/trace/trace-search";
import { TraceTestSends } from "@/components/analytics/trace/trace-test-sends";
import { TraceView } from "@/components/analytics/trace/trace-view";
import { readTimeZone } from "@/lib/analytics/range-params";
import { getDeviceTrace } from "@/server/analytics/queries";
import { deviceTestSends } from "@/server/analytics/test-sends";
import { analyticsPage, type SearchParams } from "../analytics-page";

export const dynamic = "force-dynamic";

export default async function DeviceTracePage(props: { searchParams: Promise<SearchParams> }) {
  return analyticsPage(props.searchParams, async (params, frame) => {
    const timeZone = readTimeZone(params, frame.app.timezone);
    const asked = Array.isArray(params.installationId) ? params.installationId[0] : params.installationId;
    const installationId = (asked ?? "").trim().slice(0, 200);
    const trace = installationId ? await getDeviceTrace(frame.app.id, installationId) : null;
    const testSends = trace ? await deviceTestSends(trace.device.id) : [];
    return (
      <AnalyticsFrame tab="trace" {...frame} timeZone={timeZone} keepForApp={installationId ? { installationId } : {}}>
        <TraceSearch
          appId={frame.app.id}
          timeZone={timeZone}
          appZone={frame.app.timezone}
          installationId={installationId}
        />
        <TraceView trace={trace} installationId={installationId} appName={frame.app.name} timeZone={timeZone} />
        <TraceTestSends sends={testSends} timeZone={timeZone} />
      </AnalyticsFrame>
    );
  });
}
