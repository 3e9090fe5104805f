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

// Creates a row and the audit entry about it (its id as the target) in the caller's transaction.
export async function createAudited<R extends { id: string }>(
  tx: Tx,
  actor: AuditActor,
  create: () => Promise<R>,
  entry: Omit<AuditEntry, "targetId">,
): Promise<R> {
  const row = await create();
  await writeAudit(tx, actor, { ...entry, targetId: row.id });
  return row;
}

// Saves an edit and its audit entry (the fields that changed between `before` and `after`) in the
// caller's transaction; an edit that changes nothing writes neither. Says whether it saved.
export async function saveChanges<T extends Record<string, unknown>>(
  tx: Tx,
  actor: AuditActor,
  edit: { before: T; after: Partial<T>; save: () => Promise<unknown> },
  entry: Omit<AuditEntry, "diff">,
): Promise<boolean> {
  const diff = changes(edit.before, edit.after);
  if (Object.keys(diff).length === 0) return false;
  await edit.save();
  await writeAudit(tx, actor, { ...entry, diff: diff as Prisma.InputJsonValue });
  return true;
}
