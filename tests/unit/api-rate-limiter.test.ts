// The device API's token bucket: burst, refill, Retry-After, per-key isolation and env config.
import { describe, expect, it } from "vitest";
import { rateLimitFromEnv, TokenBucketLimiter } from "@/server/device-api/rate-limiter";

function clockAt(start = 0) {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
}

describe("TokenBucketLimiter", () => {
  it("allows a full burst, then refuses with Retry-After ≥ 1 s", () => {
    const clock = clockAt();
    const limiter = new TokenBucketLimiter({ ratePerSec: 2, burst: 3 }, clock.now);
    const decisions = [1, 2, 3].map(() => limiter.take("app"));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0]);
    const refused = limiter.take("app");
    expect(refused).toEqual({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 1 });
  });

  it("refills at the configured rate and never above the burst", () => {
    const clock = clockAt();
    const limiter = new TokenBucketLimiter({ ratePerSec: 10, burst: 5 }, clock.now);
    for (let i = 0; i < 5; i++) limiter.take("app");
    expect(limiter.take("app").allowed).toBe(false);
    clock.ms += 100; // one token
    expect(limiter.take("app").allowed).toBe(true);
    expect(limiter.take("app").allowed).toBe(false);
    clock.ms += 60_000;
    expect(limiter.take("app").remaining).toBe(4);
  });

  it("rounds Retry-After up to whole seconds for slow rates", () => {
    const clock = clockAt();
    const limiter = new TokenBucketLimiter({ ratePerSec: 0.2, burst: 1 }, clock.now);
    limiter.take("app");
    expect(limiter.take("app").retryAfterSeconds).toBe(5);
  });

  it("keeps keys apart: one app's flood doesn't touch another's bucket", () => {
    const limiter = new TokenBucketLimiter({ ratePerSec: 1, burst: 2 }, clockAt().now);
    for (let i = 0; i < 10; i++) limiter.take("noisy");
    expect(limiter.take("noisy").allowed).toBe(false);
    expect(limiter.take("quiet")).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("rejects nonsense limits", () => {
    expect(() => new TokenBucketLimiter({ ratePerSec: 0, burst: 1 })).toThrow();
    expect(() => new TokenBucketLimiter({ ratePerSec: 1, burst: 0 })).toThrow();
  });
});

describe("rateLimitFromEnv", () => {
  it("defaults to 1000/s with a burst of twice the rate", () => {
    expect(rateLimitFromEnv({})).toEqual({ ratePerSec: 1000, burst: 2000 });
    expect(rateLimitFromEnv({ HERALD_API_RATE_PER_SEC: "50" })).toEqual({ ratePerSec: 50, burst: 100 });
    expect(rateLimitFromEnv({ HERALD_API_RATE_PER_SEC: "50", HERALD_API_BURST: "7" })).toEqual({
      ratePerSec: 50,
      burst: 7,
    });
  });

  it("ignores invalid values", () => {
    expect(rateLimitFromEnv({ HERALD_API_RATE_PER_SEC: "-3", HERALD_API_BURST: "abc" })).toEqual({
      ratePerSec: 1000,
      burst: 2000,
    });
  });
});
