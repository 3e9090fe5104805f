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
  // Attempts per delivery before it is recorded as failed.
  maxAttempts: number;
  // Longest sleep between looks for due work when no notification arrives.
  pollMs: number;
  // A campaign pauses itself when this share of its attempted deliveries failed, after `errorMinAttempts`.
  errorPauseRate: number;
  errorMinAttempts: number;
  // Messages per minute per provider credential when the app sets none (FCM's default project quota).
  defaultRatePerMinute: number;
  workerId: string;
}

export function readDispatchConfig(): DispatchConfig {
  return {
    leaseMs: num("HERALD_DISPATCH_LEASE_SECONDS", 30) * 1000,
    firstChunk: num("HERALD_DISPATCH_FIRST_CHUNK", 1000),
    chunk: num("HERALD_DISPATCH_CHUNK", 10_000),
    concurrency: num("HERALD_DISPATCH_CONCURRENCY", 8),
    maxAttempts: num("HERALD_DISPATCH_MAX_ATTEMPTS", 6),
    pollMs: num("HERALD_DISPATCH_POLL_MS", 500),
    errorPauseRate: num("HERALD_DISPATCH_ERROR_PAUSE_RATE", 0.5),
    errorMinAttempts: num("HERALD_DISPATCH_ERROR_MIN_ATTEMPTS", 200),
    defaultRatePerMinute: num("HERALD_RATE_PER_MINUTE", 600_000),
    workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  };
}
