// The per-device list of a campaign: the outcome as links (and a plain GET form for the reason and the error code),
// the devices a page at a time, each linking to its trace of this campaign, and the CSV export of the filter.
import { ArrowLeft, Download } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { CodeInput, NativeSelect } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { ListTable, Td, Tr } from "@/components/ui/table";
import { cn } from "@/lib/cn";
import {
  deliveryExportLimit,
  deliveryListHref,
  deliveryOutcomes,
  suppressionReasons,
  traceHref,
  type DeliveryListPage,
  type DeliveryListQuery,
} from "@/lib/analytics/delivery-list";

const tones = {
  queued: "neutral",
  sent: "blue",
  delivered: "green",
  failed: "red",
  suppressed: "amber",
} as const;

export async function DeliveryListView({
  campaign,
  app,
  query,
  page,
  timeZone,
}: {
  campaign: { id: string; name: string };
  app: { id: string; name: string; timezone: string };
  query: DeliveryListQuery;
  page: DeliveryListPage;
  timeZone: string;
}) {
  const t = await getTranslations("linked.list");
  const enums = await getTranslations("enums");
  const status = await getTranslations("analytics.trace.status");
  const reasons = await getTranslations("dispatch.progress.reasons");
  const format = await getFormatter();
  const { filter } = query;
  const zoneQuery = timeZone !== app.timezone ? `tz=${encodeURIComponent(timeZone)}` : "";
  const withZone = (href: string) => (zoneQuery ? `${href}${href.includes("?") ? "&" : "?"}${zoneQuery}` : href);
  // What the rows' links hand on: this very list (without the zone, which the trace keeps on its own).
  const here = deliveryListHref(campaign.id, filter, query.after);
  const reasonLabel = (key: string) => (reasons.has(key) ? reasons(key) : key);
  const enumLabel = (group: string, key: string) => (enums.has(`${group}.${key}`) ? enums(`${group}.${key}`) : key);
  const when = (at: string | null) =>
    at ? (
      <time dateTime={at} className="whitespace-nowrap tabular-nums">
        {format.dateTime(new Date(at), { dateStyle: "short", timeStyle: "short", timeZone })}
      </time>
    ) : (
      <span className="text-slate-400">—</span>
    );
  const exportQuery = new URLSearchParams();
  if (filter.outcome !== "all") exportQuery.set("outcome", filter.outcome);
  if (filter.reason) exportQuery.set("reason", filter.reason);
  if (filter.error) exportQuery.set("error", filter.error);
  if (zoneQuery) exportQuery.set("tz", timeZone);
  const exportHref = `/campaigns/${campaign.id}/deliveries/export${exportQuery.size ? `?${exportQuery}` : ""}`;
  return (
    <>
      <Link
        href={withZone(`/campaigns/${campaign.id}/report`)}
        className="mb-3 inline-flex items-center gap-1 text-sm text-brand-700 hover:underline"
      >
        <ArrowLeft className="size-4" aria-hidden />
        {t("back")}
      </Link>
      <PageHeader
        title={t("title", { name: campaign.name })}
        description={t("description")}
        actions={
          page.total > 0 ? (
            <Button asChild variant="secondary" size="sm">
              <a
                href={exportHref}
                download
                title={t("exportHint", { count: format.number(deliveryExportLimit) })}
                data-testid="delivery-export"
              >
                <Download className="size-4" aria-hidden />
                {t("export")}
              </a>
            </Button>
          ) : null
        }
      />
      {query.ignored.length ? (
        <Alert tone="info" className="mb-4">
          {t("ignored", { names: query.ignored.join(", ") })}
        </Alert>
      ) : null}
      <nav aria-label={t("outcome")} className="mb-3 flex flex-wrap gap-2">
        {deliveryOutcomes.map((outcome) => (
          <Link
            key={outcome}
            href={withZone(deliveryListHref(campaign.id, { outcome }))}
            aria-current={filter.outcome === outcome ? "page" : undefined}
            className={cn(
              "rounded-full border px-3 py-1 text-sm",
              filter.outcome === outcome
                ? "border-brand-600 bg-brand-600 text-white"
                : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {t(`outcomes.${outcome}`)}
          </Link>
        ))}
      </nav>
      {filter.outcome === "suppressed" || filter.outcome === "failed" ? (
        <form
          method="get"
          action={`/campaigns/${campaign.id}/deliveries`}
          aria-label={t("filters")}
          className="mb-4 flex flex-wrap items-end gap-3"
        >
          <input type="hidden" name="outcome" value={filter.outcome} />
          {zoneQuery ? <input type="hidden" name="tz" value={timeZone} /> : null}
          {filter.outcome === "suppressed" ? (
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
              {t("reason")}
              <NativeSelect name="reason" defaultValue={filter.reason ?? ""} className="min-w-64">
                <option value="">{t("anyReason")}</option>
                {suppressionReasons.map((reason) => (
                  <option key={reason} value={reason}>
                    {reasonLabel(reason)}
                  </option>
                ))}
              </NativeSelect>
            </label>
          ) : (
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
              {t("errorCode")}
              <CodeInput
                name="error"
                defaultValue={filter.error ?? ""}
                placeholder={t("errorPlaceholder")}
                maxLength={120}
                className="min-w-64 font-mono"
              />
            </label>
          )}
          <Button type="submit" variant="secondary">
            {t("apply")}
          </Button>
        </form>
      ) : null}
      <p className="mb-2 text-sm text-slate-600">
        <span className="font-semibold text-slate-900" data-testid="delivery-total">
          {t("total", { count: page.total })}
        </span>
        {filter.reason ? ` · ${reasonLabel(filter.reason)}` : ""}
        {filter.error ? (
          <>
            {" · "}
            <code className="font-mono">{filter.error}</code>
          </>
        ) : null}{" "}
        · {t("zone", { zone: timeZone })}
      </p>
      {page.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ListTable
          label={t("caption")}
          headings={[
            { label: t("columns.device") },
            { label: t("columns.platform") },
            { label: t("columns.variant") },
            { label: t("columns.channel") },
            { label: t("columns.status") },
            { label: t("columns.detail") },
            { label: t("columns.queuedAt") },
            { label: t("columns.sentAt") },
            { label: t("columns.deliveredAt") },
            { label: t("columns.openedAt") },
          ]}
        >
          {page.rows.map((row) => (
            <Tr key={`${row.run}-${row.deviceId}`} data-testid="delivery-row">
              <Td>
                <Link
                  href={traceHref(app.id, row.installationId, {
                    campaignId: campaign.id,
                    back: here,
                    ...(zoneQuery ? { timeZone } : {}),
                  })}
                  aria-label={t("traceOf", { id: row.installationId })}
                  title={row.installationId}
                  className="font-mono text-xs text-brand-700 hover:underline"
                >
                  {row.installationId.slice(0, 8)}…
                </Link>
              </Td>
              <Td>{enumLabel("platform", row.platform)}</Td>
              <Td>{row.variantKey ?? t("holdout")}</Td>
              <Td>{enumLabel("channel", row.channel)}</Td>
              <Td>
                <Badge tone={tones[row.status as keyof typeof tones] ?? "neutral"}>
                  {status.has(row.status) ? status(row.status) : row.status}
                </Badge>
              </Td>
              <Td className="max-w-56 text-xs">
                {row.status === "suppressed" && row.reason ? (
                  reasonLabel(row.reason)
                ) : row.errorCode ? (
                  <code className="font-mono break-all text-red-700">{row.errorCode}</code>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </Td>
              <Td className="text-xs">{when(row.queuedAt)}</Td>
              <Td className="text-xs">{when(row.sentAt)}</Td>
              <Td className="text-xs">{when(row.deliveredAt)}</Td>
              <Td className="text-xs">{when(row.openedAt)}</Td>
            </Tr>
          ))}
        </ListTable>
      )}
      {query.after || page.next ? (
        <nav className="mt-4 flex gap-3" aria-label={t("caption")}>
          {query.after ? (
            <Link
              href={withZone(deliveryListHref(campaign.id, filter))}
              className="text-sm text-brand-700 hover:underline"
            >
              {t("first")}
            </Link>
          ) : null}
          {page.next ? (
            <Link
              href={withZone(deliveryListHref(campaign.id, filter, page.next))}
              className="text-sm text-brand-700 hover:underline"
              rel="next"
            >
              {t("next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
