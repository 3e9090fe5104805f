// The Apps page body: every app with its identifiers, key prefix, devices, time zone and quiet hours.
import { AppWindow } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ListTable, Td, Tr } from "@/components/ui/table";
import { DefinitionList } from "@/components/ui/definition-list";
import type { AppSummary } from "@/lib/apps/types";
import { CreateAppDialog } from "./create-app-dialog";

// Each identifier under its platform's name (enums.platform, as everywhere else).
function Identifiers({ app, platform }: { app: AppSummary; platform: (id: "android" | "ios" | "web") => string }) {
  const rows = [
    [platform("android"), app.androidPackage],
    [platform("ios"), app.iosBundleId],
    [platform("web"), app.webOrigin],
  ].filter((row): row is [string, string] => Boolean(row[1]));
  if (!rows.length) return <span className="text-slate-400">—</span>;
  return (
    <DefinitionList
      rows={rows}
      className="space-y-0.5 text-xs"
      rowClassName="flex gap-1.5"
      termClassName="w-12 shrink-0 text-slate-500"
      valueClassName="font-mono break-all text-slate-700"
    />
  );
}

export async function AppsTable({
  apps,
  canManage,
  timeZones,
}: {
  apps: AppSummary[];
  canManage: boolean;
  timeZones: string[];
}) {
  const t = await getTranslations("apps");
  const platforms = await getTranslations("enums.platform");
  const format = await getFormatter();
  const create = canManage ? <CreateAppDialog timeZones={timeZones} /> : null;
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={create} />
      {apps.length === 0 ? (
        <EmptyState icon={<AppWindow className="size-10" />} title={t("empty.title")} action={create}>
          {canManage ? t("empty.bodyAdmin") : t("empty.body")}
        </EmptyState>
      ) : (
        <ListTable
          headings={[
            { label: t("columns.name") },
            { label: t("columns.identifiers") },
            { label: t("columns.keyPrefix") },
            { label: t("columns.devices"), className: "text-right" },
            { label: t("columns.timezone") },
            { label: t("columns.quietHours") },
          ]}
        >
          {apps.map((app) => (
            <Tr key={app.id}>
              <Td className="font-medium">
                <Link href={`/apps/${app.id}`} className="text-brand-700 hover:underline focus-visible:underline">
                  {app.name}
                </Link>
              </Td>
              <Td>
                <Identifiers app={app} platform={(id) => platforms(id)} />
              </Td>
              <Td>
                <code className="font-mono text-xs">{app.apiKeyPrefix}…</code>
              </Td>
              <Td className="text-right tabular-nums">{format.number(app.deviceCount)}</Td>
              <Td className="whitespace-nowrap">{app.timezone}</Td>
              <Td className="whitespace-nowrap tabular-nums">
                {app.quietHoursStart ? (
                  t("quietRange", { start: app.quietHoursStart, end: app.quietHoursEnd })
                ) : (
                  <span className="text-slate-400">{t("noQuietHours")}</span>
                )}
              </Td>
            </Tr>
          ))}
        </ListTable>
      )}
    </>
  );
}
