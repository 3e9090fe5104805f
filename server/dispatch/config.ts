// The dispatcher's knobs, named and read once from the environment (README "Configuration").
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export interface DispatchConfig {
  // How long a claimed wave or batch stays with its worker without renewal before another may take it.
  leaseMs: number;
  // Devices per fan-out step; the first step is small so the first push leaves quickly.
  firstChunk: number;
  chunk: number;
  // Batches one worker process sends at once (across campaigns and channels).
  concurrency: number;
  // How long a delivery's transient failures (5xx, timeouts, connection trouble) are retried, from its
  // first attempt, before it is recorded as failed (never beyond the campaign's time to live).
  retryWindowMs: number;
  // How long deliveries of a batch that failed as a whole (the channel was down) may stay held; past
  // it a probe's failure fails them (a channel down for hours must not keep a campaign open forever).
  holdMaxMs: number;
  // Longest sleep between looks for due work when no notification arrives.
  pollMs: number;
  // A campaign pauses itself when this share of its recent final outcomes failed (decayed with the
  // time constant `errorWindowMs`), once at least `errorMinAttempts` recent outcomes count.
  errorPauseRate: number;
  errorMinAttempts: number;
  errorWindowMs: number;
  // The circuit breaker per app and channel (circuit.ts), shared by every worker through the database.
  circuit: CircuitConfig;
  // Messages per minute per provider credential when the app sets none (FCM's default project quota).
  defaultRatePerMinute: number;
  workerId: string;
}

export interface CircuitConfig {
  // Opens after this many whole batches in a row failed transiently...
  consecutiveFailures: number;
  // ... or when this share of recently sent messages failed transiently (time constant `windowMs`),
  // once at least `minMessages` recent messages count.
  failureRate: number;
  windowMs: number;
  minMessages: number;
  // The first hold, doubled on each failed probe up to `maxOpenMs`.
  openMs: number;
  maxOpenMs: number;
  // How long a half-open channel waits for its probe batch before letting another batch probe.
  probeTimeoutMs: number;
}

export function readDispatchConfig(): DispatchConfig {
  return {
    leaseMs: num("HERALD_DISPATCH_LEASE_SECONDS", 30) * 1000,
    firstChunk: num("HERALD_DISPATCH_FIRST_CHUNK", 1000),
    chunk: num("HERALD_DISPATCH_CHUNK", 10_000),
    concurrency: num("HERALD_DISPATCH_CONCURRENCY", 8),
    retryWindowMs: num("HERALD_DISPATCH_RETRY_WINDOW_SECONDS", 900) * 1000,
    holdMaxMs: num("HERALD_DISPATCH_HOLD_MAX_SECONDS", 6 * 3600) * 1000,
    pollMs: num("HERALD_DISPATCH_POLL_MS", 500),
    errorPauseRate: num("HERALD_DISPATCH_ERROR_PAUSE_RATE", 0.5),
    errorMinAttempts: num("HERALD_DISPATCH_ERROR_MIN_ATTEMPTS", 200),
    errorWindowMs: num("HERALD_DISPATCH_ERROR_WINDOW_SECONDS", 60) * 1000,
    circuit: {
      consecutiveFailures: num("HERALD_CIRCUIT_CONSECUTIVE_FAILURES", 3),
      failureRate: num("HERALD_CIRCUIT_FAILURE_RATE", 0.5),
      windowMs: num("HERALD_CIRCUIT_WINDOW_SECONDS", 60) * 1000,
      minMessages: num("HERALD_CIRCUIT_MIN_MESSAGES", 500),
      openMs: num("HERALD_CIRCUIT_OPEN_SECONDS", 5) * 1000,
      maxOpenMs: num("HERALD_CIRCUIT_MAX_OPEN_SECONDS", 30) * 1000,
      probeTimeoutMs: num("HERALD_CIRCUIT_PROBE_TIMEOUT_SECONDS", 30) * 1000,
    },
    defaultRatePerMinute: num("HERALD_RATE_PER_MINUTE", 600_000),
    workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  };
}
