// The phone makers' daily caps on marketing pushes per device, and what fan-out does with a promotion
// whose route is a capped channel once the device has had its day's share there.
//
// Since 2023 the makers class every push as service (unlimited, needs their approval) or marketing,
// and let each device receive only a few marketing pushes a day; the rest are accepted by the API and
// silently dropped (they count arrivals, not calls). Herald sends promotions as marketing and news
// and announcements as service (server/dispatch/campaign-context.ts), counts per device and vendor
// day the promotions each channel carried (Delivery rows: queued, sent or delivered), and when a
// device is at a cap follows the app's policy (App.vendorQuotaPolicy): "fallback" sends on the
// device's next routed channel that is the app's own (MQTT, then the inbox), "suppress" (or no own
// channel) suppresses it with the reason vendor_quota.
//
// Numbers (each vendor's marketing class, per device and day). Where the cap depends on the app's
// category or a licence Herald does not know, the cap of an ordinary app is used: a news app that
// has the higher cap loses a few pushes to the fallback, an ordinary app never overruns its cap.
// - Huawei Push Kit: MARKETING (or no category): news apps 5, others 2. HMSCore-Guides
//   message-classification-0000001149358835; Tencent Cloud IM 269/130977 (2026-05-14).
// - Honor Push: importance LOW: news apps 5, others 2. Getui vendor/qps page (docs.getui.com).
// - Xiaomi MiPush: the 公信 (public) channel: 5, 8 with a news licence (the "default" channel,
//   which Herald never uses, is 1). Jiguang android_3rd_qps; Tencent Cloud IM 269/130977.
// - OPPO Push: 内容与营销 (content and marketing): news apps 5, others 2. Jiguang android_3rd_qps;
//   Tencent Cloud IM 269/130977 (since 2024-11-20).
// - vivo Push: classification 0 (运营消息, ops): news apps 5, others 2 per Jiguang android_3rd_qps;
//   an older Tencent TPNS page says 5 for all apps, unconfirmed: the lower figure is used.
// - JPush is not capped here: it forwards through the makers' channels itself and keeps its own
//   per-vendor quota accounting (Jiguang vendor_classification_quota), so Herald cannot tell which
//   maker's cap a JPush push counts against.
//
// The day is the vendors' day: midnight to midnight in China (UTC+8, no daylight saving).
// Pure: read by fan-out (server/dispatch/fanout.ts) and by the reach counts (lib/routing/reach.ts).
import type { DeviceChannel } from "@/lib/channels/devices";

// A channel whose vendor caps marketing pushes per device and day.
export type CappedChannel = "hms" | "honor" | "xiaomi" | "oppo" | "vivo";

export interface VendorQuota {
  // Marketing pushes a device receives per vendor day (the ordinary app's figure).
  perDevicePerDay: number;
  // The figure for news apps / apps with a news licence, which Herald does not use (documentation only).
  newsAppPerDevicePerDay: number;
  // Where the figures come from.
  source: string;
}

// The caps per channel.
export const vendorMarketingCaps: Readonly<Record<CappedChannel, VendorQuota>> = {
  hms: {
    perDevicePerDay: 2,
    newsAppPerDevicePerDay: 5,
    source: "HMSCore-Guides message-classification-0000001149358835; Tencent Cloud IM 269/130977",
  },
  honor: { perDevicePerDay: 2, newsAppPerDevicePerDay: 5, source: "Getui vendor qps page (docs.getui.com)" },
  xiaomi: {
    perDevicePerDay: 5,
    newsAppPerDevicePerDay: 8,
    source: "Jiguang android_3rd_qps (公信 channel); Tencent Cloud IM 269/130977",
  },
  oppo: {
    perDevicePerDay: 2,
    newsAppPerDevicePerDay: 5,
    source: "Jiguang android_3rd_qps; Tencent Cloud IM 269/130977 (内容与营销, since 2024-11-20)",
  },
  vivo: {
    perDevicePerDay: 2,
    newsAppPerDevicePerDay: 5,
    source: "Jiguang android_3rd_qps (运营消息); older Tencent TPNS page: 5 for all apps, unconfirmed",
  },
};

// The channels with a cap.
export const cappedChannels = Object.keys(vendorMarketingCaps) as CappedChannel[];

// The cap of a channel, or null when its vendor has none Herald counts.
export function marketingCapOf(channel: string): number | null {
  return (vendorMarketingCaps as Record<string, VendorQuota | undefined>)[channel]?.perDevicePerDay ?? null;
}

// The app's own channels (its XMPP server, MQTT, the inbox), in the order a capped promotion falls back to them.
export const ownChannels: readonly DeviceChannel[] = ["xmpp", "mqtt", "poll"];

const dayMs = 86_400_000;
const chinaOffsetMs = 8 * 3_600_000;

// The start of the vendors' day (midnight in China) that `now` falls in.
export function chinaDayStart(now: Date | number): Date {
  const ms = typeof now === "number" ? now : now.getTime();
  return new Date(Math.floor((ms + chinaOffsetMs) / dayMs) * dayMs - chinaOffsetMs);
}

// The whole milliseconds until the next midnight in China, when the vendors' daily quotas start again.
export function msUntilChinaMidnight(now = Date.now()): number {
  return dayMs - ((now + chinaOffsetMs) % dayMs);
}

// What the app does with a promotion over a vendor's cap (the database's VendorQuotaPolicy enum).
export type VendorQuotaPolicy = "fallback" | "suppress";

// A promotion's fate under the caps: sent on `channel` as routed, moved to the app's own channel,
// or dropped (suppressed: vendor_quota).
export type QuotaOutcome =
  | { kind: "routed"; channel: DeviceChannel }
  | { kind: "moved"; channel: DeviceChannel; from: CappedChannel }
  | { kind: "dropped"; from: CappedChannel };

// Decides for one device: `candidates` are its routed channels in order (the first is the route),
// `sentToday` how many marketing pushes each capped channel carried to it in the vendor's day.
// Only promotions are capped (`marketing`); anything else keeps its route.
export function vendorQuotaOutcome(
  candidates: readonly DeviceChannel[],
  sentToday: Readonly<Partial<Record<string, number>>> | undefined,
  marketing: boolean,
  policy: VendorQuotaPolicy,
): QuotaOutcome | null {
  const route = candidates[0];
  if (!route) return null;
  const cap = marketing ? marketingCapOf(route) : null;
  if (cap === null || (sentToday?.[route] ?? 0) < cap) return { kind: "routed", channel: route };
  const own = policy === "fallback" ? candidates.find((channel) => ownChannels.includes(channel)) : undefined;
  return own
    ? { kind: "moved", channel: own, from: route as CappedChannel }
    : { kind: "dropped", from: route as CappedChannel };
}
