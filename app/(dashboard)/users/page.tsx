// Users: staff accounts, their roles and status (admins only).
import { UsersTable } from "@/components/users/users-table";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/server/auth/session";
import { listUsers } from "@/server/users/queries";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const user = await requirePageUser("users.view");
  return <UsersTable users={await listUsers()} currentUserId={user.id} canManage={can(user, "users.manage")} />;
}
