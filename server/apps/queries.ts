// Reads for the Apps pages: the list with device counts and one app with its credential summaries.
import "server-only";
import { db } from "@/server/db";
import { NotFoundError } from "@/server/errors";
import { credentialChannels, type CredentialChannel } from "@/lib/channels";
import { appSettingsSelect } from "./schema";
import { formatClock } from "./time";
import type { AppSummary } from "@/lib/apps/types";

const appListSelect = {
  id: true,
  ...appSettingsSelect,
  apiKeyPrefix: true,
  apiKeyRotatedAt: true,
  createdAt: true,
  _count: { select: { devices: true } },
} as const;

function toSummary(
  row: { quietHoursStart: number | null; quietHoursEnd: number | null; _count: { devices: number } } & Omit<
    AppSummary,
    "quietHoursStart" | "quietHoursEnd" | "deviceCount"
  >,
): AppSummary {
  const { _count, ...rest } = row;
  return {
    ...rest,
    quietHoursStart: formatClock(row.quietHoursStart),
    quietHoursEnd: formatClock(row.quietHoursEnd),
    deviceCount: _count.devices,
  };
}

// Every app, by name.
export async function listApps(): Promise<AppSummary[]> {
  const rows = await db.app.findMany({ select: appListSelect, orderBy: { name: "asc" } });
  return rows.map(toSummary);
}

// A provider credential as shown on the app page: summary only, never the sealed secret.
export interface CredentialView {
  channel: CredentialChannel;
  summary: Record<string, string | null>;
  configuredAt: Date;
  configuredBy: string | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

// One app with its credentials; who configured each comes from the newest credentials.save entry.
export async function getAppDetail(appId: string): Promise<{ app: AppSummary; credentials: CredentialView[] }> {
  const row = await db.app.findUnique({ where: { id: appId }, select: appListSelect });
  if (!row) throw new NotFoundError("App");
  const credentials = await db.providerCredential.findMany({
    where: { appId, channel: { in: credentialChannels } },
    select: { channel: true, summary: true, updatedAt: true, lastError: true, lastErrorAt: true },
  });
  const views = await Promise.all(
    credentials.map(async (credential) => {
      const entry = await db.auditLog.findFirst({
        where: { appId, action: "credentials.save", targetType: "ProviderCredential", targetId: credential.channel },
        orderBy: { id: "desc" },
        select: { actorEmail: true },
      });
      return {
        channel: credential.channel as CredentialChannel,
        summary: (credential.summary ?? {}) as Record<string, string | null>,
        configuredAt: credential.updatedAt,
        configuredBy: entry?.actorEmail ?? null,
        lastError: credential.lastError,
        lastErrorAt: credential.lastErrorAt,
      };
    }),
  );
  return { app: toSummary(row), credentials: views };
}

// Names of apps for filters (audit log).
export async function listAppNames(): Promise<{ id: string; name: string }[]> {
  return db.app.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
