// The transaction a batch's results are recorded in. Lock orders that cannot deadlock:
// - fan-out and lifecycle changes (pause, cancel) take the campaign row first, then its waves,
//   batches and deliveries, so they queue behind each other;
// - a recording writes the batch's own rows first (its deliveries, its DispatchBatch row, inbox rows:
//   while the batch is claimed no writer of the first kind touches them; cancelling only suppresses
//   deliveries of pending batches) and the campaign's shared rows last (the Campaign counters, then
//   RollupDirty), held only until the commit. Receipts (mark-delivered) also update deliveries before
//   the Campaign row.
// Recordings of one campaign therefore overlap instead of queueing for its row. When they took the
// campaign row first, sessions waiting for it were ~90% of the active ones in a 300,000-device
// bench:dispatch run (see bench/RESULTS.md).
import "server-only";
import type { PoolClient } from "pg";
import { sqlPool } from "@/server/sql";

const deadlock = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: string }).code === "40P01";

// Runs `work` in a transaction; commits, or rolls back on error. A deadlock (two recordings whose
// deliveries a receipt batch also updates, in another order) is retried a few times, not left to the lease.
export async function inRecordingTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await once(work);
    } catch (error) {
      if (!deadlock(error) || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

async function once<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
