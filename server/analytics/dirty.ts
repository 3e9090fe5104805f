// Marks campaigns whose Delivery rows changed, so rollupDirty recomputes their analytics within a
// minute. Run it in the same transaction as the change: the upsert moves `since` strictly forward
// (and holds the row until commit), so a rollup running meanwhile keeps the mark instead of
// deleting it. A writer that would rather not hold the row may run it right after its commit.
import "server-only";
import type { Pool, PoolClient } from "pg";

// How a mark meets an existing one: `since` moves strictly forward.
export const rollupDirtyOnConflict = `on conflict ("campaignId")
  do update set since = greatest(excluded.since, "RollupDirty".since + interval '1 millisecond')`;

// $1 = campaign ids (duplicates allowed); rows are taken in id order so concurrent markers cannot deadlock.
export const markRollupDirtySql = `
insert into "RollupDirty" ("campaignId", since)
select id, clock_timestamp() from (select distinct unnest($1::uuid[]) as id) as ids order by id
${rollupDirtyOnConflict}`;

// Marks `campaignIds` dirty through `client` (a transaction's client, or the pool).
export async function markRollupDirty(client: Pool | PoolClient, campaignIds: readonly string[]): Promise<void> {
  if (campaignIds.length) await client.query(markRollupDirtySql, [campaignIds]);
}
