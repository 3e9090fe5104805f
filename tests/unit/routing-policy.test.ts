// The routing policy (lib/routing/policy.ts): which channel each kind of phone is sent on.
import { describe, expect, it } from "vitest";
import { channelMaskOf } from "@/lib/channels/devices";
import {
  createRouter,
  defaultRoutingPolicy,
  routeCandidates,
  routingPolicyOf,
  routingPolicySchema,
  ruleFor,
} from "@/lib/routing/policy";

const all = () => true;

describe("routing policy", () => {
  it("routes each maker to its own channel first, then JPush, FCM, MQTT and the inbox", () => {
    const mask = channelMaskOf(["fcm", "jpush", "hms", "honor", "xiaomi", "oppo", "vivo", "mqtt", "poll"]);
    const first = (maker: string | null, platform = "android") =>
      routeCandidates(defaultRoutingPolicy, platform, maker, mask, all)[0];
    expect(first("huawei")).toBe("hms");
    expect(first("honor")).toBe("honor");
    expect(first("xiaomi")).toBe("xiaomi");
    expect(first("oppo")).toBe("oppo");
    expect(first("vivo")).toBe("vivo");
    expect(routeCandidates(defaultRoutingPolicy, "android", "xiaomi", mask, all)).toEqual([
      "xiaomi",
      "jpush",
      "fcm",
      "mqtt",
      "poll",
    ]);
    expect(first("huawei", "harmony")).toBe("hms");
  });

  it("skips channels without an active address or that the caller cannot use", () => {
    const mask = channelMaskOf(["xiaomi", "fcm", "mqtt"]);
    expect(routeCandidates(defaultRoutingPolicy, "android", "xiaomi", mask, all)).toEqual(["xiaomi", "fcm", "mqtt"]);
    expect(routeCandidates(defaultRoutingPolicy, "android", "xiaomi", mask, (c) => c !== "xiaomi")).toEqual([
      "fcm",
      "mqtt",
    ]);
    // A Huawei phone's row has no Xiaomi: a stray Xiaomi address is never used for it.
    expect(routeCandidates(defaultRoutingPolicy, "android", "huawei", mask, all)).toEqual(["fcm", "mqtt"]);
    expect(routeCandidates(defaultRoutingPolicy, "android", "huawei", 0, all)).toEqual([]);
  });

  it("uses the platform's any row for other makers and unknown brands", () => {
    expect(ruleFor(defaultRoutingPolicy, "android", "other")?.maker).toBe("any");
    expect(ruleFor(defaultRoutingPolicy, "android", null)?.maker).toBe("any");
    expect(ruleFor(defaultRoutingPolicy, "ios", "huawei")?.channels[0]).toBe("apns");
    const mask = channelMaskOf(["oppo", "mqtt"]);
    expect(routeCandidates(defaultRoutingPolicy, "android", null, mask, all)).toEqual(["oppo", "mqtt"]);
  });

  it("validates stored policies and falls back to the default for a broken one", () => {
    expect(routingPolicySchema.safeParse(defaultRoutingPolicy).success).toBe(true);
    const twice = { rules: [...defaultRoutingPolicy.rules, defaultRoutingPolicy.rules[0]] };
    expect(routingPolicySchema.safeParse(twice).success).toBe(false);
    const noAny = { rules: defaultRoutingPolicy.rules.filter((r) => !(r.platform === "web" && r.maker === "any")) };
    expect(routingPolicySchema.safeParse(noAny).success).toBe(false);
    const repeated = {
      rules: defaultRoutingPolicy.rules.map((r, i) => (i === 0 ? { ...r, channels: ["hms", "hms"] } : r)),
    };
    expect(routingPolicySchema.safeParse(repeated).success).toBe(false);
    expect(routingPolicyOf(null)).toBe(defaultRoutingPolicy);
    expect(routingPolicyOf({ rules: "nope" })).toBe(defaultRoutingPolicy);
    const custom = {
      rules: defaultRoutingPolicy.rules.map((r) => (r.maker === "xiaomi" ? { ...r, channels: ["fcm", "xiaomi"] } : r)),
    };
    expect(routingPolicyOf(custom).rules.find((r) => r.maker === "xiaomi")?.channels).toEqual(["fcm", "xiaomi"]);
  });

  it("memoizes per platform, maker and mask", () => {
    let calls = 0;
    const route = createRouter(defaultRoutingPolicy, () => {
      calls++;
      return true;
    });
    const mask = channelMaskOf(["vivo", "mqtt"]);
    expect(route("android", "vivo", mask)).toEqual(["vivo", "mqtt"]);
    const after = calls;
    expect(route("android", "vivo", mask)).toEqual(["vivo", "mqtt"]);
    expect(calls).toBe(after);
  });
});
