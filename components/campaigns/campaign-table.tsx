// A table of campaigns: name, type, state, audience estimate, first wave (in the app's time zone), people, last change.
import { ChartColumn } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ListTable, Td, Tr } from "@/components/ui/table";
import type { CampaignListRow } from "@/server/campaigns/queries";
import { CampaignStateBadge, CampaignTypeBadge } from "./campaign-badges";
import { getTimeFormat } from "@/components/time/server-time";

// States in which a campaign may have sent (or be sending); it has a report once its first wave started
// (a campaign paused before its first wave has nothing to report).
const reportStates = new Set<string>(["sending", "paused", "completed"]);

interface Props {
  rows: CampaignListRow[];
  appId: string;
  timeZone: string;
  label: string;
}

export async function CampaignTable({ rows, appId, timeZone: appZone, label }: Props) {
  const { zone: timeZone } = await getTimeFormat(appZone);
  const t = await getTranslations("campaigns");
  const format = await getFormatter();
  const analytics = await getTranslations("analytics.report");
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <ListTable
      label={label}
      headings={[
        { label: t("columns.name") },
        { label: t("columns.type") },
        { label: t("columns.state") },
        { label: t("columns.audience"), className: "text-right" },
        { label: t("columns.firstWave", { zone: timeZone }) },
        { label: t("columns.people") },
        { label: t("columns.updated") },
      ]}
    >
      {rows.map((row) => (
        <Tr key={row.id}>
          <Td className="max-w-72">
            <Link href={`/campaigns/${row.id}?app=${appId}`} className="font-medium text-brand-700 hover:underline">
              {row.name}
            </Link>
            {reportStates.has(row.state) && row.startedAt ? (
              <Link
                href={`/campaigns/${row.id}/report`}
                aria-label={analytics("title", { name: row.name })}
                className={
                  "ml-2 inline-flex items-center gap-0.5 align-middle text-xs text-slate-500 " +
                  "hover:text-brand-700 hover:underline"
                }
              >
                <ChartColumn className="size-3.5" aria-hidden />
                {analytics("open")}
              </Link>
            ) : null}
          </Td>
          <Td>
            <CampaignTypeBadge type={row.type} breaking={row.breaking} />
          </Td>
          <Td>
            <CampaignStateBadge state={row.state} />
          </Td>
          <Td className="text-right tabular-nums">
            {row.audienceEstimate === null ? (
              <span className="text-slate-400">{t("notCounted")}</span>
            ) : (
              format.number(row.audienceEstimate)
            )}
          </Td>
          <Td className="whitespace-nowrap tabular-nums">
            {row.firstWaveAt ? (
              <time dateTime={row.firstWaveAt.toISOString()}>{when(row.firstWaveAt)}</time>
            ) : (
              <span className="text-slate-400">—</span>
            )}
          </Td>
          <Td className="text-xs">
            <div>{t("createdBy", { email: row.createdBy ?? t("unknownUser") })}</div>
            {row.submittedById ? (
              <div className="text-slate-500">{t("submittedBy", { email: row.submittedBy ?? t("unknownUser") })}</div>
            ) : null}
          </Td>
          <Td className="whitespace-nowrap text-slate-600 tabular-nums">
            <time dateTime={row.updatedAt.toISOString()}>{format.relativeTime(row.updatedAt)}</time>
          </Td>
        </Tr>
      ))}
    </ListTable>
  );
}
