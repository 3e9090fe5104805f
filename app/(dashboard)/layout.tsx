// Everything behind sign-in: the navigation shell. Each page and action still checks its own permission.
import type { ReactNode } from "react";
import { navItems } from "@/components/shell/nav-items";
import { Shell } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const items = navItems.filter((item) => !item.permission || can(user, item.permission));
  return (
    <Shell items={items} footer={<UserMenu name={user.name} email={user.email} role={user.role} />}>
      {children}
    </Shell>
  );
}
