// One campaign's rollups recomputed from its Delivery rows, in one REPEATABLE READ transaction on the
// given connection, so hourly stats and breakdowns come from the same snapshot. The caller holds the
// campaign's rollup lock (rollup.ts) or is alone on the database (the demo seed, prisma/seed.ts).
// Not marked "server-only": the demo seed runs it outside Next.js.
import type pg from "pg";
import {
  breakdownRollupSql,
  deleteLiveHourlySql,
  hourlyRollupSql,
  retiredBreakdownSql,
  rolledUpAtSql,
} from "./rollup-sql";

export async function recomputeRollups(client: pg.ClientBase, campaignId: string): Promise<void> {
  await client.query("begin isolation level repeatable read");
  try {
    // The aggregate hashes a few thousand groups, but the Device join of a big campaign wants memory.
    await client.query("set local work_mem = '64MB'");
    // The planner cannot know that the first stage's expressions leave only thousands of groups, so
    // it estimates one per delivery and sorts a million rows to disk; hashing is 2-3x faster there.
    await client.query("set local enable_sort = off");
    const { rowCount } = await client.query(`select 1 from "Campaign" where id = $1`, [campaignId]);
    await client.query(rowCount ? deleteLiveHourlySql : `delete from "CampaignHourlyStat" where "campaignId" = $1`, [
      campaignId,
    ]);
    await client.query(`delete from "CampaignBreakdown" where "campaignId" = $1`, [campaignId]);
    if (rowCount) {
      await client.query(hourlyRollupSql, [campaignId]);
      await client.query(breakdownRollupSql, [campaignId]);
      await client.query(retiredBreakdownSql, [campaignId]);
      await client.query(rolledUpAtSql, [campaignId]);
    }
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  }
}
