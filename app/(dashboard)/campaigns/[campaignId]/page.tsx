// One campaign (/campaigns/<campaignId>) with the lifecycle buttons the signed-in user may use.
import { notFound } from "next/navigation";
import { CampaignDetail } from "@/components/campaigns/campaign-detail";
import { availableEvents, typePermission } from "@/lib/campaigns/state";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";
import { campaignProgress } from "@/server/campaigns/progress";
import { getCampaignDetail } from "@/server/campaigns/queries";
import { getRolloutView } from "@/server/campaigns/rollout";
import { TimeZoneScope } from "@/components/time/time-zone-context";
import { displayZone } from "@/server/preferences/time-zone";

export const dynamic = "force-dynamic";

export default async function CampaignPage(props: {
  params: Promise<{ campaignId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("campaigns.view");
  const detail = await getCampaignDetail((await props.params).campaignId);
  if (!detail) notFound();
  const c = detail.campaign;
  const facts = {
    state: c.state,
    type: c.type,
    breaking: c.breaking,
    audience: c.audienceEstimate ?? 0,
    submittedById: c.submittedById,
    started: c.startedAt !== null,
  };
  // Editing belongs to the composer (an Edit link here); the buttons are the other moves.
  const available = availableEvents(facts, user, c.app.approvalThreshold);
  const events = available.filter((event) => event !== "edit");
  // The composer comes back here with ?saved=created|updated after saving.
  const saved = (await props.searchParams).saved;
  // Progress from the moment it is scheduled (waves exist) through to the end.
  const progress = ["scheduled", "sending", "paused", "completed", "cancelled", "failed"].includes(c.state)
    ? await campaignProgress(c.id, true)
    : null;
  return (
    <TimeZoneScope zone={await displayZone(c.app.timezone)}>
      <CampaignDetail
        detail={detail}
        events={events}
        editable={available.includes("edit")}
        saved={saved === "created" || saved === "updated" ? saved : undefined}
        mayWrite={can(user, typePermission(c.type))}
        progress={progress}
        rollout={await getRolloutView(c.id)}
      />
    </TimeZoneScope>
  );
}
