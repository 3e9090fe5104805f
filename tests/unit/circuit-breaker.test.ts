// The circuit breaker's state machine (server/dispatch/circuit-machine.ts) driven batch by batch:
// opening on consecutive whole-batch failures and on the recent failure rate, holding, the single
// half-open probe, closing on success and re-opening with a doubled hold.
import { describe, expect, it } from "vitest";
import {
  admitBatch,
  closedCircuit,
  decayed,
  holdMs,
  observeBatch,
  type BatchVerdict,
  type CircuitRow,
} from "@/server/dispatch/circuit-machine";
import { verdictOf } from "@/server/dispatch/circuit";
import type { CircuitConfig } from "@/server/dispatch/config";

const config: CircuitConfig = {
  consecutiveFailures: 3,
  failureRate: 0.5,
  windowMs: 60_000,
  minMessages: 500,
  openMs: 5000,
  maxOpenMs: 30_000,
  probeTimeoutMs: 30_000,
};
const down = (batchId: string): BatchVerdict => ({ batchId, answered: 0, transient: 500, error: "UNAVAILABLE" });
const up = (batchId: string): BatchVerdict => ({ batchId, answered: 500, transient: 0, error: null });

// Feeds verdicts one second apart from t = 0.
function feed(row: CircuitRow, verdicts: BatchVerdict[], start = 0) {
  return verdicts.reduce((current, verdict, i) => observeBatch(current, verdict, start + i * 1000, config), row);
}

