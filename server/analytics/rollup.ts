// Rollups behind the analytics pages: per campaign, hourly counters by run x variant x platform x
// channel (CampaignHourlyStat) and keyed breakdowns (CampaignBreakdown), recomputed from the
// campaign's Delivery rows with one set-based statement per table (see rollup-sql.ts). Runs whose rows
// retention dropped (RetiredRun) are not recomputed: their hourly rows stay and their breakdowns are
// added from RetiredBreakdown.
//
// Concurrency: one campaign is rolled up by one connection at a time (a session advisory lock; a
// blocking one for rollupCampaign, a try-lock in rollupDirty so several workers share the list).
// The recompute runs in one REPEATABLE READ transaction, so hourly stats and breakdowns come from
// the same snapshot. A RollupDirty row is deleted only if its `since` is still the one read before
// the rollup: markers (dirty.ts) move `since` forward, so a campaign re-marked meanwhile
// stays dirty and is rolled up again.
import "server-only";
import type { PoolClient } from "pg";
import { log } from "@/server/log";
import { sqlPool } from "@/server/sql";
import { recomputeRollups as recompute } from "./rollup-recompute";

// Advisory lock namespace of campaign rollups (the second key is hashtext(campaign id)); the retention
// pass takes the same lock while it retires a campaign's runs.
export const LOCK_NAMESPACE = 4_040_004;

// Runs `work` holding the campaign's rollup lock on `client`; `wait` false answers false at once when another
// connection holds it.
async function withCampaignLock(
  client: PoolClient,
  campaignId: string,
  wait: boolean,
  work: () => Promise<void>,
): Promise<boolean> {
  if (wait) await client.query(`select pg_advisory_lock($1, hashtext($2))`, [LOCK_NAMESPACE, campaignId]);
  else {
    const { rows } = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock($1, hashtext($2)) as ok`, [
      LOCK_NAMESPACE,
      campaignId,
    ]);
    if (!rows[0].ok) return false;
  }
  try {
    await work();
  } finally {
    await client.query(`select pg_advisory_unlock($1, hashtext($2))`, [LOCK_NAMESPACE, campaignId]);
  }
  return true;
}

// A connection whose session state is in doubt (an error mid-lock) is closed, not pooled, so a lock never leaks.
async function withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect();
  try {
    const result = await work(client);
    client.release();
    return result;
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

// Recomputes one campaign's rollups in one transaction (waits while another connection rolls it up).
export async function rollupCampaign(campaignId: string): Promise<void> {
  await withClient((client) => withCampaignLock(client, campaignId, true, () => recompute(client, campaignId)));
}

// Per campaign, when its last rollup ended and how long it took: a campaign whose rollup is slow
// (a second or more: hundreds of thousands of deliveries) is rolled up at most every 4x its duration
// (capped at 45 s, so it stays within a minute), leaving the worker time for everything else.
const pace = new Map<string, { endedAt: number; tookMs: number }>();
const MAX_GAP_MS = 45_000;
const SLOW_MS = 1000;

function due(campaignId: string, now: number): boolean {
  const last = pace.get(campaignId);
  return !last || last.tookMs < SLOW_MS || now - last.endedAt >= Math.min(MAX_GAP_MS, 4 * last.tookMs);
}

// Rolls up campaigns marked in RollupDirty, oldest mark first, at most `limit`; answers how many it rolled up.
export async function rollupDirty(limit = 20): Promise<number> {
  return withClient(async (client) => {
    // SKIP LOCKED passes over rows a marker is changing right now: they are taken on a later pass.
    const { rows } = await client.query<{ campaignId: string; since: string }>(
      `select "campaignId", since::text as since from "RollupDirty" order by since limit $1 for update skip locked`,
      [Math.max(1, limit) * 2],
    );
    let done = 0;
    for (const row of rows) {
      if (done >= limit) break;
      if (!due(row.campaignId, Date.now())) continue;
      const started = Date.now();
      let rolled = false;
      await withCampaignLock(client, row.campaignId, false, async () => {
        // Another worker may have rolled it up and taken the mark between our read and our lock.
        const still = await client.query(
          `select 1 from "RollupDirty" where "campaignId" = $1 and since = $2::timestamp`,
          [row.campaignId, row.since],
        );
        if (!still.rowCount) return;
        await recompute(client, row.campaignId);
        rolled = true;
        // Outside the snapshot: waits for a marker still in flight, then keeps the row if it moved `since`.
        await client.query(`delete from "RollupDirty" where "campaignId" = $1 and since = $2::timestamp`, [
          row.campaignId,
          row.since,
        ]);
      });
      if (!rolled) continue;
      done += 1;
      pace.set(row.campaignId, { endedAt: Date.now(), tookMs: Date.now() - started });
      if (pace.size > 10_000) pace.clear();
      log.debug({ campaignId: row.campaignId, ms: Date.now() - started }, "campaign rolled up");
    }
    return done;
  });
}
