// Funnels and series from rollup counters (pure): queued derived, the open-rate denominator chosen
// per channel, mixed rows, and series bucketed by local day across a DST change.
import { describe, expect, it } from "vitest";
import {
  type ChannelCounters,
  type Counters,
  emptyCounters,
  funnelOf,
  receiptChannels,
} from "@/server/analytics/funnel";
import { bucketSeries, granularityFor } from "@/server/analytics/series";

const counters = (values: Partial<Counters>): Counters => ({ ...emptyCounters(), ...values });

describe("funnelOf", () => {
  it("divides by received on receipt channels, by sent elsewhere, and sums both on mixed rows", () => {
    const mqtt: ChannelCounters = new Map([
      ["mqtt", counters({ targeted: 110, suppressed: 10, sent: 90, failed: 5, received: 80, opened: 20, clicked: 4 })],
    ]);
    expect(funnelOf(mqtt, receiptChannels)).toMatchObject({
      queued: 5,
      openRate: 20 / 80,
      clickThroughRate: 4 / 80,
      openRateBasis: "received",
      openRateDenominator: 80,
      openRateBasisMixed: false,
    });
    const fcm: ChannelCounters = new Map([["fcm", counters({ targeted: 100, sent: 100, received: 10, opened: 10 })]]);
    expect(funnelOf(fcm, receiptChannels)).toMatchObject({
      openRate: 0.1,
      openRateBasis: "sent",
      openRateDenominator: 100,
    });
    // FCM with receipts (its devices sent received events) switches to received.
    expect(funnelOf(fcm, new Set([...receiptChannels, "fcm"]))).toMatchObject({
      openRate: 1,
      openRateBasis: "received",
    });
    const mixed: ChannelCounters = new Map([...mqtt, ...fcm]);
    expect(funnelOf(mixed, receiptChannels)).toMatchObject({
      sent: 190,
      opened: 30,
      openRate: 30 / 180,
      openRateDenominator: 180,
      openRateBasis: "sent",
      openRateBasisMixed: true,
    });
  });

  it("answers null rates without a denominator", () => {
    expect(funnelOf(new Map(), receiptChannels)).toMatchObject({
      targeted: 0,
      openRate: null,
      clickThroughRate: null,
      openRateBasis: "sent",
    });
    const held: ChannelCounters = new Map([["mqtt", counters({ targeted: 5, suppressed: 5 })]]);
    expect(funnelOf(held, receiptChannels)).toMatchObject({ queued: 0, openRate: null });
  });
});

describe("bucketSeries", () => {
  const at = (iso: string, sent = 0, opened = 0) => ({ hour: new Date(iso), sent, received: 0, opened, clicked: 0 });

  it("buckets by local day, zero-filled, across the spring-forward night", () => {
    const rows = [at("2026-03-27T23:00:00Z", 5), at("2026-03-28T23:00:00Z", 1, 2), at("2026-03-29T21:00:00Z", 0, 3)];
    const series = bucketSeries(rows, "Europe/Berlin", "day", {
      from: new Date("2026-03-26T23:00:00Z"),
      to: new Date("2026-03-30T22:00:00Z"),
    });
    expect(series.map((p) => [p.at, p.sent, p.opened])).toEqual([
      ["2026-03-26T23:00:00.000Z", 0, 0],
      ["2026-03-27T23:00:00.000Z", 5, 0], // 2026-03-28 00:00 CET
      ["2026-03-28T23:00:00.000Z", 1, 5], // 2026-03-29 (23 hours long): 00:00 CET and 23:00 CEST
      ["2026-03-29T22:00:00.000Z", 0, 0], // 2026-03-30 00:00 CEST
    ]);
  });

  it("buckets by hour for short spans", () => {
    expect(granularityFor(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-03T23:00:00Z"))).toBe("hour");
    expect(granularityFor(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-05T00:00:00Z"))).toBe("day");
    const series = bucketSeries([at("2026-01-01T10:00:00Z", 3), at("2026-01-01T12:00:00Z", 1)], "UTC", "hour");
    expect(series.map((p) => [p.at, p.sent])).toEqual([
      ["2026-01-01T10:00:00.000Z", 3],
      ["2026-01-01T11:00:00.000Z", 0],
      ["2026-01-01T12:00:00.000Z", 1],
    ]);
    expect(bucketSeries([], "UTC", "hour")).toEqual([]);
  });
});
