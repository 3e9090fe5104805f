// The Campaigns page body: app picker, "waiting for your approval", filters, the campaigns and page links.
import { Megaphone, Plus } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { CampaignType } from "@/lib/campaigns/state";
import type { CampaignListQuery, CampaignListRow } from "@/server/campaigns/queries";
import type { TemplateListRow } from "@/lib/campaigns/types";
import { AppPicker } from "@/components/shell/app-picker";
import { CampaignFilters } from "./campaign-filters";
import { CampaignTable } from "./campaign-table";
import { TemplatesSection } from "./templates-section";

export interface CampaignsViewProps {
  apps: { id: string; name: string }[];
  app: { id: string; name: string; timezone: string };
  query: CampaignListQuery;
  rows: CampaignListRow[];
  total: number;
  pageCount: number;
  queue: CampaignListRow[];
  mayApprove: boolean;
  // The user's role may create at least one type of campaign.
  mayCreate: boolean;
  // The app's campaign templates, and the types the user may start from or delete.
  templates?: TemplateListRow[];
  writableTypes?: readonly CampaignType[];
}

function pageHref(appId: string, query: CampaignListQuery, page: number) {
  const params = new URLSearchParams({ app: appId });
  if (query.state) params.set("state", query.state);
  if (query.type) params.set("type", query.type);
  if (page > 1) params.set("page", String(page));
  return `/campaigns?${params.toString()}`;
}

export async function CampaignsView({
  apps,
  app,
  query,
  rows,
  total,
  pageCount,
  queue,
  mayApprove,
  mayCreate,
  templates = [],
  writableTypes = [],
}: CampaignsViewProps) {
  const t = await getTranslations("campaigns");
  const common = await getTranslations("common");
  const filtered = Boolean(query.state || query.type);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <AppPicker apps={apps} appId={app.id} basePath="/campaigns" />
            {mayCreate ? (
              <Button asChild>
                <Link href={`/campaigns/new?app=${app.id}`}>
                  <Plus className="size-4" aria-hidden />
                  {t("composer.newButton")}
                </Link>
              </Button>
            ) : null}
          </>
        }
      />
      {mayApprove && queue.length ? (
        <section
          aria-labelledby="approval-queue"
          className="mb-6 rounded-lg border border-amber-200 bg-amber-50/60 p-4"
        >
          <h2 id="approval-queue" className="mb-1 text-base font-semibold text-amber-900">
            {t("queue.title")}
          </h2>
          <p className="mb-3 text-sm text-amber-900/80">{t("queue.description", { count: queue.length })}</p>
          <CampaignTable rows={queue} appId={app.id} timeZone={app.timezone} label={t("queue.title")} />
        </section>
      ) : null}
      <CampaignFilters key={`${query.state}-${query.type}`} appId={app.id} state={query.state} type={query.type} />
      {rows.length === 0 ? (
        <EmptyState
          icon={<Megaphone className="size-10" />}
          title={filtered || query.page > 1 ? t("empty.filteredTitle") : t("empty.title")}
          action={
            filtered ? (
              <Button variant="secondary" asChild>
                <Link href={`/campaigns?app=${app.id}`}>{t("filters.reset")}</Link>
              </Button>
            ) : null
          }
        >
          {filtered ? t("empty.filteredBody") : t("empty.body", { app: app.name })}
        </EmptyState>
      ) : (
        <CampaignTable rows={rows} appId={app.id} timeZone={app.timezone} label={t("listLabel")} />
      )}
      <nav
        aria-label={t("pagination")}
        className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600"
      >
        <p>
          <span className="font-medium text-slate-800">{t("total", { count: total })}</span>{" "}
          <span className="ml-2">{t("pageInfo", { page: query.page, pages: pageCount })}</span>
        </p>
        <div className="flex gap-2">
          {query.page > 1 ? (
            <Button variant="secondary" size="sm" asChild>
              <Link href={pageHref(app.id, query, query.page - 1)} rel="prev">
                {common("previous")}
              </Link>
            </Button>
          ) : (
            <Button variant="secondary" size="sm" disabled>
              {common("previous")}
            </Button>
          )}
          {query.page < pageCount ? (
            <Button variant="secondary" size="sm" asChild>
              <Link href={pageHref(app.id, query, query.page + 1)} rel="next">
                {common("next")}
              </Link>
            </Button>
          ) : (
            <Button variant="secondary" size="sm" disabled>
              {common("next")}
            </Button>
          )}
        </div>
      </nav>
      <TemplatesSection appId={app.id} templates={templates} writableTypes={writableTypes} />
    </>
  );
}
