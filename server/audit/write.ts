// Appends to the audit log inside the caller's transaction, so an audited change and its entry
// are written together or not at all.
import "server-only";
import type { Prisma } from "@/server/generated/prisma/client";
import type { Tx } from "@/server/db";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  appId?: string | null;
  diff?: Prisma.InputJsonValue;
}

export interface AuditActor {
  id: string | null;
  email: string;
}

export async function writeAudit(tx: Tx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      appId: entry.appId ?? null,
      diff: entry.diff,
    },
  });
}

// The fields that changed between two versions of a record, as { field: [before, after] }.
// Keys listed in `secret` are reported as changed without their values.
export function changes<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
  secret: string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[key];
    if (JSON.stringify(old) === JSON.stringify(value)) continue;
    out[key] = secret.includes(key) ? "(changed)" : [old ?? null, value ?? null];
  }
  return out;
}
