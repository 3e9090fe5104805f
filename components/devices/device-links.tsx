// Below a device's details: the way to its trace (and back to the per-device list it was reached from) and the
// campaigns that targeted it lately, each linking to its report and to this device's trace of it.
import { ArrowLeft, Route } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { traceHref, type DeviceCampaign } from "@/lib/analytics/delivery-list";

const tones = {
  queued: "neutral",
  sent: "blue",
  delivered: "green",
  failed: "red",
  suppressed: "amber",
} as const;

export async function DeviceLinks({
  appId,
  installationId,
  campaigns,
  timeZone,
  back,
}: {
  appId: string;
  installationId: string;
  campaigns: DeviceCampaign[];
  timeZone: string;
  back?: string;
}) {
  const t = await getTranslations("linked");
  const status = await getTranslations("analytics.trace.status");
  const format = await getFormatter();
  return (
    <div className="mt-6 space-y-3">
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <Link
          href={traceHref(appId, installationId, { back })}
          className="inline-flex items-center gap-1 font-medium text-brand-700 hover:underline"
          data-testid="device-trace-link"
        >
          <Route className="size-4" aria-hidden />
          {t("device.trace")}
        </Link>
        {back ? (
          <Link href={back} className="inline-flex items-center gap-1 text-brand-700 hover:underline">
            <ArrowLeft className="size-4" aria-hidden />
            {t("trace.backToList")}
          </Link>
        ) : null}
      </div>
      <Card title={t("device.campaigns")}>
        <p className="mb-3 text-xs text-slate-500">
          {t("device.campaignsHint")} {t("list.zone", { zone: timeZone })}
        </p>
        {campaigns.length === 0 ? (
          <p className="text-sm text-slate-500">{t("device.noCampaigns")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="device-campaigns">
            {campaigns.map((c) => (
              <li key={`${c.campaignId}-${c.run}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <Link href={`/campaigns/${c.campaignId}/report`} className="font-medium text-brand-700 hover:underline">
                  {c.campaignName}
                </Link>
                <Badge tone={tones[c.status as keyof typeof tones] ?? "neutral"}>
                  {status.has(c.status) ? status(c.status) : c.status}
                </Badge>
                <time dateTime={c.queuedAt} className="text-xs tabular-nums text-slate-500">
                  {t("device.targetedAt", {
                    at: format.dateTime(new Date(c.queuedAt), { dateStyle: "medium", timeStyle: "short", timeZone }),
                  })}
                </time>
                <Link
                  href={traceHref(appId, installationId, { campaignId: c.campaignId })}
                  className="ml-auto text-xs text-brand-700 hover:underline"
                >
                  {t("device.traceCampaign")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
