// Transactions on a campaign's dispatch rows, and the lock order that keeps them from deadlocking:
// - a recording writes its batch's own rows first (its deliveries, its DispatchBatch row, inbox
//   rows), a fan-out step its wave's (the wave row, the new batches and deliveries); both write the
//   campaign's shared rows last (the Campaign counters, then RollupDirty), held only until the commit;
// - lifecycle changes (pause, cancel) take the Campaign row first; cancelling then skips a wave a
//   fan-out step holds (that step, or maintenance, finishes the cancel) and suppresses only
//   deliveries of pending batches, never those of a claimed batch a recording holds;
// - receipts (mark-delivered) update deliveries and then, in a statement of their own, the Campaign row.
// Recordings and fan-out of one campaign therefore overlap instead of queueing for its row. When
// both took the Campaign row first, sessions waiting for it were ~90% of the active ones in a
// 300,000-device bench:dispatch run (see bench/RESULTS.md).
import "server-only";
import type { PoolClient } from "pg";
import { rollupDirtyOnConflict } from "@/server/analytics/dirty";
import { inSqlTransaction } from "@/server/sql";

// Adds to a campaign's counters and marks it for the analytics rollup, in one statement (Campaign row
// first, then RollupDirty, as every writer of both does). $2 targeted, $3 suppressed, $4 sent,
// $5 failed, $6 queued (deltas). Answers the new sent and failed totals.
export const countersSql = `
  with bumped as (
    update "Campaign" set "targetedCount" = "targetedCount" + $2, "suppressedCount" = "suppressedCount" + $3,
           "sentCount" = "sentCount" + $4, "failedCount" = "failedCount" + $5, "queuedCount" = "queuedCount" + $6
     where id = $1 returning id, "sentCount" as sent, "failedCount" as failed
  ), marked as (
    insert into "RollupDirty" ("campaignId", since) select id, clock_timestamp() from bumped
    ${rollupDirtyOnConflict}
  )
  select sent, failed from bumped`;

// countersSql for a recording: it also decays and adds the campaign's recent sent and failed counts
// (time constant $6 ms; exp is bounded below because PostgreSQL reports underflow as an error) and
// answers those, from which the auto-pause reads the recent failure rate (error-rate.ts).
// $2 suppressed, $3 sent, $4 failed, $5 queued (deltas).
const decay = `exp(greatest(-700, -extract(epoch from (now() at time zone 'UTC') - coalesce("recentAt",
  now() at time zone 'UTC')) * 1000 / $6::float8))`;
export const recordingCountersSql = `
  with bumped as (
    update "Campaign" set "suppressedCount" = "suppressedCount" + $2, "sentCount" = "sentCount" + $3,
           "failedCount" = "failedCount" + $4, "queuedCount" = "queuedCount" + $5,
           "recentSent" = "recentSent" * ${decay} + $3, "recentFailed" = "recentFailed" * ${decay} + $4,
           "recentAt" = now() at time zone 'UTC'
     where id = $1 returning id, "recentSent" as sent, "recentFailed" as failed
  ), marked as (
    insert into "RollupDirty" ("campaignId", since) select id, clock_timestamp() from bumped
    ${rollupDirtyOnConflict}
  )
  select sent, failed from bumped`;

const deadlock = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "40P01";

// Runs `work` in a transaction and commits, or rolls back on error. `work` writes the campaign's
// shared rows with its last statement (countersSql), so they are held for one round trip and the
// commit. (Queuing that statement and the COMMIT on the connection without awaiting each would
// save the round trip while the worker's event loop is busy, but node-postgres deprecates queuing
// queries on a client and drops it in pg 9.)
// A deadlock (two recordings whose deliveries a receipt batch also updates, in another order) is
// retried a few times, not left to the lease.
export async function inRecordingTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inSqlTransaction(work);
    } catch (error) {
      if (!deadlock(error) || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
