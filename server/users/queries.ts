// Reads for the Users page.
import "server-only";
import type { Role } from "@/lib/permissions";
import { db } from "@/server/db";

// A staff account as listed on the Users page (never the password hash).
export interface StaffRow { id: string; name: string; email: string; role: Role; disabled: boolean; lastLoginAt: Date | null; createdAt: Date }

// Every staff account: enabled first, then by name.
export async function listUsers(): Promise<StaffRow[]> {
  return db.user.findMany({
    select: { id: true, name: true, email: true, role: true, disabled: true, lastLoginAt: true, createdAt: true },
    orderBy: [{ disabled: "asc" }, { name: "asc" }],
  });
}
