// Reads for the Users page.
import "server-only";
import { db } from "@/server/db";
import type { StaffRow } from "@/lib/users/types";

// Every staff account: enabled first, then by name.
export async function listUsers(): Promise<StaffRow[]> {
  return db.user.findMany({
    select: { id: true, name: true, email: true, role: true, disabled: true, lastLoginAt: true, createdAt: true },
    orderBy: [{ disabled: "asc" }, { name: "asc" }],
  });
}
