// The shapes the audit log page reads (server/audit computes them).

// One audit entry as shown on the page.
export interface AuditRow {
  id: string;
  at: Date;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string | null;
  appId: string | null;
  appName: string | null;
  diff: unknown;
}
