// A new campaign (/campaigns/new?app=<id>&type=news|announcement|promotion&template=<id>): the
// composer for the types the user's role may create.
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ComposerPage } from "@/components/campaigns/composer/composer-page";
import { blankDraft, draftFromValues } from "@/lib/campaigns/draft";
import { NoAppsPage } from "@/components/devices/device-empty-states";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";
import {
  composerTimeZones,
  creatableTypes,
  listComposerSegments,
  loadComposerApps,
} from "@/server/campaigns/composer-data";
import { getTemplateDraft } from "@/server/campaigns/templates";

export const dynamic = "force-dynamic";

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function NewCampaignPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("campaigns.view");
  const types = creatableTypes(user);
  if (!types.length) redirect("/forbidden");
  const params = await props.searchParams;
  const loaded = await loadComposerApps(one(params.app));
  if (!loaded) {
    const t = await getTranslations("campaigns.composer");
    return <NoAppsPage title={t("newTitle")} canManageApps={can(user, "apps.manage")} />;
  }
  const { app, apps } = loaded;
  const requested = one(params.type);
  const type = types.find((candidate) => candidate === requested) ?? types[0];
  // ?template=<id>: start from a template of this app whose type the user may write.
  const templateId = one(params.template);
  const [template, segments] = await Promise.all([
    templateId ? getTemplateDraft(app.id, templateId) : null,
    listComposerSegments(app.id),
  ]);
  const usable = template && types.includes(template.campaign.type) ? template : null;
  const initial = usable ? draftFromValues(usable, app.timezone) : blankDraft(app.id, type, app.timezone);
  const notice =
    templateId && !usable ? (template ? "templateForbidden" : "templateMissing") : usable ? "fromTemplate" : undefined;
  return (
    <ComposerPage
      mode="new"
      app={app}
      apps={apps}
      initial={initial}
      types={types}
      segments={segments}
      zones={composerTimeZones()}
      notice={notice}
    />
  );
}
