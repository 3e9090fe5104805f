// The campaign's audit trail: every recorded change to it, newest first.
import { getTranslations } from "next-intl/server";
import { AuditTable, type AuditTableEntry } from "@/components/audit/audit-table";

// Times are shown in the app's time zone, like the rest of the campaign page.
export async function CampaignAudit({ entries, timeZone }: { entries: AuditTableEntry[]; timeZone: string }) {
  const t = await getTranslations("campaigns.audit");
  if (!entries.length) return <p className="text-sm text-slate-600">{t("empty")}</p>;
  return (
    <AuditTable
      entries={entries}
      headers={{ time: t("time"), actor: t("actor"), action: t("action"), changes: t("changes") }}
      label={t("title")}
      timeZone={timeZone}
    />
  );
}
