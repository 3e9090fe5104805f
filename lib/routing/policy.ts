// An app's routing policy: for each kind of phone (platform and maker), the channels to try, in order.
// At send time a device gets one push, on the first channel of its row on which it has an active
// address, which the campaign allows and for which the app can send (a credential where one is
// needed); when the vendor answers that the address is invalid, the next such channel is tried in
// the same run. A channel missing from a row is never used for those phones.
//
// The defaults follow how apps reach phones in mainland China: a phone maker's own system channel
// first (it is the only one that reaches a phone whose app is not running), then JPush (which wraps
// the makers' channels for apps that integrated only it), then FCM (phones with Google services),
// then the app's own long connections (its XMPP server, then MQTT) and last the inbox, which the app polls.
// XMPP comes before MQTT: a device only registers a JID when its app keeps an XMPP session for chat,
// the app's server keeps messages for offline accounts and receipts prove arrival, while the MQTT
// address is Herald's default broker that every SDK registers; an app without an XMPP server has no
// credential, so its devices skip to MQTT.
//
// Read by the dispatcher's fan-out (server/dispatch/fanout.ts), the reach counts of the composer and
// the segments, and the app page's editor. Pure: no database, no server code.
import { z } from "zod";
import { channelBit, type DeviceChannel, deviceChannels } from "@/lib/channels/devices";
import { type Maker, makers } from "@/lib/devices/makers";

// The platforms a rule may name (the database's Platform enum).
export const routingPlatforms = ["android", "harmony", "ios", "web"] as const;
export type RoutingPlatform = (typeof routingPlatforms)[number];

// One row of the policy: the phones it covers and their channels in order. `maker` "any" covers
// phones of every maker and phones that reported no brand.
export interface RoutingRule {
  platform: RoutingPlatform;
  maker: Maker | "any";
  channels: DeviceChannel[];
}

export interface RoutingPolicy {
  rules: RoutingRule[];
}

// The app's own channels, last in every default row.
const ownChannels: DeviceChannel[] = ["xmpp", "mqtt", "poll"];
// The makers' system channels, in the order a phone of unknown make tries them.
const makerChannels: DeviceChannel[] = ["hms", "honor", "xiaomi", "oppo", "vivo"];

// Herald's default policy (also what an app without a stored policy uses). Rules are matched in
// order, a maker's row before its platform's "any" row.
export const defaultRoutingPolicy: RoutingPolicy = {
  rules: [
    { platform: "android", maker: "huawei", channels: ["hms", "jpush", "fcm", ...ownChannels] },
    // Honor phones made before the split (2020) run Huawei's push service; newer ones Honor's own.
    { platform: "android", maker: "honor", channels: ["honor", "hms", "jpush", "fcm", ...ownChannels] },
    { platform: "android", maker: "xiaomi", channels: ["xiaomi", "jpush", "fcm", ...ownChannels] },
    { platform: "android", maker: "oppo", channels: ["oppo", "jpush", "fcm", ...ownChannels] },
    { platform: "android", maker: "vivo", channels: ["vivo", "jpush", "fcm", ...ownChannels] },
    // Other makers and phones that reported no brand: whichever maker channel they registered.
    { platform: "android", maker: "any", channels: [...makerChannels, "jpush", "fcm", ...ownChannels] },
    // HarmonyOS NEXT has only Huawei's Push Kit for system notifications.
    { platform: "harmony", maker: "any", channels: ["hms", "jpush", ...ownChannels] },
    { platform: "ios", maker: "any", channels: ["apns", "jpush", "fcm", ...ownChannels] },
    { platform: "web", maker: "any", channels: ["webpush", "fcm", ...ownChannels] },
  ],
};

// Channels that are never a device's push route: SMS signals only stand in for a push that did not
// arrive (the SMS fallback sends them), so a policy cannot list them and routing skips them.
export const signalOnlyChannels: readonly DeviceChannel[] = ["sms"];
const isSignalOnly = (channel: DeviceChannel) => signalOnlyChannels.includes(channel);

const ruleSchema = z.object({
  platform: z.enum(routingPlatforms),
  maker: z.enum([...makers, "any"]),
  channels: z
    .array(z.enum(deviceChannels))
    .max(deviceChannels.length)
    .refine((list) => new Set(list).size === list.length, "routingChannelTwice")
    .refine((list) => !list.some(isSignalOnly), "routingChannelNotPush"),
});

// A stored or submitted policy: every platform keeps an "any" row (so no phone is left without a
// row) and no (platform, maker) pair appears twice.
export const routingPolicySchema = z.object({ rules: z.array(ruleSchema).max(64) }).superRefine((policy, ctx) => {
  const seen = new Set<string>();
  policy.rules.forEach((rule, index) => {
    const key = `${rule.platform}:${rule.maker}`;
    if (seen.has(key)) ctx.addIssue({ code: "custom", message: "routingRuleTwice", path: ["rules", index] });
    seen.add(key);
  });
  for (const platform of routingPlatforms) {
    if (!seen.has(`${platform}:any`))
      ctx.addIssue({ code: "custom", message: "routingPlatformMissing", path: ["rules"] });
  }
});

// The policy stored on an app (App.routingPolicy), or the default when none is stored or it no longer parses.
export function routingPolicyOf(stored: unknown): RoutingPolicy {
  if (stored == null) return defaultRoutingPolicy;
  const parsed = routingPolicySchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultRoutingPolicy;
}

// The row covering a device: its maker's row on its platform, else the platform's "any" row.
export function ruleFor(policy: RoutingPolicy, platform: string, maker: string | null): RoutingRule | undefined {
  return (
    (maker ? policy.rules.find((rule) => rule.platform === platform && rule.maker === maker) : undefined) ??
    policy.rules.find((rule) => rule.platform === platform && rule.maker === "any")
  );
}

// The channels a device may be sent on, in order: those of its row on which it has an active
// address (bit set in `activeMask`, Device.channelMask) and which `usable` accepts (allowed by the
// campaign, sendable by the app). The first is the route; the rest are the in-run fallbacks.
export function routeCandidates(
  policy: RoutingPolicy,
  platform: string,
  maker: string | null,
  activeMask: number,
  usable: (channel: DeviceChannel) => boolean,
): DeviceChannel[] {
  const rule = ruleFor(policy, platform, maker);
  if (!rule) return [];
  return rule.channels.filter(
    (channel) => !isSignalOnly(channel) && (activeMask & (1 << channelBit[channel])) !== 0 && usable(channel),
  );
}

// Memoizes routeCandidates per (platform, maker, mask): an audience has few distinct combinations,
// so fan-out and the reach counts work each out once.
export function createRouter(policy: RoutingPolicy, usable: (channel: DeviceChannel) => boolean) {
  const memo = new Map<string, DeviceChannel[]>();
  return (platform: string, maker: string | null, activeMask: number): DeviceChannel[] => {
    const key = `${platform}|${maker ?? ""}|${activeMask}`;
    let route = memo.get(key);
    if (!route) memo.set(key, (route = routeCandidates(policy, platform, maker, activeMask, usable)));
    return route;
  };
}
