"use client";
// The range's campaigns with the most sends: sortable, exportable, each linking to its report.
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { Overview } from "@/lib/analytics/types";
import { countColumn, DataTable, rateColumn, type Column } from "../data-table";

type Row = Overview["topCampaigns"][number];
const typeTone = { news: "blue", announcement: "neutral", promotion: "green" } as const;

export function TopCampaignsTable({ rows, query }: { rows: Row[]; query: string }) {
  const t = useTranslations("analytics");
  const types = useTranslations("campaigns.type");
  const format = useFormatter();
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: t("overview.campaign"),
      value: (row) => row.name,
      cell: (row) => (
        <Link href={`/campaigns/${row.id}/report?${query}`} className="font-medium text-brand-700 hover:underline">
          {row.name}
        </Link>
      ),
    },
    {
      key: "type",
      header: t("overview.type"),
      value: (row) => types(row.type),
      cell: (row) => <Badge tone={typeTone[row.type]}>{types(row.type)}</Badge>,
    },
    countColumn(format, "sent", t("measures.sent")),
    countColumn(format, "opened", t("measures.opened")),
    rateColumn(format, "openRate", t("measures.openRate")),
    { key: "id", header: t("overview.campaignId"), value: (row) => row.id, csvOnly: true },
  ];
  return (
    <DataTable
      title={t("overview.topCampaigns")}
      description={t("overview.topCampaignsHint")}
      rows={rows}
      columns={columns}
      rowKey={(row) => row.id}
      fileName="top-campaigns"
      initialSort={{ key: "sent", direction: "desc" }}
      empty={t("overview.noCampaigns")}
    />
  );
}
