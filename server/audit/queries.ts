// Reads for the audit log page: filtered, newest first, 50 per page (offset pages: people browse
// the recent end of the log, and the (at) / (action, at) / (actorId, at) / (appId, at) indexes serve it).
import "server-only";
import { z } from "zod";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import type { AuditRow } from "@/lib/audit/types";

export const auditPageSize = 50;

const optional = z
  .string()
  .optional()
  .transform((v) => v?.trim() || undefined);
const day = optional.transform((v) =>
  v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined,
);

// The page's search parameters; anything malformed is ignored rather than an error.
export const auditFilterSchema = z.object({
  action: optional,
  actor: optional,
  app: optional.transform((v) => (v && z.uuid().safeParse(v).success ? v : undefined)),
  from: day,
  to: day,
  target: optional,
  page: optional.transform((v) => Math.max(1, Math.min(10_000, Number.parseInt(v ?? "1", 10) || 1))),
});
export type AuditFilters = z.output<typeof auditFilterSchema>;

// Dates are whole UTC days; "to" includes the whole of that day.
export function auditWhere(filters: Omit<AuditFilters, "page">): Prisma.AuditLogWhereInput {
  const where: Prisma.AuditLogWhereInput = {};
  if (filters.action) where.action = filters.action;
  if (filters.actor) where.actorEmail = { contains: filters.actor.toLowerCase(), mode: "insensitive" };
  if (filters.app) where.appId = filters.app;
  if (filters.target) where.targetId = filters.target;
  if (filters.from || filters.to) {
    where.at = {
      ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00Z`) } : {}),
      ...(filters.to ? { lt: new Date(Date.parse(`${filters.to}T00:00:00Z`) + 24 * 3600 * 1000) } : {}),
    };
  }
  return where;
}

// A page of entries matching the filters, newest first, and whether an older page exists.
export async function listAuditEntries(
  filters: AuditFilters,
): Promise<{ rows: AuditRow[]; page: number; hasNext: boolean }> {
  const rows = await db.auditLog.findMany({
    where: auditWhere(filters),
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (filters.page - 1) * auditPageSize,
    take: auditPageSize + 1,
    select: {
      id: true,
      at: true,
      actorEmail: true,
      action: true,
      targetType: true,
      targetId: true,
      appId: true,
      diff: true,
    },
  });
  const appIds = [...new Set(rows.map((r) => r.appId).filter((id): id is string => id !== null))];
  const apps = appIds.length
    ? await db.app.findMany({ where: { id: { in: appIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(apps.map((a) => [a.id, a.name]));
  return {
    page: filters.page,
    hasNext: rows.length > auditPageSize,
    rows: rows
      .slice(0, auditPageSize)
      .map((r) => ({ ...r, id: r.id.toString(), appName: r.appId ? (names.get(r.appId) ?? null) : null })),
  };
}

// Every action name that appears in the log, for the filter's select. A loose index scan over
// (action, at) reads one index entry per distinct action instead of the whole log.
export async function listAuditActions(): Promise<string[]> {
  const rows = await db.$queryRaw<{ action: string }[]>`
    with recursive actions as (
      select min(action) as action from "AuditLog"
      union all
      select (select min(action) from "AuditLog" where action > actions.action)
        from actions where actions.action is not null
    )
    select action from actions where action is not null`;
  return rows.map((r) => r.action);
}
