// Segments: an app's saved audiences with their live size and campaign usage (?app=<id> picks the app).
import { SegmentsView, SegmentsWithoutApps } from "@/components/segments/segments-view";
import { requirePageUser } from "@/server/auth/session";
import { loadSegmentsPage } from "@/server/segments/queries";
import { canManageSegments } from "@/server/segments/schema";
import { setRequestTimeZone } from "@/components/time/server-time";
import { displayZoneOfApp } from "@/server/preferences/time-zone";

export const dynamic = "force-dynamic";

export default async function SegmentsPage(props: { searchParams: Promise<{ app?: string | string[] }> }) {
  const user = await requirePageUser("campaigns.view");
  const { app } = await props.searchParams;
  const now = new Date();
  const data = await loadSegmentsPage(typeof app === "string" ? app : undefined, now);
  if (!data) return <SegmentsWithoutApps />;
  setRequestTimeZone(await displayZoneOfApp(data.appId));
  return (
    <SegmentsView
      apps={data.apps}
      appId={data.appId}
      unknownApp={data.unknownApp}
      segments={data.segments}
      counts={data.counts}
      canManage={canManageSegments(user)}
      now={now}
    />
  );
}
