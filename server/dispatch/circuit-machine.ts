// The circuit breaker's state machine for one app's push channel, as pure functions of the stored
// row, one batch's verdict and the time (the database's clock), so every worker that shares the row
// decides alike and the unit tests can drive it. circuit.ts loads and stores the row.
//
// closed ──(N whole batches in a row failed transiently, or, on a batch that partly reached the
// service, the recent transient-failure rate is over the threshold)──► open: no batch of the channel
// is claimed until `holdUntil`
// open ──(holdUntil passed: the next batch claimed becomes the probe)──► half_open
// half_open ──(the probe reached the service)──► closed
// half_open ──(the probe failed as a whole)──► open again, holding twice as long (up to maxOpenMs)
// Any batch that reached the service closes the circuit (the service is back), whatever its state.
//
// No library fits: the Node circuit breakers (opossum, cockatiel) keep their state in one process,
// while Herald's workers on several machines must share it, so it lives in a PostgreSQL row.
import type { CircuitConfig } from "./config";

export type CircuitStateName = "closed" | "open" | "half_open";

// The stored row, times as epoch milliseconds.
export interface CircuitRow {
  state: CircuitStateName;
  consecutiveFailures: number;
  recentOk: number;
  recentFailed: number;
  recentAt: number | null;
  openedAt: number | null;
  holdUntil: number | null;
  reopens: number;
  probeBatchId: string | null;
  lastError: string | null;
}

export const closedCircuit: CircuitRow = {
  state: "closed",
  consecutiveFailures: 0,
  recentOk: 0,
  recentFailed: 0,
  recentAt: null,
  openedAt: null,
  holdUntil: null,
  reopens: 0,
  probeBatchId: null,
  lastError: null,
};

// What one batch's answers say about the channel.
export interface BatchVerdict {
  batchId: string;
  // Messages the service answered for itself (sent, dead token, rejected payload).
  answered: number;
  // Messages that failed transiently because of the service (5xx, timeout, connection refused or reset);
  // rate-limit answers are not outages and count in neither.
  transient: number;
  // The first transient error, shown on the campaign page while the channel is held.
  error: string | null;
}

// Whole batch failed transiently: nothing answered, something failed.
export const wholeBatchFailed = (verdict: BatchVerdict) => verdict.answered === 0 && verdict.transient > 0;

// An exponentially decayed count: what it was `elapsedMs` ago weighs e^(-elapsed/window) now.
export function decayed(value: number, since: number | null, now: number, windowMs: number): number {
  if (since === null || value === 0) return 0;
  return value * Math.exp(-Math.max(0, now - since) / windowMs);
}

// How long the circuit stays open after its `reopens`-th failed probe (0 for the first opening).
export function holdMs(reopens: number, config: CircuitConfig): number {
  return Math.min(config.maxOpenMs, config.openMs * 2 ** Math.min(reopens, 30));
}

// The row after one batch's answers were recorded.
export function observeBatch(row: CircuitRow, verdict: BatchVerdict, now: number, config: CircuitConfig): CircuitRow {
  const recentOk = decayed(row.recentOk, row.recentAt, now, config.windowMs) + verdict.answered;
  const recentFailed = decayed(row.recentFailed, row.recentAt, now, config.windowMs) + verdict.transient;
  const next: CircuitRow = { ...row, recentOk, recentFailed, recentAt: now };
  if (verdict.answered > 0) {
    if (row.state === "closed") {
      next.consecutiveFailures = 0;
      if (verdict.transient === 0) return next;
      next.lastError = verdict.error;
      return rateTripped(next, config) ? open(next, now, config) : next;
    }
    // The service answered: back to normal, and the outage's failures no longer weigh on the rate.
    return { ...closedCircuit, recentOk: verdict.answered, recentFailed: verdict.transient, recentAt: now };
  }
  if (verdict.transient === 0) return next;
  next.consecutiveFailures = row.consecutiveFailures + 1;
  next.lastError = verdict.error;
  if (row.state === "half_open") {
    // The probe (or a batch still in flight from before) failed: hold again, longer.
    const reopens = row.reopens + 1;
    return { ...next, state: "open", reopens, holdUntil: now + holdMs(reopens, config), probeBatchId: null };
  }
  if (row.state === "open") return next;
  // Whole-batch failures open it by their run alone (one dropped connection is no outage); the rate
  // catches a service failing part of every batch, checked on batches that reached it (above).
  return next.consecutiveFailures >= config.consecutiveFailures ? open(next, now, config) : next;
}

function rateTripped(row: CircuitRow, config: CircuitConfig): boolean {
  const total = row.recentOk + row.recentFailed;
  return total >= config.minMessages && row.recentFailed / total >= config.failureRate;
}

function open(row: CircuitRow, now: number, config: CircuitConfig): CircuitRow {
  return { ...row, state: "open", openedAt: now, reopens: 0, holdUntil: now + holdMs(0, config), probeBatchId: null };
}

// What a worker that claimed `batchId` may do: send it, send it as the half-open probe (the row
// changes), or hold it (release it, without counting an attempt) until `until`.
export type Admission = { kind: "send" } | { kind: "probe"; row: CircuitRow } | { kind: "hold"; until: number };

export function admitBatch(row: CircuitRow | null, batchId: string, now: number, config: CircuitConfig): Admission {
  if (!row || row.state === "closed") return { kind: "send" };
  // The probe's own batch, claimed again (its worker died, or it was released): it stays the probe.
  if (row.state === "half_open" && row.probeBatchId === batchId) return { kind: "send" };
  if (row.holdUntil !== null && row.holdUntil > now) return { kind: "hold", until: row.holdUntil };
  return {
    kind: "probe",
    row: { ...row, state: "half_open", probeBatchId: batchId, holdUntil: now + config.probeTimeoutMs },
  };
}
