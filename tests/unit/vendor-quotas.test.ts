// The phone makers' marketing caps (lib/routing/vendor-quotas.ts): the table, the vendors' day and
// the decision for a device at a cap; and the reach counts built on them (lib/routing/reach.ts).
import { describe, expect, it } from "vitest";
import { channelMaskOf } from "@/lib/channels/devices";
import { defaultRoutingPolicy } from "@/lib/routing/policy";
import { reachOf, type ReachContext } from "@/lib/routing/reach";
import {
  cappedChannels,
  chinaDayStart,
  marketingCapOf,
  msUntilChinaMidnight,
  vendorMarketingCaps,
  vendorQuotaOutcome,
} from "@/lib/routing/vendor-quotas";

describe("vendor marketing caps", () => {
  it("caps the five makers' channels with the ordinary app's figure and names a source for each", () => {
    expect(Object.fromEntries(cappedChannels.map((c) => [c, marketingCapOf(c)]))).toEqual({
      hms: 2,
      honor: 2,
      xiaomi: 5,
      oppo: 2,
      vivo: 2,
    });
    for (const quota of Object.values(vendorMarketingCaps)) {
      expect(quota.source.length).toBeGreaterThan(10);
      expect(quota.newsAppPerDevicePerDay).toBeGreaterThan(quota.perDevicePerDay);
    }
    // JPush keeps its own accounting; the app's own channels and FCM have no maker's cap.
    for (const channel of ["jpush", "fcm", "mqtt", "poll"]) expect(marketingCapOf(channel)).toBeNull();
  });

  it("counts the day from midnight in China (UTC+8)", () => {
    // 15:59:59 UTC is 23:59:59 in Beijing; 16:00 UTC starts the next Chinese day.
    expect(chinaDayStart(new Date("2026-12-07T15:59:59Z")).toISOString()).toBe("2026-12-06T16:00:00.000Z");
    expect(chinaDayStart(new Date("2026-12-07T16:00:00Z")).toISOString()).toBe("2026-12-07T16:00:00.000Z");
    expect(chinaDayStart(Date.parse("2026-12-07T02:00:00Z")).toISOString()).toBe("2026-12-06T16:00:00.000Z");
    expect(msUntilChinaMidnight(Date.parse("2026-12-07T15:00:00Z"))).toBe(3_600_000);
    expect(msUntilChinaMidnight(Date.parse("2026-12-07T16:00:00Z"))).toBe(86_400_000);
  });

  it("keeps the route under the cap and for anything but a promotion", () => {
    expect(vendorQuotaOutcome(["hms", "mqtt"], { hms: 1 }, true, "fallback")).toEqual({
      kind: "routed",
      channel: "hms",
    });
    expect(vendorQuotaOutcome(["hms", "mqtt"], { hms: 9 }, false, "suppress")).toEqual({
      kind: "routed",
      channel: "hms",
    });
    expect(vendorQuotaOutcome(["jpush", "mqtt"], { jpush: 9 }, true, "suppress")).toEqual({
      kind: "routed",
      channel: "jpush",
    });
    expect(vendorQuotaOutcome([], undefined, true, "fallback")).toBeNull();
  });

  it("at the cap falls back to the first own channel, or drops under suppress or without one", () => {
    expect(vendorQuotaOutcome(["xiaomi", "fcm", "poll", "mqtt"], { xiaomi: 5 }, true, "fallback")).toEqual({
      kind: "moved",
      channel: "poll",
      from: "xiaomi",
    });
    // FCM or JPush are not the app's own channel: no fallback to them.
    expect(vendorQuotaOutcome(["vivo", "jpush", "fcm"], { vivo: 2 }, true, "fallback")).toEqual({
      kind: "dropped",
      from: "vivo",
    });
    expect(vendorQuotaOutcome(["oppo", "mqtt"], { oppo: 3 }, true, "suppress")).toEqual({
      kind: "dropped",
      from: "oppo",
    });
  });
});

