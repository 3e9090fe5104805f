// The device trace: the searched installation's details, then every campaign that reached (or
// skipped) it with each step as a timeline, then its recent app activity; clear empty states.
import { ArrowLeft, Route, SearchX, Smartphone } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { StatusBadge } from "@/components/devices/device-badges";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { deviceHref, traceHref } from "@/lib/analytics/delivery-list";
import type { DeviceTrace } from "@/lib/analytics/types";
import { dateTimeLabel } from "../format";
import { TraceTimeline } from "./trace-timeline";

const deliveryTones = {
  queued: "neutral",
  sent: "blue",
  delivered: "green",
  failed: "red",
  suppressed: "amber",
} as const;

export async function TraceView({
  trace,
  installationId,
  appId,
  appName,
  timeZone,
  campaignId,
  back,
}: {
  trace: DeviceTrace | null;
  // The ID searched for (installation ID or device ID), "" when none or not a UUID.
  installationId: string;
  appId: string;
  appName: string;
  timeZone: string;
  // The trace is narrowed to this campaign.
  campaignId?: string;
  // The per-device list the user came from.
  back?: string;
}) {
  const t = await getTranslations("analytics.trace");
  const linked = await getTranslations("linked.trace");
  const enums = await getTranslations("enums");
  const format = await getFormatter();
  if (!installationId) {
    return (
      <EmptyState icon={<Route className="size-10" />} title={t("startTitle")}>
        {linked("startBody", { app: appName })}
      </EmptyState>
    );
  }
  if (!trace) {
    return (
      <EmptyState icon={<SearchX className="size-10" />} title={t("notFoundTitle")}>
        {linked("notFoundBody", { id: installationId, app: appName })}
      </EmptyState>
    );
  }
  const d = trace.device;
  const names = new Map(trace.deliveries.map((delivery) => [delivery.campaignId, delivery.campaignName]));
  const facts: Array<[string, React.ReactNode]> = [
    [t("device.platform"), enums.has(`platform.${d.platform}`) ? enums(`platform.${d.platform}`) : d.platform],
    [
      t("device.channel"),
      d.channels.map((c) => (enums.has(`channel.${c}`) ? enums(`channel.${c}`) : c)).join(", ") || "—",
    ],
    [
      t("device.status"),
      <StatusBadge
        key="s"
        status={d.status}
        label={enums.has(`status.${d.status}`) ? enums(`status.${d.status}`) : d.status}
      />,
    ],
    [t("device.locale"), d.locale ?? "—"],
    [t("device.timezone"), d.timezone ?? "—"],
    [
      t("device.lastActive"),
      <time key="t" dateTime={d.lastActiveAt}>
        {dateTimeLabel(format, d.lastActiveAt, timeZone)}
      </time>,
    ],
  ];
  const removed = trace.removedBefore;
  const day = (value: string | null) =>
    value
      ? format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" })
      : t("removedNothing");
  const deviceLink = `${deviceHref(appId, d.id)}${back ? `&back=${encodeURIComponent(back)}` : ""}`;
  return (
    <div className="space-y-6">
      {back ? (
        <Link
          href={back}
          className="inline-flex items-center gap-1 text-sm text-brand-700 hover:underline"
          data-testid="trace-back"
        >
          <ArrowLeft className="size-4" aria-hidden />
          {linked("backToList")}
        </Link>
      ) : null}
      {removed.deliveries || removed.events ? (
        <Alert tone="info">
          <span data-testid="trace-removed">
            {t("removedBefore", { deliveries: day(removed.deliveries), events: day(removed.events) })}
          </span>
        </Alert>
      ) : null}
      <Card
        title={t("device.title")}
        actions={
          <Link href={deviceLink} className="text-sm text-brand-700 hover:underline">
            {t("device.open")}
          </Link>
        }
      >
        <p className="mb-3 font-mono text-sm break-all text-slate-800" data-testid="trace-installation">
          {d.installationId}
        </p>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm md:grid-cols-3 xl:grid-cols-6">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="mt-0.5 text-slate-800">{value}</dd>
            </div>
          ))}
        </dl>
        {d.tags.length ? (
          <ul className="mt-3 flex flex-wrap gap-1" aria-label={t("device.tags")}>
            {d.tags.map((tag) => (
              <li key={tag}>
                <Badge>{tag}</Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <section aria-labelledby="trace-campaigns" className="space-y-3">
        <h2 id="trace-campaigns" className="text-base font-semibold text-slate-900">
          {t("campaigns", { count: trace.deliveries.length })}
        </h2>
        {campaignId ? (
          <p className="text-sm text-slate-600" data-testid="trace-one-campaign">
            {linked("oneCampaign", { campaign: names.get(campaignId) ?? campaignId })}{" "}
            <Link href={traceHref(appId, d.installationId, { back })} className="text-brand-700 hover:underline">
              {linked("allCampaigns")}
            </Link>
          </p>
        ) : null}
        {trace.deliveries.length === 0 ? (
          <EmptyState icon={<Smartphone className="size-10" />} title={t("noDeliveriesTitle")}>
            {t("noDeliveriesBody")}
          </EmptyState>
        ) : (
          trace.deliveries.map((delivery) => (
            <article
              key={`${delivery.campaignId}-${delivery.run}`}
              className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
              data-testid="trace-delivery"
            >
              <header className="mb-4 flex flex-wrap items-center gap-2">
                <Link
                  href={`/campaigns/${delivery.campaignId}/report`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {delivery.campaignName}
                </Link>
                <Badge tone={deliveryTones[delivery.status as keyof typeof deliveryTones] ?? "neutral"}>
                  {t.has(`status.${delivery.status}`) ? t(`status.${delivery.status}`) : delivery.status}
                </Badge>
                <span className="text-xs text-slate-500">
                  {[
                    delivery.run > 1 ? t("run", { run: delivery.run }) : null,
                    delivery.variantKey ? t("variant", { variant: delivery.variantKey }) : null,
                    enums.has(`channel.${delivery.channel}`) ? enums(`channel.${delivery.channel}`) : delivery.channel,
                    delivery.attempts > 1 ? t("attempts", { count: delivery.attempts }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </header>
              <TraceTimeline delivery={delivery} timeZone={timeZone} />
            </article>
          ))
        )}
      </section>
      <Card title={t("events")}>
        {trace.events.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noEvents")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {trace.events.map((event, index) => (
              <li key={`${event.type}-${event.at}-${index}`} className="flex justify-between gap-4 py-1.5">
                <span className="text-slate-800">
                  {event.name ?? (t.has(`steps.${event.type}`) ? t(`steps.${event.type}`) : event.type)}
                  {event.campaignId && names.has(event.campaignId) ? (
                    <span className="ml-2 text-xs text-slate-500">{names.get(event.campaignId)}</span>
                  ) : null}
                </span>
                <time dateTime={event.at} className="tabular-nums text-slate-500">
                  {dateTimeLabel(format, event.at, timeZone, true)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
