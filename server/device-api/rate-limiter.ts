// Per-key token buckets in process memory for the device API. The limit is per process: with N
// app processes behind a load balancer an app can reach N × the configured rate.
export interface RateLimitConfig {
  // Tokens added per second (sustained requests per second).
  ratePerSec: number;
  // Bucket capacity (the largest burst); defaults to 2 × rate.
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  // Whole seconds until one token is available again (≥ 1); 0 when allowed.
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

// A token bucket per key. `now` is injectable so tests can move time.
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly config: RateLimitConfig,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(config.ratePerSec > 0) || !(config.burst >= 1))
      throw new Error("rate limit: ratePerSec must be > 0 and burst ≥ 1");
  }

  // Takes one token for `key` if there is one.
  take(key: string): RateLimitDecision {
    const { ratePerSec, burst } = this.config;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * ratePerSec);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, limit: burst, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSec));
    return { allowed: false, limit: burst, remaining: 0, retryAfterSeconds: wait };
  }

  // Number of keys tracked (for tests and metrics).
  get size(): number {
    return this.buckets.size;
  }
}

function positiveNumber(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== "" && Number.isFinite(value) && value > 0 ? value : fallback;
}

// Limits from HERALD_API_RATE_PER_SEC (default 1000) and HERALD_API_BURST (default 2 × rate).
export function rateLimitFromEnv(env: Record<string, string | undefined> = process.env): RateLimitConfig {
  const ratePerSec = positiveNumber(env.HERALD_API_RATE_PER_SEC, 1000);
  return { ratePerSec, burst: Math.max(1, Math.floor(positiveNumber(env.HERALD_API_BURST, ratePerSec * 2))) };
}

const holder = globalThis as { heraldApiLimiter?: TokenBucketLimiter };

// The process-wide limiter used by apiRoute, created from the environment on first use.
export function apiRateLimiter(): TokenBucketLimiter {
  holder.heraldApiLimiter ??= new TokenBucketLimiter(rateLimitFromEnv());
  return holder.heraldApiLimiter;
}

// Replaces the process-wide limits (tests; a restart-free reconfiguration). Buckets start full.
export function configureApiRateLimit(config: Partial<RateLimitConfig> = {}): TokenBucketLimiter {
  const base = rateLimitFromEnv();
  const ratePerSec = config.ratePerSec ?? base.ratePerSec;
  holder.heraldApiLimiter = new TokenBucketLimiter({
    ratePerSec,
    burst: config.burst ?? (config.ratePerSec ? ratePerSec * 2 : base.burst),
  });
  return holder.heraldApiLimiter;
}
