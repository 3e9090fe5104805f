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
import { sqlPool } from "@/server/sql";

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

const deadlock = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: string }).code === "40P01";

// Runs `work` in a transaction and commits, or rolls back on error. `work` answers with `last`: its
// final statements (the campaign's shared rows), queued on the connection but not awaited, so that
// the COMMIT is queued right behind them. node-postgres sends a queued statement as soon as the one
// before it completes, without going back through the event loop: the shared rows are held for
// PostgreSQL's own time only. Awaited one by one, a worker whose event loop was busy building the
// next batches left them held while "idle in transaction" for milliseconds at a time, and those
// transactions were what most of the waiting recordings waited for (sampled with pg_blocking_pids
// in a 300,000-device bench:dispatch run).
// A deadlock (two recordings whose deliveries a receipt batch also updates, in another order) is
// retried a few times, not left to the lease.
export async function inRecordingTransaction<T>(work: (client: PoolClient) => Promise<{ last: Promise<T> }>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await once(work);
    } catch (error) {
      if (!deadlock(error) || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

async function once<T>(work: (client: PoolClient) => Promise<{ last: Promise<T> }>): Promise<T> {
  const client = await sqlPool().connect();
  try {
    // BEGIN goes out with the first statement of `work` (queued, not awaited on its own).
    const begun = client.query("begin");
    begun.catch(() => undefined);
    const { last } = await work(client);
    await begun;
    // After a failed statement PostgreSQL answers COMMIT with a rollback; `last` carries the error.
    const committed = client.query("commit");
    const [result] = await Promise.all([last, committed]);
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