describe("circuit breaker state machine", () => {
  it("stays closed below the consecutive-failure threshold and counts up", () => {
    const row = feed(closedCircuit, [down("1"), down("2")]);
    expect(row).toMatchObject({ state: "closed", consecutiveFailures: 2, lastError: "UNAVAILABLE" });
    expect(admitBatch(row, "3", 2000, config)).toEqual({ kind: "send" });
  });

  it("a batch that reached the service resets the run of failures", () => {
    const row = feed(closedCircuit, [down("1"), down("2"), up("3"), down("4"), down("5")]);
    expect(row).toMatchObject({ state: "closed", consecutiveFailures: 2 });
  });

  it("opens on the third whole-batch failure in a row and holds every batch until the probe time", () => {
    const row = feed(closedCircuit, [down("1"), down("2"), down("3")]);
    expect(row).toMatchObject({ state: "open", openedAt: 2000, holdUntil: 2000 + 5000, reopens: 0 });
    expect(admitBatch(row, "9", 3000, config)).toEqual({ kind: "hold", until: 7000 });
    expect(admitBatch(row, "9", 6999, config)).toEqual({ kind: "hold", until: 7000 });
  });

  it("half-open lets exactly one probe through; the others wait for it", () => {
    const open = feed(closedCircuit, [down("1"), down("2"), down("3")]);
    const admitted = admitBatch(open, "10", 7000, config);
    expect(admitted.kind).toBe("probe");
    const half = (admitted as { row: CircuitRow }).row;
    expect(half).toMatchObject({ state: "half_open", probeBatchId: "10", holdUntil: 7000 + 30_000 });
    expect(admitBatch(half, "11", 7001, config)).toEqual({ kind: "hold", until: 37_000 });
    // The probe's own batch claimed again (its worker died) stays the probe.
    expect(admitBatch(half, "10", 8000, config)).toEqual({ kind: "send" });
    // A probe that never reports lets another batch probe after the probe timeout.
    expect(admitBatch(half, "11", 37_000, config).kind).toBe("probe");
  });

  it("a successful probe closes the circuit and forgets the outage", () => {
    const open = feed(closedCircuit, [down("1"), down("2"), down("3")]);
    const half = (admitBatch(open, "10", 7000, config) as { row: CircuitRow }).row;
    const closed = observeBatch(half, up("10"), 7500, config);
    expect(closed).toMatchObject({
      state: "closed",
      consecutiveFailures: 0,
      openedAt: null,
      holdUntil: null,
      reopens: 0,
      probeBatchId: null,
      recentOk: 500,
      recentFailed: 0,
    });
    expect(admitBatch(closed, "11", 7600, config)).toEqual({ kind: "send" });
  });

  it("a failed probe re-opens with the hold doubled each time, up to the maximum", () => {
    let row = feed(closedCircuit, [down("1"), down("2"), down("3")]);
    const holds: number[] = [];
    let now = row.holdUntil!;
    for (let probe = 0; probe < 5; probe += 1) {
      const admitted = admitBatch(row, `p${probe}`, now, config);
      expect(admitted.kind).toBe("probe");
      row = observeBatch((admitted as { row: CircuitRow }).row, down(`p${probe}`), now + 100, config);
      expect(row.state).toBe("open");
      holds.push(row.holdUntil! - (now + 100));
      now = row.holdUntil!;
    }
    expect(holds).toEqual([10_000, 20_000, 30_000, 30_000, 30_000]);
    expect(row.openedAt).toBe(2000);
    expect(holdMs(0, config)).toBe(5000);
  });

  it("batches still in flight when it opened do not extend the hold", () => {
    const open = feed(closedCircuit, [down("1"), down("2"), down("3")]);
    const later = observeBatch(open, down("4"), 3000, config);
    expect(later).toMatchObject({ state: "open", holdUntil: 7000, consecutiveFailures: 4 });
  });

  it("opens on the recent failure rate when no whole batch fails", () => {
    // Each batch: 100 answered, 150 failed transiently (60%): never a whole-batch failure.
    const partial = (id: string): BatchVerdict => ({ batchId: id, answered: 100, transient: 150, error: "INTERNAL" });
    // 250 messages: under the minimum of 500.
    expect(observeBatch(closedCircuit, partial("1"), 0, config).state).toBe("closed");
    const row = feed(closedCircuit, [partial("1"), partial("2"), partial("3")]);
    expect(row).toMatchObject({ state: "open", consecutiveFailures: 0, lastError: "INTERNAL" });
  });

  it("one whole batch failing is no outage yet, however large", () => {
    const big: BatchVerdict = { batchId: "1", answered: 0, transient: 5000, error: "NETWORK" };
    expect(observeBatch(closedCircuit, big, 0, config)).toMatchObject({ state: "closed", consecutiveFailures: 1 });
  });

  it("old failures decay: a rate from minutes ago does not open it", () => {
    const partial = (id: string): BatchVerdict => ({ batchId: id, answered: 100, transient: 300, error: "INTERNAL" });
    const early = observeBatch(closedCircuit, partial("1"), 0, config);
    expect(early.state).toBe("closed"); // 400 < minMessages
    const later = observeBatch(early, up("2"), 10 * 60_000, config);
    expect(later.state).toBe("closed");
    expect(later.recentFailed).toBeLessThan(1);
    expect(decayed(100, 0, 60_000, 60_000)).toBeCloseTo(100 / Math.E);
  });

  it("rate-limit answers and aborts are no outage", () => {
    const verdict = verdictOf("7", [
      { deliveryId: "1", outcome: "retry", errorCode: "QUOTA_EXCEEDED", retryAfterMs: 60_000 },
      { deliveryId: "2", outcome: "retry", errorCode: "aborted" },
      { deliveryId: "3", outcome: "retry", errorCode: "UNAVAILABLE" },
      { deliveryId: "4", outcome: "retry", errorCode: "provider_error:Error" },
      { deliveryId: "5", outcome: "sent" },
      { deliveryId: "6", outcome: "invalid_token", errorCode: "UNREGISTERED" },
    ]);
    expect(verdict).toEqual({ batchId: "7", answered: 2, transient: 2, error: "UNAVAILABLE" });
    const quotaOnly = verdictOf("8", [{ deliveryId: "1", outcome: "retry", errorCode: "QUOTA_EXCEEDED" }]);
    expect(feed(closedCircuit, [quotaOnly, quotaOnly, quotaOnly, quotaOnly]).state).toBe("closed");
  });
});
