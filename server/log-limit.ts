// Rate-limited logging for lines a client can cause: refusals of a client's mistakes (4xx: bad JSON,
// validation, auth refusals, 405, a bad Host) and faults of ours (5xx). A client's mistake is one line
// at info (warn for refused credentials or origins) with no stack trace: the stack says nothing about
// our code and a flood of them buried real faults. A fault keeps its stack.
//
// Each kind of line (a fixed string from the code, never request data, so the set of kinds is bounded)
// has a token bucket: `HERALD_LOG_LIMIT` lines (default 30) at once, refilled at that many per minute.
// A line over the limit is counted instead of written; one "N similar lines suppressed" line per kind
// follows within a minute. No well-kept library does this for pino (pino has no sampling or limits of
// its own; the token-bucket packages would still need the per-kind counting and the summary), so it is
// these few lines.
import "server-only";
import { log } from "@/server/log";

type Level = "info" | "warn" | "error";
const rank: Record<Level, number> = { info: 0, warn: 1, error: 2 };

interface Bucket {
  tokens: number;
  at: number;
  suppressed: number;
  level: Level;
  timer: NodeJS.Timeout | null;
}

export interface LogLimiterOptions {
  // Lines per kind at once and per minute.
  perMinute: number;
  // How long a suppressed line waits at most for its summary.
  summaryMs?: number;
  now?: () => number;
}

export class LogLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly summaryMs: number;
  private readonly now: () => number;

  constructor(private readonly options: LogLimiterOptions) {
    this.summaryMs = options.summaryMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  // Writes the line unless its kind is over the limit; answers whether it was written.
  write(kind: string, level: Level, fields: Record<string, unknown>, message: string): boolean {
    const bucket = this.take(kind);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      log[level]({ ...fields, kind }, message);
      return true;
    }
    bucket.suppressed += 1;
    if (rank[level] > rank[bucket.level]) bucket.level = level;
    if (!bucket.timer) {
      bucket.timer = setTimeout(() => this.summarise(kind), this.summaryMs);
      bucket.timer.unref();
    }
    return false;
  }

  // Writes every pending "suppressed" line now (shutdown, tests).
  flush(): void {
    for (const kind of this.buckets.keys()) this.summarise(kind);
  }

  private take(kind: string): Bucket {
    const now = this.now();
    const limit = this.options.perMinute;
    let bucket = this.buckets.get(kind);
    if (!bucket) {
      bucket = { tokens: limit, at: now, suppressed: 0, level: "info", timer: null };
      this.buckets.set(kind, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) * limit) / 60_000);
    bucket.at = now;
    return bucket;
  }

  private summarise(kind: string): void {
    const bucket = this.buckets.get(kind);
    if (!bucket) return;
    if (bucket.timer) clearTimeout(bucket.timer);
    bucket.timer = null;
    if (bucket.suppressed === 0) return;
    const suppressed = bucket.suppressed;
    bucket.suppressed = 0;
    log[bucket.level]({ kind, suppressed }, `${suppressed} similar lines suppressed`);
    bucket.level = "info";
  }
}

function configuredLimit(): number {
  const value = Number(process.env.HERALD_LOG_LIMIT);
  return Number.isInteger(value) && value > 0 ? value : 30;
}

export const logLimiter = new LogLimiter({ perMinute: configuredLimit() });

// A request refused for the client's mistake: one line, no stack.
export function logRefusal(
  kind: string,
  fields: Record<string, unknown>,
  message: string,
  level: "info" | "warn" = "info",
): void {
  logLimiter.write(kind, level, fields, message);
}

// A fault of ours while serving a request: the error with its stack.
export function logFault(kind: string, error: unknown, fields: Record<string, unknown>, message: string): void {
  logLimiter.write(kind, "error", { ...fields, err: error }, message);
}

// A path for a log line: without its query (it may hold a key or a token) and at most 200 characters.
export function loggedPath(url: string | undefined): string {
  return (url ?? "").split("?")[0]!.slice(0, 200);
}
