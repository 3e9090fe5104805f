// The shapes the Users page reads (server/users computes them).
import type { Role } from "@/lib/permissions";

// A staff account as listed on the Users page (never the password hash).
export interface StaffRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}
