// Reads for the Apps pages: the list with device counts and one app with its credential summaries.
import "server-only";
import { db } from "@/server/db";
import { NotFoundError } from "@/server/errors";
import { channelDescription, credentialChannels, type CredentialChannel } from "@/lib/channels";
import { deviceChannels, type DeviceChannel } from "@/lib/channels/devices";
import { routingPolicyOf, type RoutingRule } from "@/lib/routing/policy";
import { smsPolicyOf, type SmsPolicy } from "@/lib/sms/policy";
import { credentialFailing } from "./credentials";
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
  // The provider's last refusal, kept after later successes (then shown as the last failure).
  lastError: string | null;
  lastErrorAt: Date | null;
  // When a send through it last succeeded (to about a minute).
  lastSucceededAt: Date | null;
  // A refusal no success came after: the card says "Failing".
  failing: boolean;
}

// The app's routing policy as its editor shows it, with the channels a send would skip.
export interface RoutingView {
  rules: RoutingRule[];
  // No policy stored: the app follows Herald's defaults.
  isDefault: boolean;
  // Channels that need a credential the app does not have.
  missingCredential: DeviceChannel[];
  // Channels this build cannot send through at all.
  unavailable: DeviceChannel[];
}

function routingView(stored: unknown, configured: Set<string>): RoutingView {
  const missingCredential: DeviceChannel[] = [];
  const unavailable: DeviceChannel[] = [];
  for (const channel of deviceChannels) {
    const description = channelDescription(channel);
    if (!description) unavailable.push(channel);
    else if (description.credential?.required && !configured.has(channel)) missingCredential.push(channel);
  }
  return { rules: routingPolicyOf(stored).rules, isDefault: stored == null, missingCredential, unavailable };
}

// The app's SMS signalling policy as its editor shows it (the defaults when none is stored).
export interface SmsPolicyView {
  policy: SmsPolicy;
  stored: boolean;
  // Whether the app has an SMS credential (without one the fallback sends nothing).
  hasCredential: boolean;
}

// One app with its credentials and routing; who configured each credential comes from the newest
// credentials.save entry.
export async function getAppDetail(
  appId: string,
): Promise<{ app: AppSummary; credentials: CredentialView[]; routing: RoutingView; sms: SmsPolicyView }> {
  const found = await db.app.findUnique({
    where: { id: appId },
    select: { ...appListSelect, routingPolicy: true, smsPolicy: true },
  });
  if (!found) throw new NotFoundError("App");
  const { routingPolicy, smsPolicy, ...row } = found;
  const credentials = await db.providerCredential.findMany({
    where: { appId, channel: { in: credentialChannels } },
    select: {
      channel: true,
      summary: true,
      updatedAt: true,
      lastError: true,
      lastErrorAt: true,
      lastSucceededAt: true,
    },
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
        lastSucceededAt: credential.lastSucceededAt,
        failing: credentialFailing(credential),
      };
    }),
  );
  const routing = routingView(routingPolicy, new Set(credentials.map((credential) => credential.channel)));
  const smsCredential = await db.providerCredential.count({ where: { appId, channel: "sms" } });
  const sms = { policy: smsPolicyOf(smsPolicy), stored: smsPolicy !== null, hasCredential: smsCredential > 0 };
  return { app: toSummary(row), credentials: views, routing, sms };
}

// Names of apps for filters (audit log).
export async function listAppNames(): Promise<{ id: string; name: string }[]> {
  return db.app.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
