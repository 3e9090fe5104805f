// Device trace (/analytics/trace?app=&installationId=&campaign=&back=&tz=): every step of one device, per campaign.
// `installationId` takes either the installation ID or the device ID; `campaign` narrows it to one campaign and
// `back` is the per-device list the user came from.
import { z } from "zod";
import { AnalyticsFrame } from "@/components/analytics/analytics-frame";
import { TraceSearch } from "@/components/analytics/trace/trace-search";
import { TraceTestSends } from "@/components/analytics/trace/trace-test-sends";
import { TraceView } from "@/components/analytics/trace/trace-view";
import { safeBackHref } from "@/lib/analytics/delivery-list";
import { readTimeZone } from "@/lib/analytics/range-params";
import { getDeviceTrace } from "@/server/analytics/queries";
import { deviceTestSends } from "@/server/analytics/test-sends";
import { analyticsPage, type SearchParams } from "../analytics-page";

export const dynamic = "force-dynamic";

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function DeviceTracePage(props: { searchParams: Promise<SearchParams> }) {
  return analyticsPage(props.searchParams, async (params, frame) => {
    const timeZone = readTimeZone(params, frame.app.timezone);
    const installationId = (one(params.installationId) ?? "").trim().slice(0, 200);
    const valid = z.uuid().safeParse(installationId).success;
    const asked = one(params.campaign);
    const campaignId = asked && z.uuid().safeParse(asked).success ? asked : undefined;
    const back = safeBackHref(params.back);
    const trace = valid ? await getDeviceTrace(frame.app.id, installationId, { campaignId }) : null;
    const keep = {
      ...(installationId ? { installationId } : {}),
      ...(campaignId ? { campaign: campaignId } : {}),
      ...(back ? { back } : {}),
    };
    const testSends = trace ? await deviceTestSends(trace.device.id) : [];
    return (
      <AnalyticsFrame tab="trace" {...frame} timeZone={timeZone} keepForApp={keep}>
        <TraceSearch
          appId={frame.app.id}
          timeZone={timeZone}
          appZone={frame.app.timezone}
          installationId={installationId}
          invalid={installationId !== "" && !valid}
        />
        <TraceView
          trace={trace}
          installationId={valid ? installationId : ""}
          appId={frame.app.id}
          appName={frame.app.name}
          timeZone={timeZone}
          campaignId={campaignId}
          back={back}
        />
        <TraceTestSends sends={testSends} timeZone={timeZone} />
      </AnalyticsFrame>
    );
  });
}
