// What the dispatcher needs to know about a campaign, loaded once per worker and kept briefly:
// content per variant, delivery options, audience, app policy. The state is re-read often (pause and
// cancel must take effect within seconds), the rest rarely changes once sending starts.
import "server-only";
import { type RoutingPolicy, routingPolicyOf } from "@/lib/routing/policy";
import type { VendorQuotaPolicy } from "@/lib/routing/vendor-quotas";
import { quietHoursOf, type QuietHours, type Schedule } from "@/lib/schedule";
import { sqlPool } from "@/server/sql";
import type { DeliveryOptions, RenderedContent } from "./providers/types";

export interface CampaignContext {
  id: string;
  appId: string;
  appName: string;
  type: "news" | "announcement" | "promotion";
  breaking: boolean;
  state: string;
  expression: string | null;
  testDevicesOnly: boolean;
  holdoutPercent: number;
  channels: string[];
  throttlePerMinute: number | null;
  options: DeliveryOptions;
  schedule: Schedule;
  currentRun: number;
  // A/B winner roll-out: the test share in percent (null: none) and the winner once decided.
  rolloutTestPercent: number | null;
  rolloutWinnerKey: string | null;
  variants: Array<{
    key: string;
    splitPercent: number;
    fallbackLocale: string;
    locales: string[];
    content: Record<string, RenderedContent>;
  }>;
  app: {
    timezone: string;
    quietHours: QuietHours | null;
    capPerDay: number | null;
    capPerWeek: number | null;
    // What a promotion over a phone maker's daily marketing cap does (lib/routing/vendor-quotas.ts).
    vendorQuotaPolicy: VendorQuotaPolicy;
  };
  // The app's routing policy (App.routingPolicy, or the default when none is stored).
  routingPolicy: RoutingPolicy;
}

// The columns the query reads into the context as they are.
type PlainColumns =
  | "id"
  | "appId"
  | "appName"
  | "type"
  | "breaking"
  | "state"
  | "expression"
  | "testDevicesOnly"
  | "holdoutPercent"
  | "channels"
  | "throttlePerMinute"
  | "schedule"
  | "currentRun"
  | "rolloutTestPercent"
  | "rolloutWinnerKey";

interface Row extends Pick<CampaignContext, PlainColumns> {
  priority: "high" | "normal";
  ttlSeconds: number | null;
  collapseKey: string | null;
  sound: string | null;
  badge: number | null;
  timezone: string;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  promoCapPerDay: number | null;
  promoCapPerWeek: number | null;
  vendorQuotaPolicy: VendorQuotaPolicy;
  routingPolicy: unknown;
  variants: Array<Omit<CampaignContext["variants"][number], "locales">>;
}

const query = `
  select c.id, c."appId", a.name as "appName", c.type, c.breaking, c.state,
         coalesce(s.expression, c.expression) as expression, c."testDevicesOnly", c."holdoutPercent",
         c.channels::text[] as channels, c."throttlePerMinute", c.priority, c."ttlSeconds", c."collapseKey", c.sound,
         c.badge, c.schedule, c."currentRun", c."rolloutTestPercent", c."rolloutWinnerKey", a.timezone,
         a."quietHoursStart", a."quietHoursEnd",
         a."promoCapPerDay", a."promoCapPerWeek", a."vendorQuotaPolicy"::text as "vendorQuotaPolicy", a."routingPolicy",
         (select json_agg(json_build_object('key', v.key, 'splitPercent', v."splitPercent",
                                            'fallbackLocale', v."fallbackLocale", 'content', v.content) order by v.key)
            from "CampaignVariant" v where v."campaignId" = c.id) as variants
    from "Campaign" c join "App" a on a.id = c."appId" left join "Segment" s on s.id = c."segmentId"
   where c.id = $1`;

// Loads a campaign for dispatch; null when it no longer exists.
export async function loadCampaignContext(campaignId: string): Promise<CampaignContext | null> {
  const { rows } = await sqlPool().query<Row>(query, [campaignId]);
  const row = rows[0];
  if (!row) return null;
  const { priority, ttlSeconds, collapseKey, sound, badge, variants, timezone, ...rest } = row;
  const {
    quietHoursStart,
    quietHoursEnd,
    promoCapPerDay,
    promoCapPerWeek,
    vendorQuotaPolicy,
    routingPolicy,
    ...plain
  } = rest;
  return {
    ...plain,
    options: {
      priority,
      ttlSeconds: ttlSeconds ?? undefined,
      collapseKey: collapseKey ?? undefined,
      sound: sound ?? undefined,
      badge: badge ?? undefined,
      // The phone makers' message class: promotions are marketing, news and announcements service.
      messageClass: row.type === "promotion" ? "marketing" : "service",
    },
    variants: (variants ?? []).map((v) => ({ ...v, locales: Object.keys(v.content) })),
    app: {
      timezone,
      quietHours: quietHoursOf({ quietHoursStart, quietHoursEnd }),
      capPerDay: promoCapPerDay,
      capPerWeek: promoCapPerWeek,
      vendorQuotaPolicy,
    },
    routingPolicy: routingPolicyOf(routingPolicy),
  };
}

const cache = new Map<string, { at: number; context: CampaignContext | null }>();

// The cached context, re-read after `maxAgeMs` (the state check for pause/cancel rides on this).
export async function campaignContext(campaignId: string, maxAgeMs = 1000): Promise<CampaignContext | null> {
  const hit = cache.get(campaignId);
  if (hit && Date.now() - hit.at < maxAgeMs) return hit.context;
  const context = await loadCampaignContext(campaignId);
  cache.set(campaignId, { at: Date.now(), context });
  if (cache.size > 500) cache.delete(cache.keys().next().value!);
  return context;
}

// Forgets a campaign so the next look reads it fresh (after this worker changed its state).
export function forgetCampaign(campaignId: string) {
  cache.delete(campaignId);
}
