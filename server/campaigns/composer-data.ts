// What the composer pages load: the app (zone, quiet hours), its saved segments, the types the user
// may write, and for editing the stored campaign in the same shape the composer sends back.
import "server-only";
import { z } from "zod";
import type { ComposerValues } from "@/lib/campaigns/composer-values";
import {
  campaignTypes,
  isEditable,
  typePermission,
  type CampaignState,
  type CampaignType,
} from "@/lib/campaigns/state";
import { can, type Actor } from "@/lib/permissions";
import { quietHoursOf, type QuietHours, type Schedule } from "@/lib/schedule";
import { microsToPrice, smsPolicyOf, type SmsPolicy } from "@/lib/sms/policy";
import { timeZones } from "@/server/apps/time";
import { recentCustomEventNames } from "@/server/analytics/conversions";
import { db } from "@/server/db";
import { storedRollout } from "./rollout";

// The app the campaign belongs to, as the composer explains it.
export interface ComposerApp {
  id: string;
  name: string;
  timezone: string;
  quietHours: QuietHours | null;
  approvalThreshold: number;
  // The app's SMS signalling policy when it is on (the composer's SMS section); null when off.
  smsPolicy: SmsPolicy | null;
  // The channels it has a credential for (the payload budget of a campaign on "every channel").
  configuredChannels: string[];
  // Custom event names the app reported lately: the conversion goal's suggestions.
  goalEvents?: string[];
}

// A saved segment the audience picker offers.
export interface ComposerSegment {
  id: string;
  name: string;
  description: string | null;
  expression: string;
}

// The campaign types `user` may create (in lifecycle order).
export function creatableTypes(user: Actor): CampaignType[] {
  return campaignTypes.filter((type) => can(user, typePermission(type)));
}

// The app columns the campaign pages show: its name, time zone, quiet hours and approval threshold.
export const campaignAppSelect = {
  id: true,
  name: true,
  timezone: true,
  quietHoursStart: true,
  quietHoursEnd: true,
  approvalThreshold: true,
  smsPolicy: true,
  credentials: { select: { channel: true } },
} as const;

function toComposerApp(app: {
  id: string;
  name: string;
  timezone: string;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  approvalThreshold: number;
  smsPolicy: unknown;
  credentials: Array<{ channel: string }>;
}): ComposerApp {
  const smsPolicy = smsPolicyOf(app.smsPolicy);
  return {
    id: app.id,
    name: app.name,
    timezone: app.timezone,
    quietHours: quietHoursOf(app),
    approvalThreshold: app.approvalThreshold,
    smsPolicy: smsPolicy.enabled ? smsPolicy : null,
    configuredChannels: app.credentials.map((c) => c.channel),
  };
}

// Every app (for the picker) and the one asked for, or the first by name; null when there is none.
export async function loadComposerApps(requestedAppId: string | undefined) {
  const apps = await db.app.findMany({ select: campaignAppSelect, orderBy: { name: "asc" } });
  if (!apps.length) return null;
  const app = apps.find((a) => a.id === requestedAppId) ?? apps[0];
  return {
    apps: apps.map((a) => ({ id: a.id, name: a.name })),
    app: { ...toComposerApp(app), goalEvents: await recentCustomEventNames(app.id) },
  };
}

// The app's saved segments by name (an app has at most a few hundred).
export function listComposerSegments(appId: string): Promise<ComposerSegment[]> {
  return db.segment.findMany({
    where: { appId },
    select: { id: true, name: true, description: true, expression: true },
    orderBy: { name: "asc" },
    take: 500,
  });
}

// Every IANA zone name, for the schedule's zone field.
export function composerTimeZones(): string[] {
  return timeZones();
}

const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

// A stored campaign with its app, state and composer values; null when it does not exist.
export async function loadCampaignForEdit(campaignId: string): Promise<{
  app: ComposerApp;
  state: CampaignState;
  type: CampaignType;
  editable: boolean;
  values: ComposerValues;
} | null> {
  if (!z.uuid().safeParse(campaignId).success) return null;
  const c = await db.campaign.findUnique({
    where: { id: campaignId },
    include: { app: { select: campaignAppSelect }, variants: { orderBy: { key: "asc" } } },
  });
  if (!c) return null;
  const campaign: ComposerValues["campaign"] = {
    appId: c.appId,
    type: c.type,
    name: c.name,
    breaking: c.breaking,
    segmentId: optional(c.segmentId),
    expression: c.segmentId ? undefined : optional(c.expression),
    testDevicesOnly: c.testDevicesOnly,
    holdoutPercent: c.holdoutPercent,
    throttlePerMinute: optional(c.throttlePerMinute),
    delivery: {
      priority: c.priority,
      ttlSeconds: optional(c.ttlSeconds),
      collapseKey: optional(c.collapseKey),
      sound: optional(c.sound),
      badge: optional(c.badge),
      channels: c.channels,
    },
    variants: c.variants.map((v) => ({
      key: v.key,
      splitPercent: v.splitPercent,
      fallbackLocale: v.fallbackLocale,
      content: v.content as ComposerValues["campaign"]["variants"][number]["content"],
    })),
    ...(c.smsMaxMessages !== null && c.smsMaxCostMicros !== null
      ? { sms: { maxMessages: c.smsMaxMessages, maxCost: microsToPrice(c.smsMaxCostMicros) } }
      : {}),
    ...(c.goalEvent && c.goalWindowSeconds ? { goal: { event: c.goalEvent, windowSeconds: c.goalWindowSeconds } } : {}),
    ...storedRollout(c),
  };
  return {
    app: { ...toComposerApp(c.app), goalEvents: await recentCustomEventNames(c.appId) },
    state: c.state,
    type: c.type,
    editable: isEditable(c.state),
    values: { campaign, schedule: c.schedule as unknown as Schedule },
  };
}