describe("reach of an audience", () => {
  const mask = (...channels: string[]) => channelMaskOf(channels);
  const context = (overrides: Partial<ReachContext> = {}): ReachContext => ({
    policy: defaultRoutingPolicy,
    allowed: [],
    sendable: (channel) => !["oppo", "apns"].includes(channel),
    marketing: false,
    quotaPolicy: "fallback",
    ...overrides,
  });
  const groups = [
    { platform: "android", maker: "huawei", channelMask: mask("hms", "mqtt"), active: true, devices: 50 },
    { platform: "android", maker: "vivo", channelMask: mask("vivo"), active: true, devices: 20 },
    // OPPO has no credential: its phones go on MQTT when they have it, else nowhere.
    { platform: "android", maker: "oppo", channelMask: mask("oppo", "mqtt"), active: true, devices: 10 },
    { platform: "android", maker: "oppo", channelMask: mask("oppo"), active: true, devices: 4 },
    // A Huawei phone with only a Xiaomi address: the Huawei row does not use Xiaomi's channel.
    { platform: "android", maker: "huawei", channelMask: mask("xiaomi"), active: true, devices: 3 },
    { platform: "android", maker: null, channelMask: 0, active: false, devices: 6 },
    { platform: "ios", maker: null, channelMask: mask("apns"), active: true, devices: 7 },
  ];

  it("routes each group as fan-out would and says why the others are not reachable", () => {
    const reach = reachOf(groups, [], context());
    expect(reach).toMatchObject({
      audience: 100,
      reachable: 80,
      byChannel: { hms: 50, vivo: 20, mqtt: 10 },
      unreachable: 20,
      unreachableBy: { no_credential: 11, not_routed: 3, no_address: 6 },
      vendorCaps: { moved: 0, dropped: 0, byChannel: {} },
      warn: true,
    });
    // A campaign limited to MQTT: phones without an MQTT address are not allowed (whatever their credentials).
    const mqttOnly = reachOf(groups, [], context({ allowed: ["mqtt"] }));
    expect(mqttOnly.byChannel).toEqual({ mqtt: 60 });
    expect(mqttOnly.unreachableBy).toEqual({ not_allowed: 31, not_routed: 3, no_address: 6 });
  });

  it("moves or drops the devices at a maker's cap for promotions only", () => {
    const capped = [
      { platform: "android", maker: "huawei", channelMask: mask("hms", "mqtt"), channel: "hms", devices: 15 },
      { platform: "android", maker: "vivo", channelMask: mask("vivo"), channel: "vivo", devices: 5 },
      // At a cap on a channel that is not its route: no effect.
      { platform: "android", maker: "huawei", channelMask: mask("hms", "mqtt"), channel: "xiaomi", devices: 9 },
    ];
    const promo = reachOf(groups, capped, context({ marketing: true }));
    expect(promo.byChannel).toEqual({ hms: 35, mqtt: 25, vivo: 15 });
    expect(promo.vendorCaps).toEqual({
      moved: 15,
      dropped: 5,
      byChannel: { hms: { moved: 15, dropped: 0 }, vivo: { moved: 0, dropped: 5 } },
    });
    expect(promo.unreachableBy.vendor_quota).toBe(5);
    const suppress = reachOf(groups, capped, context({ marketing: true, quotaPolicy: "suppress" }));
    expect(suppress.byChannel).toEqual({ hms: 35, mqtt: 10, vivo: 15 });
    expect(suppress.unreachableBy.vendor_quota).toBe(20);
    expect(reachOf(groups, capped, context()).byChannel).toEqual({ hms: 50, vivo: 20, mqtt: 10 });
  });

  it("warns only above a tenth of the audience", () => {
    const base = { platform: "android", maker: "xiaomi", channelMask: mask("xiaomi"), active: true };
    const dead = { platform: "android", maker: null, channelMask: 0, active: false };
    expect(
      reachOf(
        [
          { ...base, devices: 90 },
          { ...dead, devices: 10 },
        ],
        [],
        context(),
      ).warn,
    ).toBe(false);
    expect(
      reachOf(
        [
          { ...base, devices: 89 },
          { ...dead, devices: 11 },
        ],
        [],
        context(),
      ).warn,
    ).toBe(true);
    expect(reachOf([], [], context())).toMatchObject({ audience: 0, reachable: 0, warn: false });
  });
});
