// The audit log page body: filters, the entries (newest first) and page links.
import { History } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { AuditFilters as Filters } from "@/server/audit/queries";
import { targetIdText, targetLabel } from "@/lib/audit/labels";
import type { AuditRow } from "@/lib/audit/types";
import { AuditTable } from "./audit-table";
import { AuditFilters } from "./audit-filters";
import { messageLookup } from "./message-lookup";

interface Props {
  filters: Filters;
  rows: AuditRow[];
  hasNext: boolean;
  actions: string[];
  apps: { id: string; name: string }[];
}

function pageHref(filters: Filters, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (key !== "page" && value) params.set(key, String(value));
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/audit?${query}` : "/audit";
}

export async function AuditLog({ filters, rows, hasNext, actions, apps }: Props) {
  const t = await getTranslations("audit");
  const common = await getTranslations("common");
  const lookup = await messageLookup();
  const filtered = Object.entries(filters).some(([key, value]) => key !== "page" && value);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <AuditFilters filters={filters} actions={actions} apps={apps} />
      {rows.length === 0 ? (
        <EmptyState
          icon={<History className="size-10" />}
          title={filtered || filters.page > 1 ? t("emptyFiltered") : t("empty")}
        >
          {filtered ? t("emptyFilteredBody") : t("emptyBody")}
        </EmptyState>
      ) : (
        <AuditTable
          entries={rows}
          headers={{
            time: t("columns.time"),
            actor: t("columns.actor"),
            action: t("columns.action"),
            target: t("columns.target"),
            changes: t("columns.changes"),
          }}
          target={(row) => (
            <>
              <div>
                {targetLabel(row.targetType, lookup)}
                {row.targetId ? (
                  <>
                    : <span className="font-mono break-all">{targetIdText(row.targetType, row.targetId, lookup)}</span>
                  </>
                ) : null}
              </div>
              {row.appName ? <div className="text-slate-500">{t("inApp", { app: row.appName })}</div> : null}
            </>
          )}
        />
      )}
      <nav aria-label={t("pagination")} className="mt-4 flex items-center justify-between gap-2">
        {filters.page > 1 ? (
          <Button asChild variant="secondary" size="sm">
            <Link href={pageHref(filters, filters.page - 1)}>{common("previous")}</Link>
          </Button>
        ) : (
          <span />
        )}
        <span className="text-sm text-slate-600">{common("pageOf", { page: filters.page })}</span>
        {hasNext ? (
          <Button asChild variant="secondary" size="sm">
            <Link href={pageHref(filters, filters.page + 1)}>{common("next")}</Link>
          </Button>
        ) : (
          <span />
        )}
      </nav>
    </>
  );
}
