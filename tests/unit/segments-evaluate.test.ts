// The in-memory evaluator: what each condition means for one device.
import { describe, expect, it } from "vitest";
import { compareVersionParts, evaluateSegment, parseSegment, versionParts, type SegmentDevice } from "@/lib/segments";

const now = new Date("2026-06-01T12:00:00.000Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const device: SegmentDevice = {
  tags: ["vip", "city:new york"],
  platform: "android",
  channels: ["fcm", "mqtt"],
  locale: "zh-CN",
  timezone: "America/New_York",
  appVersion: "5.10.1-beta",
  lastActiveAt: daysAgo(40),
  createdAt: daysAgo(10),
  isTest: false,
};
const matches = (source: string, overrides: Partial<SegmentDevice> = {}) =>
  evaluateSegment(parseSegment(source), { ...device, ...overrides }, now);

describe("evaluateSegment", () => {
  it("matches the issue's example", () => {
    expect(
      matches(
        "tag:vip and not tag:churned and (platform:android or platform:ios) and locale:zh* and appVersion>=5.2 and " +
          "lastActive>30d",
      ),
    ).toBe(true);
    expect(
      matches(
        "tag:vip and not tag:churned and (platform:android or platform:ios) and locale:zh* and appVersion>=5.2 and " +
          "lastActive>30d",
        { tags: ["vip", "churned"] },
      ),
    ).toBe(false);
  });

  it("matches tags case-insensitively through the lower-cased literal, null tags as none", () => {
    expect(matches('tag:"City:New York"')).toBe(true);
    expect(matches("tag:VIP and not tag:gold")).toBe(true);
    expect(matches("tag:vip", { tags: null })).toBe(false);
    expect(matches("not tag:vip", { tags: null })).toBe(true);
    expect(matches("any(tag:gold, tag:vip) and not all(tag:gold, tag:vip)")).toBe(true);
  });

  it("matches locales exactly (case-insensitively) or by prefix", () => {
    expect(matches("locale:zh-cn")).toBe(true);
    expect(matches("locale:zh")).toBe(false);
    expect(matches("locale:zh*", { locale: "zh" })).toBe(true);
    expect(matches("locale:zh*", { locale: "ZH-TW" })).toBe(true);
    expect(matches("locale:zh*", { locale: "en-US" })).toBe(false);
    expect(matches("locale:zh*", { locale: null })).toBe(false);
    expect(matches("not locale:zh*", { locale: null })).toBe(true);
  });

  it("matches timezones exactly or by prefix, case-sensitively", () => {
    expect(matches("timezone:America/*")).toBe(true);
    expect(matches("timezone:america/*")).toBe(false);
    expect(matches("timezone:America/New_York")).toBe(true);
    expect(matches("timezone:America/*", { timezone: null })).toBe(false);
  });

  it("compares versions numerically; missing or garbage versions never match", () => {
    expect(matches("appVersion>5.2")).toBe(true);
    expect(matches("appVersion>=5.10.1 and appVersion<=5.10.1 and appVersion=5.10.1")).toBe(true);
    expect(matches("appVersion=5.2", { appVersion: "5.2.0" })).toBe(true);
    expect(matches("appVersion<5.2.1", { appVersion: "5.2" })).toBe(true);
    expect(matches("appVersion>99999999999999999999", { appVersion: "100000000000000000000" })).toBe(true);
    for (const appVersion of [null, "", "beta", "v5.2", ".5"]) {
      for (const op of ["=", "!=", ">", ">=", "<", "<="])
        expect(matches(`appVersion${op}5`, { appVersion })).toBe(false);
      expect(matches("not appVersion>=5", { appVersion })).toBe(true);
    }
    expect(versionParts("05.02.00")).toEqual([5n, 2n]);
    expect(compareVersionParts([5n, 2n], [5n, 2n, 1n])).toBeLessThan(0);
  });

  it("reads durations relative to now at their boundaries", () => {
    expect(matches("lastActive>30d")).toBe(true);
    expect(matches("lastActive>40d")).toBe(false);
    expect(matches("lastActive>=40d")).toBe(true);
    expect(matches("lastActive<7d", { lastActiveAt: daysAgo(1) })).toBe(true);
    expect(matches("lastActive<24h", { lastActiveAt: daysAgo(1) })).toBe(false);
    expect(matches("lastActive<=24h", { lastActiveAt: daysAgo(1) })).toBe(true);
    expect(matches("lastActive<1441m", { lastActiveAt: daysAgo(1) })).toBe(true);
    expect(matches("createdAt<90d and createdAt>1w")).toBe(true);
    expect(matches("createdAt<2w and createdAt>=10d")).toBe(true);
  });

  it("matches platform, channel and test flags", () => {
    expect(matches("platform:android and channel:fcm and test:false")).toBe(true);
    expect(matches("platform:ios or channel:apns or test:true")).toBe(false);
    // channel: means "has an active address on": either of the device's two addresses matches.
    expect(matches("channel:mqtt and channel:fcm")).toBe(true);
    expect(matches("channel:mqtt", { channels: [] })).toBe(false);
    expect(matches("test:true", { isTest: true })).toBe(true);
  });
});
