// The campaign's audit trail: every recorded change to it, newest first.
import { getFormatter, getTranslations } from "next-intl/server";
import { AuditDiff } from "@/components/audit/audit-diff";
import { Table, TableFrame, Td, Th, Tr } from "@/components/ui/table";

interface AuditEntry { id: string; at: Date; actorEmail: string; action: string; diff: unknown }

// Times are shown in the app's time zone, like the rest of the campaign page.
export async function CampaignAudit({ entries, timeZone }: { entries: AuditEntry[]; timeZone: string }) {
  const t = await getTranslations("campaigns.audit");
  const format = await getFormatter();
  if (!entries.length) return <p className="text-sm text-slate-600">{t("empty")}</p>;
  return (
    <TableFrame>
      <Table aria-label={t("title")}>
        <thead>
          <tr>
            <Th>{t("time")}</Th>
            <Th>{t("actor")}</Th>
            <Th>{t("action")}</Th>
            <Th>{t("changes")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((entry) => (
            <Tr key={entry.id}>
              <Td className="whitespace-nowrap tabular-nums"><time dateTime={entry.at.toISOString()}>{format.dateTime(entry.at, { dateStyle: "medium", timeStyle: "medium", timeZone })}</time></Td>
              <Td className="whitespace-nowrap">{entry.actorEmail}</Td>
              <Td><code className="font-mono text-xs whitespace-nowrap">{entry.action}</code></Td>
              <Td className="min-w-56"><AuditDiff diff={entry.diff} /></Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </TableFrame>
  );
}
