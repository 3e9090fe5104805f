// Funnels from rollup counters: queued is derived (targeted - suppressed - sent - failed), and the
// open rate's denominator is decided per channel: channels that report receipts (MQTT and the inbox
// always; any other channel once its devices sent explicit `received` events for the campaign)
// divide by received, the others by sent. A row mixing both sums each channel's own denominator.
// Click-through rate uses the same denominator as the open rate.
import { proportion } from "@/lib/analytics/stats";
import type { Funnel, FunnelRow } from "@/lib/analytics/types";

// The counters a CampaignHourlyStat row holds.
export interface Counters {
  targeted: number;
  suppressed: number;
  sent: number;
  failed: number;
  received: number;
  opened: number;
  clicked: number;
  dismissed: number;
  appOpened: number;
}

export const counterNames = [
  "targeted",
  "suppressed",
  "sent",
  "failed",
  "received",
  "opened",
  "clicked",
  "dismissed",
  "appOpened",
] as const satisfies ReadonlyArray<keyof Counters>;

// Channels whose transport confirms arrival by itself ([3/4]: MQTT receipts, inbox fetches).
export const receiptChannels: ReadonlySet<string> = new Set(["mqtt", "poll"]);

export function emptyCounters(): Counters {
  return {
    targeted: 0,
    suppressed: 0,
    sent: 0,
    failed: 0,
    received: 0,
    opened: 0,
    clicked: 0,
    dismissed: 0,
    appOpened: 0,
  };
}

// Adds `from` into `into` (mutating; returns `into`).
export function addCounters(into: Counters, from: Counters): Counters {
  for (const name of counterNames) into[name] += from[name];
  return into;
}

// Counters of one slice, split by channel (each channel's denominator differs).
export type ChannelCounters = Map<string, Counters>;

export function addToChannel(slice: ChannelCounters, channel: string, counters: Counters): void {
  const current = slice.get(channel);
  if (current) addCounters(current, counters);
  else slice.set(channel, addCounters(emptyCounters(), counters));
}

// The funnel of one slice; `withReceipts` are the channels whose open rate divides by received.
export function funnelOf(slice: ChannelCounters, withReceipts: ReadonlySet<string>): Funnel {
  const total = emptyCounters();
  let byReceipts = 0;
  let bySends = 0;
  for (const [channel, counters] of slice) {
    addCounters(total, counters);
    if (withReceipts.has(channel)) byReceipts += counters.received;
    else bySends += counters.sent;
  }
  const denominator = byReceipts + bySends;
  const usesReceipts = [...slice].some(([channel, c]) => withReceipts.has(channel) && c.sent > 0);
  const usesSends = [...slice].some(([channel, c]) => !withReceipts.has(channel) && c.sent > 0);
  const basis = usesReceipts && (!usesSends || byReceipts >= bySends) ? "received" : "sent";
  return {
    targeted: total.targeted,
    suppressed: total.suppressed,
    sent: total.sent,
    failed: total.failed,
    queued: Math.max(0, total.targeted - total.suppressed - total.sent - total.failed),
    received: total.received,
    opened: total.opened,
    clicked: total.clicked,
    dismissed: total.dismissed,
    openRate: proportion(total.opened, denominator),
    openRateBasis: basis,
    clickThroughRate: proportion(total.clicked, denominator),
    openRateDenominator: denominator,
    openRateBasisMixed: usesReceipts && usesSends,
  };
}

// Funnel rows of a dimension (variant, platform, channel...), in key order.
export function funnelRows(slices: Map<string, ChannelCounters>, withReceipts: ReadonlySet<string>): FunnelRow[] {
  return [...slices.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, slice]) => ({ key, ...funnelOf(slice, withReceipts) }));
}

// The slice of `key` in a dimension map, created when missing.
export function sliceOf(slices: Map<string, ChannelCounters>, key: string): ChannelCounters {
  let slice = slices.get(key);
  if (!slice) slices.set(key, (slice = new Map()));
  return slice;
}
