// Editing a campaign that has not started sending (/campaigns/<id>/edit). Only users who may write
// its type get here; a campaign past editing sends them back to its page.
import { notFound, redirect } from "next/navigation";
import { ComposerPage } from "@/components/campaigns/composer/composer-page";
import { draftFromValues } from "@/lib/campaigns/draft";
import { typePermission } from "@/lib/campaigns/state";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";
import { composerTimeZones, listComposerSegments, loadCampaignForEdit } from "@/server/campaigns/composer-data";

export const dynamic = "force-dynamic";

export default async function EditCampaignPage(props: { params: Promise<{ campaignId: string }> }) {
  const user = await requirePageUser("campaigns.view");
  const { campaignId } = await props.params;
  const loaded = await loadCampaignForEdit(campaignId);
  if (!loaded) notFound();
  if (!can(user, typePermission(loaded.type))) redirect("/forbidden");
  if (!loaded.editable) redirect(`/campaigns/${campaignId}`);
  const segments = await listComposerSegments(loaded.app.id);
  return (
    <ComposerPage
      mode="edit"
      app={loaded.app}
      initial={draftFromValues(loaded.values, loaded.app.timezone)}
      types={[loaded.type]}
      segments={segments}
      zones={composerTimeZones()}
      campaign={{ id: campaignId, state: loaded.state, name: loaded.values.campaign.name }}
    />
  );
}
