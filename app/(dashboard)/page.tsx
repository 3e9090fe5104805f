// Overview: audience totals across apps.
import { Overview } from "@/components/overview/overview";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";
import { getOverviewTotals } from "@/server/overview/queries";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const user = await requirePageUser();
  return <Overview totals={await getOverviewTotals()} canCreateApp={can(user, "apps.manage")} />;
}
