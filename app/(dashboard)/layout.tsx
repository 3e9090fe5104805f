// Everything behind sign-in: the navigation shell and the zone times are shown in (a page of one app sets
// its own). Each page and action still checks its own permission.
import type { ReactNode } from "react";
import { navItems } from "@/components/shell/nav-items";
import { Shell } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";
import { TimeZoneScope } from "@/components/time/time-zone-context";
import { displayZone, readZoneChoice } from "@/server/preferences/time-zone";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const items = navItems.filter((item) => !item.permission || can(user, item.permission));
  const [zoneChoice, zone] = await Promise.all([readZoneChoice(), displayZone()]);
  const footer = <UserMenu name={user.name} email={user.email} role={user.role} zoneChoice={zoneChoice} />;
  return (
    <TimeZoneScope zone={zone}>
      <Shell items={items} footer={footer}>
        {children}
      </Shell>
    </TimeZoneScope>
  );
}
