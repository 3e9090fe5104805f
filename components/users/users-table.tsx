// The Users page body: staff accounts with role, status and last sign-in, and the admin controls.
import { Users } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ListTable, Td, Tr } from "@/components/ui/table";
import type { StaffRow } from "@/lib/users/types";
import { CreateUserDialog } from "./create-user-dialog";
import { UserActions } from "./user-actions";

export async function UsersTable({
  users,
  currentUserId,
  canManage,
}: {
  users: StaffRow[];
  currentUserId: string;
  canManage: boolean;
}) {
  const t = await getTranslations("users");
  const roleNames = await getTranslations("roles");
  const format = await getFormatter();
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description", { count: users.length })}
        actions={canManage ? <CreateUserDialog /> : null}
      />
      {users.length === 0 ? (
        <EmptyState icon={<Users className="size-10" />} title={t("empty")} />
      ) : (
        <ListTable
          headings={[
            { label: t("columns.name") },
            { label: t("columns.role") },
            { label: t("columns.status") },
            { label: t("columns.lastLogin") },
            canManage ? { label: t("columns.actions"), className: "text-right", hidden: true } : null,
          ]}
        >
          {users.map((user) => (
            <Tr key={user.id} className={user.disabled ? "text-slate-500" : undefined}>
              <Td>
                <div className="font-medium">
                  {user.name}
                  {user.id === currentUserId ? (
                    <span className="ml-2 text-xs font-normal text-slate-500">{t("you")}</span>
                  ) : null}
                </div>
                <div className="text-xs break-all text-slate-500">{user.email}</div>
              </Td>
              <Td className="whitespace-nowrap">{roleNames(user.role)}</Td>
              <Td>
                {user.disabled ? (
                  <Badge tone="red">{t("status.disabled")}</Badge>
                ) : (
                  <Badge tone="green">{t("status.active")}</Badge>
                )}
              </Td>
              <Td className="whitespace-nowrap">
                {user.lastLoginAt ? (
                  <time dateTime={user.lastLoginAt.toISOString()}>{format.relativeTime(user.lastLoginAt)}</time>
                ) : (
                  <span className="text-slate-400">{t("neverSignedIn")}</span>
                )}
              </Td>
              {canManage ? (
                <Td className="text-right">
                  <UserActions user={user} isSelf={user.id === currentUserId} />
                </Td>
              ) : null}
            </Tr>
          ))}
        </ListTable>
      )}
    </>
  );
}
