// One campaign: header with its lifecycle buttons ("Resend to failed" once it completed with devices
// that failed transiently), summary, content, audience, schedule with the planned waves, approval
// details and the audit trail.
import { ArrowLeft, ChartColumn, Pencil } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requiresApproval } from "@/lib/campaigns/state";
import { testSendFields } from "@/lib/campaigns/test-send";
import type { Schedule } from "@/lib/schedule";
import type { CampaignDetail as Detail } from "@/server/campaigns/queries";
import type { CampaignProgress as Progress } from "@/lib/campaigns/types";
import { CampaignActions } from "./campaign-actions";
import { ChannelLimitNotice } from "./channel-limit-notice";
import { CampaignProgress } from "./campaign-progress";
import { CampaignAudit } from "./campaign-audit";
import { CampaignTypeBadge } from "./campaign-badges";
import { CampaignLive, LiveStateBadge, LiveStateBanner } from "./campaign-live";
import { CampaignAudience, CampaignVariants } from "./campaign-content";
import { CampaignApproval, CampaignSummary } from "./campaign-summary";
import { CampaignWaves } from "./campaign-waves";
import { ResendFailedButton } from "./resend-failed-button";
import { RolloutCard } from "./rollout-card";
import type { RolloutView } from "@/lib/campaigns/rollout";
import { describeSchedule } from "./schedule-text";
import { CampaignTemplateButtons } from "./template-buttons";
import { getTimeFormat } from "@/components/time/server-time";
import { StoredTestSend } from "./composer/test-send";

// `editable`: the user may open the composer on it; `saved`: the composer just saved it;
// `mayWrite`: the user may write this type of campaign (duplicate it, save it as a template).
// `progress`: delivery progress once the campaign has started (or was stopped).
export async function CampaignDetail({
  detail,
  events,
  editable = false,
  saved,
  mayWrite = false,
  progress,
  rollout,
}: {
  detail: Detail;
  events: string[];
  editable?: boolean;
  saved?: "created" | "updated";
  mayWrite?: boolean;
  progress?: Progress | null;
  // The A/B roll-out (test share first, then the winner), when the campaign has one.
  rollout?: RolloutView | null;
}) {
  const t = await getTranslations("campaigns");
  const progressText = await getTranslations("dispatch.progress");
  const scheduleText = await getTranslations("campaigns.schedule");
  const format = await getFormatter();
  const analytics = await getTranslations("analytics.report");
  const c = detail.campaign;
  const firstWave = detail.plan?.ok ? detail.plan.waves[0] : undefined;
  // Whether submitting now would wait for a second person (the button then says so).
  const approvalNeeded = requiresApproval(
    { type: c.type, breaking: c.breaking, audience: detail.plan?.ok ? detail.plan.audience : 0 },
    c.app.approvalThreshold,
  );
  const { time: zoneTime, zone } = await getTimeFormat(c.app.timezone);
  // The state badge, the banner and the progress card follow one live source (campaign-live.tsx).
  return (
    <CampaignLive campaignId={c.id} state={c.state} initial={progress ?? null}>
      <Link
        href={`/campaigns?app=${c.appId}`}
        className="mb-3 inline-flex items-center gap-1 text-sm text-brand-700 hover:underline"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("detail.back")}
      </Link>
      <PageHeader
        title={c.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <CampaignTypeBadge type={c.type} breaking={c.breaking} />
            <LiveStateBadge state={c.state} />
            <span>{t("detail.inApp", { app: c.app.name })}</span>
          </span>
        }
        actions={
          <>
            {c.startedAt ? (
              <Button variant="secondary" asChild>
                <Link href={`/campaigns/${c.id}/report`}>
                  <ChartColumn className="size-4" aria-hidden />
                  {analytics("open")}
                </Link>
              </Button>
            ) : null}
            {mayWrite ? <CampaignTemplateButtons campaignId={c.id} campaignName={c.name} /> : null}
            {mayWrite && c.state === "draft" ? <StoredTestSend campaign={testSendFields(c)} /> : null}
            {editable ? (
              <Button variant="secondary" asChild>
                <Link href={`/campaigns/${c.id}/edit`}>
                  <Pencil className="size-4" aria-hidden />
                  {t("composer.editButton")}
                </Link>
              </Button>
            ) : null}
          </>
        }
      />
      {saved && c.state === "draft" ? (
        <Alert tone="success" className="mb-4">
          {t(saved === "created" ? "composer.savedCreated" : "composer.savedUpdated")}
        </Alert>
      ) : null}
      <div className="space-y-6">
        <ChannelLimitNotice campaign={c} editable={editable} />
        <CampaignActions
          campaignId={c.id}
          campaignName={c.name}
          scheduleText={describeSchedule(c.schedule as unknown as Schedule, scheduleText)}
          appName={c.app.name}
          events={events}
          approvalNeeded={approvalNeeded}
          wholeApp={detail.wholeApp}
          audienceText={
            detail.plan?.ok
              ? t("detail.devicesCount", {
                  count: detail.plan.audience,
                  formatted: format.number(detail.plan.audience),
                })
              : null
          }
          firstWaveText={firstWave ? zoneTime(firstWave.at) : null}
        />
        <LiveStateBanner sendNow={(c.schedule as unknown as Schedule).kind === "now"} />
        {mayWrite && detail.resendable > 0 ? (
          <ResendFailedButton campaignId={c.id} appName={c.app.name} count={detail.resendable} />
        ) : null}
        {c.resentAt ? (
          <p className="text-sm text-slate-600">{t("actions.resendFailed.resentAt", { time: zoneTime(c.resentAt) })}</p>
        ) : null}
        {progress ? (
          <Card title={progressText("title")}>
            <CampaignProgress campaignId={c.id} initial={progress} />
          </Card>
        ) : null}
        {rollout ? (
          <RolloutCard campaignId={c.id} view={rollout} mayWrite={mayWrite} timeZone={c.app.timezone} />
        ) : null}
        <CampaignSummary detail={detail} />
        <div className="grid gap-6 lg:grid-cols-2">
          <CampaignAudience detail={detail} />
          <Card title={t("detail.scheduleTitle")}>
            <p className="text-sm text-slate-800">
              {describeSchedule(c.schedule as unknown as Schedule, scheduleText)}
            </p>
            {c.firstWaveAt ? (
              <p className="mt-1 text-xs text-slate-500">
                {t("detail.firstWaveAt", { time: zoneTime(c.firstWaveAt), zone })}
              </p>
            ) : null}
          </Card>
        </div>
        <CampaignVariants detail={detail} />
        {detail.plan ? (
          <Card title={t("waves.title")}>
            <CampaignWaves plan={detail.plan} timeZone={zone} />
          </Card>
        ) : null}
        <CampaignApproval detail={detail} />
        <Card title={t("audit.title")}>
          <CampaignAudit entries={detail.audit} timeZone={c.app.timezone} />
        </Card>
      </div>
    </CampaignLive>
  );
}
