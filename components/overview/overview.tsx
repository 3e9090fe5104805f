// Overview page body: headline numbers and the audience split by platform and channel.
import { getFormatter, getTranslations } from "next-intl/server";
import { NoAppsState } from "@/components/devices/device-empty-states";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { OverviewTotals } from "@/lib/overview/types";

function Split({
  rows,
  total,
  label,
}: {
  rows: { key: string; count: number }[];
  total: number;
  label: (key: string) => string;
}) {
  return (
    <ul className="space-y-2">
      {rows.map((row) => (
        <li key={row.key} className="text-sm">
          <div className="flex justify-between">
            <span className="font-medium">{label(row.key)}</span>
            <span className="tabular-nums text-slate-600">{row.count.toLocaleString()}</span>
          </div>
          <div className="mt-1 h-2 rounded bg-slate-100">
            <div className="h-2 rounded bg-brand-500" style={{ width: `${total ? (100 * row.count) / total : 0}%` }} />
          </div>
        </li>
      ))}
    </ul>
  );
}

export async function Overview({ totals, canCreateApp }: { totals: OverviewTotals; canCreateApp: boolean }) {
  const t = await getTranslations("overview");
  const te = await getTranslations("enums");
  const format = await getFormatter();
  const stats = [
    { label: t("apps"), value: totals.apps },
    { label: t("devices"), value: totals.devices },
    { label: t("reachable"), value: totals.reachable },
    { label: t("active7d"), value: totals.active7d },
    { label: t("dormant30d"), value: totals.dormant30d },
  ];
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {totals.apps === 0 ? (
        <NoAppsState title={t("noApps")} createLabel={t("createApp")} canCreate={canCreateApp}>
          {t("noAppsBody")}
        </NoAppsState>
      ) : (
        <div className="space-y-6">
          <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-5">
            {stats.map((stat) => (
              <div key={stat.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <dt className="text-xs font-medium text-slate-500">{stat.label}</dt>
                <dd className="mt-1 text-2xl font-semibold tabular-nums">{format.number(stat.value)}</dd>
              </div>
            ))}
          </dl>
          <div className="grid gap-6 md:grid-cols-2">
            <Card title={t("byPlatform")}>
              <Split rows={totals.byPlatform} total={totals.devices} label={(key) => te(`platform.${key}`)} />
            </Card>
            <Card title={t("byChannel")}>
              <Split rows={totals.byChannel} total={totals.devices} label={(key) => te(`channel.${key}`)} />
            </Card>
          </div>
        </div>
      )}
    </>
  );
}
