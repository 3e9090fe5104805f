// Test data builders for integration tests (real database, through the app's own Prisma client).
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/permissions";
import type { StaffUser } from "@/server/auth/session";
import { newApiKey } from "@/server/crypto";
import { db } from "@/server/db";

export async function createUser(role: Role, overrides: Partial<StaffUser> = {}): Promise<StaffUser> {
  const email = overrides.email ?? `${role}-${randomUUID().slice(0, 8)}@test.local`;
  return db.user.create({
    data: {
      email,
      name: overrides.name ?? `Test ${role}`,
      role,
      passwordHash: "not-a-real-hash",
      disabled: overrides.disabled ?? false,
    },
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
}

export async function createApp(name = `App ${randomUUID().slice(0, 8)}`) {
  const key = newApiKey();
  const app = await db.app.create({ data: { name, apiKeyPrefix: key.prefix, apiKeyHash: key.hash } });
  return { app, apiKey: key.key };
}
