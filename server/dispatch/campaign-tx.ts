// One transaction on a campaign's dispatch rows. Lock order everywhere: the campaign row first
// (lifecycle changes take it too), then its waves, batches and deliveries, so concurrent writers
// (fan-out, recordings, pause/cancel) queue instead of deadlocking.
import "server-only";
import type { PoolClient } from "pg";
import { sqlPool } from "@/server/sql";

const deadlock = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: string }).code === "40P01";

// Runs `work` in a transaction that holds the campaign row; commits, or rolls back on error. A
// deadlock (another path that does not follow the order) is retried a few times, not left to the lease.
export async function inCampaignTransaction<T>(campaignId: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await once(campaignId, work);
    } catch (error) {
      if (!deadlock(error) || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

async function once<T>(campaignId: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect();
  try {
    await client.query("begin");
    await client.query(`select 1 from "Campaign" where id = $1 for no key update`, [campaignId]);
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
