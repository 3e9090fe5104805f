// Audit log: who changed what, filterable, 50 entries per page (admins only).
import { AuditLog } from "@/components/audit/audit-log";
import { listAppNames } from "@/server/apps/queries";
import { auditFilterSchema, listAuditActions, listAuditEntries } from "@/server/audit/queries";
import { requirePageUser } from "@/server/auth/session";
import { setRequestTimeZone } from "@/components/time/server-time";
import { displayZoneOfApp } from "@/server/preferences/time-zone";

export const dynamic = "force-dynamic";

export default async function AuditPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("audit.view");
  const raw = await props.searchParams;
  const filters = auditFilterSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])),
  );
  setRequestTimeZone(await displayZoneOfApp(filters.app));
  const [page, actions, apps] = await Promise.all([listAuditEntries(filters), listAuditActions(), listAppNames()]);
  return <AuditLog filters={filters} rows={page.rows} hasNext={page.hasNext} actions={actions} apps={apps} />;
}
