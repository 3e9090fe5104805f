// Summary cards of one campaign: audience (with a recount), holdout, priority, TTL, collapse key,
// channels, throttle; and who submitted, approved, rejected or paused it.
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { DefinitionList } from "@/components/ui/definition-list";
import { microsToPrice, smsPolicyOf } from "@/lib/sms/policy";
import type { CampaignDetail } from "@/server/campaigns/queries";
import { RecountButton } from "./recount-button";
import { getTimeFormat } from "@/components/time/server-time";

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}

export async function CampaignSummary({ detail }: { detail: CampaignDetail }) {
  const t = await getTranslations("campaigns.detail");
  const channelNames = await getTranslations("enums.channel");
  const format = await getFormatter();
  const c = detail.campaign;
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
      <Stat label={t("audience")}>
        <span className="text-lg tabular-nums">
          {c.audienceEstimate === null ? t("notCounted") : format.number(c.audienceEstimate)}
        </span>
        <RecountButton
          appId={c.appId}
          appName={c.app.name}
          expression={detail.expression}
          testDevicesOnly={c.testDevicesOnly}
        />
      </Stat>
      <Stat label={t("holdout")}>{format.number(c.holdoutPercent / 100, { style: "percent" })}</Stat>
      <Stat label={t("priority")}>{t(`priorities.${c.priority}`)}</Stat>
      <Stat label={t("ttl")}>
        {c.ttlSeconds === null
          ? t("providerDefault")
          : t("ttlValue", { hours: Math.round((c.ttlSeconds / 3600) * 10) / 10, seconds: format.number(c.ttlSeconds) })}
      </Stat>
      <Stat label={t("collapseKey")}>
        {c.collapseKey ? <code className="font-mono text-xs">{c.collapseKey}</code> : t("none")}
      </Stat>
      <Stat label={t("channels")}>
        {c.channels.length ? c.channels.map((ch) => channelNames(ch)).join(", ") : t("allChannels")}
      </Stat>
      <Stat label={t("throttle")}>
        {c.throttlePerMinute === null
          ? t("unthrottled")
          : t("perMinute", { count: c.throttlePerMinute, formatted: format.number(c.throttlePerMinute) })}
      </Stat>
      <Stat label={t("approvalThreshold")}>
        {t("devicesCount", { count: c.app.approvalThreshold, formatted: format.number(c.app.approvalThreshold) })}
      </Stat>
      {c.smsMaxMessages !== null && c.smsMaxCostMicros !== null ? (
        <Stat label={t("smsBudget")}>
          {t("smsBudgetValue", {
            messages: format.number(c.smsMaxMessages),
            cost: `${microsToPrice(c.smsMaxCostMicros)} ${smsPolicyOf(c.app.smsPolicy).currency}`,
          })}
        </Stat>
      ) : null}
    </dl>
  );
}

export async function CampaignApproval({ detail }: { detail: CampaignDetail }) {
  const t = await getTranslations("campaigns.detail");
  const c = detail.campaign;
  const { time } = await getTimeFormat(c.app.timezone);
  const when = (d: Date | null) => (d ? time(d) : "—");
  const rows: [string, ReactNode][] = [
    [t("createdBy"), `${detail.createdBy ?? t("unknownUser")} · ${when(c.createdAt)}`],
    [
      t("submittedBy"),
      c.submittedById ? `${detail.submittedBy ?? t("unknownUser")} · ${when(c.submittedAt)}` : t("notSubmitted"),
    ],
    [t("approvedBy"), c.approvedById ? `${detail.approvedBy ?? t("unknownUser")} · ${when(c.approvedAt)}` : "—"],
  ];
  if (c.rejectionReason) rows.push([t("rejectionReason"), c.rejectionReason]);
  if (c.pausedReason) rows.push([t("pausedReason"), c.pausedReason]);
  if (c.startedAt) rows.push([t("startedAt"), when(c.startedAt)]);
  if (c.completedAt) rows.push([t("completedAt"), when(c.completedAt)]);
  return (
    <Card title={t("approvalTitle")}>
      <DefinitionList
        rows={rows}
        className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]"
        termClassName="font-medium text-slate-600"
        valueClassName="break-words text-slate-900"
      />
    </Card>
  );
}
