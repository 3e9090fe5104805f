// Reach: how many devices of an audience a send would reach now, on which channel, and why the others
// would not, worked out the way fan-out decides (server/dispatch/fanout.ts): the app's routing policy
// over each device's active addresses, the campaign's allowed channels and the app's credentials,
// then the phone makers' marketing caps for promotions (lib/routing/vendor-quotas.ts).
//
// The database hands over devices grouped by (platform, maker, channelMask) (a few dozen groups
// for any audience) and, for promotions, how many devices of each group are at a vendor's cap on
// each capped channel; the router runs once per group here. Holdout, the app's own frequency caps
// and quiet hours are left out: they depend on the campaign's id and the send time, and fan-out
// reports them under their own reasons.
//
// Pure: used by the composer's and the Segments page's counts (server/segments/reach.ts) and tests.
import type { DeviceChannel } from "@/lib/channels/devices";
import { createRouter, type RoutingPolicy } from "./policy";
import { marketingCapOf, type VendorQuotaPolicy, vendorQuotaOutcome } from "./vendor-quotas";

// Devices of one kind in the audience.
export interface ReachGroup {
  platform: string;
  maker: string | null;
  channelMask: number;
  // False for devices fan-out suppresses as invalid (status invalid, or no active address left).
  active: boolean;
  devices: number;
}

// Devices of one kind at a vendor's marketing cap on `channel` today.
export interface CappedGroup {
  platform: string;
  maker: string | null;
  channelMask: number;
  channel: string;
  devices: number;
}

// Why a device is not reachable now.
export const unreachableReasons = ["no_address", "not_routed", "not_allowed", "no_credential", "vendor_quota"] as const;
export type UnreachableReason = (typeof unreachableReasons)[number];

// Share of the audience above which the composer warns before submit.
export const unreachableWarnShare = 0.1;

export interface Reach {
  // Devices a send targets (every one but unsubscribed ones): reachable + unreachable.
  audience: number;
  reachable: number;
  // Reachable devices per channel they would be sent on (after the vendor caps).
  byChannel: Record<string, number>;
  unreachable: number;
  unreachableBy: Partial<Record<UnreachableReason, number>>;
  // Promotions the makers' caps move to the app's own channel or drop, per capped channel.
  vendorCaps: { moved: number; dropped: number; byChannel: Record<string, { moved: number; dropped: number }> };
  // True when more than a tenth of the audience is unreachable.
  warn: boolean;
}

export interface ReachContext {
  policy: RoutingPolicy;
  // The campaign's allowed channels (empty: every channel).
  allowed: readonly string[];
  // True for channels the app can send through (described, and with a credential where one is required).
  sendable: (channel: DeviceChannel) => boolean;
  // A promotion (the makers' marketing class): the caps apply.
  marketing: boolean;
  quotaPolicy: VendorQuotaPolicy;
}

const groupKey = (platform: string, maker: string | null, mask: number) => `${platform}|${maker ?? ""}|${mask}`;

// The reach of an audience from its groups.
export function reachOf(groups: readonly ReachGroup[], capped: readonly CappedGroup[], context: ReachContext): Reach {
  const allowedBy = (channel: DeviceChannel) => !context.allowed.length || context.allowed.includes(channel);
  const route = createRouter(context.policy, (channel) => allowedBy(channel) && context.sendable(channel));
  const inPolicy = createRouter(context.policy, () => true);
  const allowedOnly = createRouter(context.policy, allowedBy);
  const atCap = new Map<string, number>();
  for (const row of capped) {
    const key = `${groupKey(row.platform, row.maker, row.channelMask)}|${row.channel}`;
    atCap.set(key, (atCap.get(key) ?? 0) + row.devices);
  }
  const reach: Reach = {
    audience: 0,
    reachable: 0,
    byChannel: {},
    unreachable: 0,
    unreachableBy: {},
    vendorCaps: { moved: 0, dropped: 0, byChannel: {} },
    warn: false,
  };
  const reachVia = (channel: string, devices: number) => {
    if (devices <= 0) return;
    reach.reachable += devices;
    reach.byChannel[channel] = (reach.byChannel[channel] ?? 0) + devices;
  };
  const miss = (reason: UnreachableReason, devices: number) => {
    if (devices <= 0) return;
    reach.unreachable += devices;
    reach.unreachableBy[reason] = (reach.unreachableBy[reason] ?? 0) + devices;
  };
  for (const group of groups) {
    reach.audience += group.devices;
    if (!group.active || group.channelMask === 0) {
      miss("no_address", group.devices);
      continue;
    }
    const candidates = route(group.platform, group.maker, group.channelMask);
    if (!candidates.length) {
      if (!inPolicy(group.platform, group.maker, group.channelMask).length) miss("not_routed", group.devices);
      else if (!allowedOnly(group.platform, group.maker, group.channelMask).length) miss("not_allowed", group.devices);
      else miss("no_credential", group.devices);
      continue;
    }
    const first = candidates[0]!;
    const cap = context.marketing ? marketingCapOf(first) : null;
    const over =
      cap === null
        ? 0
        : Math.min(
            group.devices,
            atCap.get(`${groupKey(group.platform, group.maker, group.channelMask)}|${first}`) ?? 0,
          );
    reachVia(first, group.devices - over);
    if (over === 0 || cap === null) continue;
    // The devices at the cap: as fan-out would decide for one of them.
    const outcome = vendorQuotaOutcome(candidates, { [first]: cap }, true, context.quotaPolicy)!;
    const perChannel = (reach.vendorCaps.byChannel[first] ??= { moved: 0, dropped: 0 });
    if (outcome.kind === "moved") {
      reachVia(outcome.channel, over);
      reach.vendorCaps.moved += over;
      perChannel.moved += over;
    } else {
      miss("vendor_quota", over);
      reach.vendorCaps.dropped += over;
      perChannel.dropped += over;
    }
  }
  reach.warn = reach.audience > 0 && reach.unreachable / reach.audience > unreachableWarnShare;
  return reach;
}
