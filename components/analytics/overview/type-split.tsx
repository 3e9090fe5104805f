"use client";
// Sends and opens by campaign type (news, announcements, promotions): a bar chart and its table.
import { useTranslations } from "next-intl";
import type { Overview } from "@/lib/analytics/types";
import { BarsChart } from "../charts/bars-chart";
import { measureColors } from "../charts/palette";
import { FunnelTable } from "../funnel-table";

export function TypeSplit({ rows }: { rows: Overview["byType"] }) {
  const t = useTranslations("analytics");
  const types = useTranslations("campaigns.type");
  const labels = Object.fromEntries(rows.map((row) => [row.type, types(row.type)]));
  const data = rows.map((row) => ({
    label: types(row.type),
    sent: row.sent,
    received: row.received,
    opened: row.opened,
  }));
  return (
    <div className="grid gap-6 xl:grid-cols-5">
      <section
        aria-labelledby="type-split-chart"
        className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm xl:col-span-2"
      >
        <h2 id="type-split-chart" className="mb-3 text-sm font-semibold text-slate-800">
          {t("overview.byType")}
        </h2>
        <BarsChart
          data={data}
          value="count"
          label={t("overview.byTypeChart")}
          series={[
            { key: "sent", name: t("measures.sent"), color: measureColors.sent },
            { key: "received", name: t("measures.received"), color: measureColors.received },
            { key: "opened", name: t("measures.opened"), color: measureColors.opened },
          ]}
        />
      </section>
      <FunnelTable
        title={t("overview.byTypeTable")}
        rows={rows.map((row) => ({ ...row, key: row.type }))}
        labels={labels}
        keyHeader={t("overview.type")}
        counts={["sent", "received", "opened"]}
        fileName="by-campaign-type"
        empty={t("overview.noCampaigns")}
        className="xl:col-span-3"
      />
    </div>
  );
}
