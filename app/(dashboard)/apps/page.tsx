// Apps: every app with its identifiers and key prefix; admins create apps here.
import { AppsTable } from "@/components/apps/apps-table";
import { can } from "@/lib/permissions";
import { listApps } from "@/server/apps/queries";
import { timeZones } from "@/server/apps/time";
import { requirePageUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function AppsPage() {
  const user = await requirePageUser("apps.view");
  const canManage = can(user, "apps.manage");
  return <AppsTable apps={await listApps()} canManage={canManage} timeZones={canManage ? timeZones() : []} />;
}
