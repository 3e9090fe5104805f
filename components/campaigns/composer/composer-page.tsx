// The composer pages' frame: back link, title (new, or editing which campaign), the app picker for a
// new campaign, and the composer itself.
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AppPicker } from "@/components/shell/app-picker";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import type { CampaignState } from "@/lib/campaigns/state";
import { CampaignComposer, type CampaignComposerProps } from "./campaign-composer";

// How the new form started when it was asked to start from a template.
export type ComposerNotice = "fromTemplate" | "templateMissing" | "templateForbidden";

type Props = Omit<CampaignComposerProps, "campaign"> & { notice?: ComposerNotice } & (
    | { mode: "new"; apps: { id: string; name: string }[]; campaign?: undefined }
    | { mode: "edit"; apps?: undefined; campaign: { id: string; state: CampaignState; name: string } }
  );

export async function ComposerPage({ mode, apps, campaign, notice, ...composer }: Props) {
  const t = await getTranslations("campaigns.composer");
  const back = campaign ? `/campaigns/${campaign.id}` : `/campaigns?app=${composer.app.id}`;
  return (
    <>
      <Link href={back} className="mb-3 inline-flex items-center gap-1 text-sm text-brand-700 hover:underline">
        <ArrowLeft className="size-4" aria-hidden />
        {campaign ? t("backToCampaign") : t("backToList")}
      </Link>
      <PageHeader
        title={mode === "edit" ? t("editTitle", { name: campaign.name }) : t("newTitle")}
        description={t("description", { app: composer.app.name })}
        actions={
          mode === "new" && apps.length > 1 ? (
            <AppPicker apps={apps} appId={composer.app.id} basePath="/campaigns/new" />
          ) : null
        }
      />
      {notice ? (
        <Alert tone={notice === "fromTemplate" ? "info" : "warning"} className="mx-auto mb-6 max-w-5xl">
          {t(`notices.${notice}`)}
        </Alert>
      ) : null}
      {/* A different app starts a different form. */}
      <CampaignComposer
        key={composer.app.id}
        {...composer}
        campaign={campaign ? { id: campaign.id, state: campaign.state } : undefined}
      />
    </>
  );
}
