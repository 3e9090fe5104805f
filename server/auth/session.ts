// The signed-in staff member, read fresh from the database on every request so that a disabled
// account or a changed role takes effect at once (the JWT only says who, never what they may do).
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { can, type Permission, type Role } from "@/lib/permissions";
import { db } from "@/server/db";
import { authOptionsForRequest } from "./request-options";

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
}

export const getCurrentUser = cache(async (): Promise<StaffUser | null> => {
  const session = await getServerSession(await authOptionsForRequest());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  return user && !user.disabled ? user : null;
});

// For pages: sends anonymous visitors to sign in, and users without the permission to a 403 page.
export async function requirePageUser(permission?: Permission): Promise<StaffUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (permission && !can(user, permission)) redirect("/forbidden");
  return user;
}
