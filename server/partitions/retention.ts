// Retention: drops whole monthly partitions of Delivery and DeviceEvent once the newest row they can
// hold is older than HERALD_RETENTION_DAYS (off unless set). Dropping a partition is a catalog change
// and a file removal, whose cost hardly grows with what it holds, where deleting the same rows writes
// each of them again (marked dead) and leaves the table and its indexes to vacuum (bench/retention.ts
// measures both).
//
// The figures outlive the rows: before a Delivery partition goes, each campaign with rows in it whose
// rollups are not current is rolled up, the breakdowns of the runs in it are kept in RetiredBreakdown
// (breakdowns are per campaign, so a later rollup of the campaign's live runs adds them back: all of
// the campaign's breakdowns when it has no other runs, else counted from the retired runs' rows) and
// the runs are recorded in RetiredRun (whose hourly rows rollups then keep as they are). That
// bookkeeping and the drop are one transaction under the campaigns' rollup locks, so a rollup sees the
// runs either live with their rows or retired without them. RetentionCut records, per table, the day
// before which rows were dropped: per-device views (the device trace) say so instead of showing a
// silently shorter list.
import "server-only";
import { log } from "@/server/log";
import { sqlPool } from "@/server/sql";
import { LOCK_NAMESPACE as ROLLUP_LOCK, rollupCampaign } from "@/server/analytics/rollup";
import { retireBreakdownSql } from "@/server/analytics/rollup-sql";
import {
  forgetPartitions,
  listPartitions,
  PARTITION_LOCK,
  partitionedTables,
  tableLockKey,
  type PartitionedTable,
} from "./partitions";

// The shortest retention accepted: events arrive up to 7 days late and rollups must have run.
export const MIN_RETENTION_DAYS = 31;

// HERALD_RETENTION_DAYS: unset, empty, "off" or 0 keeps everything; otherwise whole days (>= 31).
export function readRetentionDays(value = process.env.HERALD_RETENTION_DAYS): number | null {
  const text = (value ?? "").trim().toLowerCase();
  if (text === "" || text === "off" || text === "0") return null;
  const days = Number(text);
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS)
    throw new Error(`HERALD_RETENTION_DAYS must be "off" or a whole number of days, at least ${MIN_RETENTION_DAYS}`);
  return days;
}

// Rows keyed before this UTC day are past retention.
export function retentionCutoff(now: Date, days: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - days * 86_400_000);
}

export interface RetentionResult {
  dropped: string[];
  retiredRuns: number;
  // Time spent rolling campaigns up before their partitions went, keeping the retired runs' breakdowns
  // and recording them, and detaching and dropping the partitions (the log and bench/retention.ts).
  rollupMs: number;
  retireMs: number;
  dropMs: number;
}

// How long the drop may wait for its locks before it gives up until the next pass: waiting longer
// would queue every query on the table behind it.
const LOCK_TIMEOUT = "5s";
const day = (at: Date) => at.toISOString().slice(0, 10);

// The (campaign, run) pairs a Delivery partition holds, read by skipping through its unique index
// (one probe per run, not a scan of the rows).
async function runsIn(partition: string): Promise<Array<{ campaignId: string; run: number; runDate: string }>> {
  const { rows } = await sqlPool().query(
    `with recursive r as (
       (select "campaignId", run, "runDate" from "${partition}" order by "campaignId", run limit 1)
       union all
       select n."campaignId", n.run, n."runDate" from r, lateral (
         select "campaignId", run, "runDate" from "${partition}"
          where ("campaignId", run) > (r."campaignId", r.run) order by "campaignId", run limit 1) n
     )
     select "campaignId", run, to_char("runDate", 'YYYY-MM-DD') as "runDate" from r`,
  );
  return rows;
}

// Whether a campaign's rollups hold its rows as they are: rolled up once and not marked since (a
// campaign that no longer exists has no figures to keep).
const currentSql = `select not exists (select 1 from "Campaign" where id = $1)
  or (not exists (select 1 from "RollupDirty" where "campaignId" = $1)
      and exists (select 1 from "CampaignBreakdown" where "campaignId" = $1 and kind = 'rolled_up_at')) as current`;

// A campaign whose runs are all in the partition being dropped: its retired breakdowns are simply all of
// its current ones (which already hold any earlier retired runs), no scan of its rows needed.
const keepAllBreakdownsSql = [
  `delete from "RetiredBreakdown" where "campaignId" = $1`,
  `insert into "RetiredBreakdown" ("campaignId", kind, key, "variantKey", count)
   select "campaignId", kind, key, "variantKey", count from "CampaignBreakdown"
    where "campaignId" = $1 and kind <> 'rolled_up_at'`,
];

// Rolls a campaign up and takes its RollupDirty mark as rollupDirty does: only if no marker moved it
// meanwhile (such a change may have come after the rollup's snapshot).
async function rollUp(campaignId: string) {
  const { rows } = await sqlPool().query<{ since: string }>(
    `select since::text as since from "RollupDirty" where "campaignId" = $1`,
    [campaignId],
  );
  await rollupCampaign(campaignId);
  if (rows[0])
    await sqlPool().query(`delete from "RollupDirty" where "campaignId" = $1 and since = $2::timestamp`, [
      campaignId,
      rows[0].since,
    ]);
}

// Retires the runs of one Delivery partition and drops it; null when its locks were not free in time.
async function dropDeliveryPartition(
  partition: { name: string; from: Date; to: Date },
  result: RetentionResult,
): Promise<number | null> {
  const runs = await runsIn(partition.name);
  const campaigns = [...new Set(runs.map((r) => r.campaignId))].sort();
  // A campaign changed since its last rollup (seldom, for rows this old) is rolled up first, outside the
  // transaction below (a big campaign's rollup takes a while); then checked again under the locks.
  for (let attempt = 0; attempt < 3; attempt++) {
    const rolling = performance.now();
    for (const campaignId of campaigns)
      if (!(await sqlPool().query(currentSql, [campaignId])).rows[0].current) await rollUp(campaignId);
    result.rollupMs += performance.now() - rolling;
    const retired = await retireAndDrop(partition, runs, campaigns, result);
    if (retired !== "changed") return retired;
  }
  return null;
}

async function retireAndDrop(
  partition: { name: string; from: Date; to: Date },
  runs: Array<{ campaignId: string; run: number; runDate: string }>,
  campaigns: string[],
  result: RetentionResult,
): Promise<number | null | "changed"> {
  const retiring = performance.now();
  const client = await sqlPool().connect();
  try {
    await client.query("begin");
    await client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query(`select pg_advisory_xact_lock($1, $2)`, [PARTITION_LOCK, tableLockKey("Delivery")]);
    // Nothing writes the partition's rows from here on (a writer still in flight has committed, its
    // RollupDirty mark with it), so the figures checked below are those of the rows dropped. Queries
    // that read it wait until the commit: lookups by delivery id alone (not pruned) for a moment.
    await client.query(`lock table "${partition.name}" in access exclusive mode`);
    for (const campaignId of campaigns) {
      await client.query(`select pg_advisory_xact_lock($1, hashtext($2))`, [ROLLUP_LOCK, campaignId]);
      if (!(await client.query(currentSql, [campaignId])).rows[0].current) {
        await client.query("rollback");
        return "changed";
      }
      const { rows: elsewhere } = await client.query<{ any: boolean }>(
        `select exists (select 1 from "Delivery" where "campaignId" = $1
                          and not ("runDate" >= $2::date and "runDate" < $3::date)) as any`,
        [campaignId, day(partition.from), day(partition.to)],
      );
      if (!elsewhere[0]!.any) {
        for (const sql of keepAllBreakdownsSql) await client.query(sql, [campaignId]);
        continue;
      }
      // Runs elsewhere stay live: the retired runs' own breakdowns, counted from their rows.
      const ofCampaign = runs.filter((r) => r.campaignId === campaignId);
      await client.query(retireBreakdownSql, [
        campaignId,
        ofCampaign.map((r) => r.run),
        day(partition.from),
        day(partition.to),
      ]);
    }
    await client.query(
      `insert into "RetiredRun" ("campaignId", run, "runDate")
       select * from unnest($1::uuid[], $2::int[], $3::date[]) on conflict do nothing`,
      [runs.map((r) => r.campaignId), runs.map((r) => r.run), runs.map((r) => r.runDate)],
    );
    const dropping = performance.now();
    result.retireMs += dropping - retiring;
    await dropPartition(client, "Delivery", partition);
    await client.query("commit");
    result.dropMs += performance.now() - dropping;
    return runs.length;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    if ((error as { code?: string }).code === "55P03") return null;
    throw error;
  } finally {
    client.release();
  }
}

async function dropPartition(
  client: import("pg").PoolClient,
  table: PartitionedTable,
  partition: { name: string; to: Date },
) {
  await client.query(`alter table "${table}" detach partition "${partition.name}"`);
  await client.query(`drop table "${partition.name}"`);
  await client.query(
    `insert into "RetentionCut" ("table", before, "updatedAt") values ($1, $2::date, now())
     on conflict ("table")
     do update set before = greatest("RetentionCut".before, excluded.before), "updatedAt" = now()`,
    [table, day(partition.to)],
  );
}

async function dropEventPartition(partition: { name: string; to: Date }): Promise<boolean> {
  const client = await sqlPool().connect();
  try {
    await client.query("begin");
    await client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query(`select pg_advisory_xact_lock($1, $2)`, [PARTITION_LOCK, tableLockKey("DeviceEvent")]);
    await dropPartition(client, "DeviceEvent", partition);
    await client.query("commit");
    return true;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    if ((error as { code?: string }).code === "55P03") return false;
    throw error;
  } finally {
    client.release();
  }
}

// One retention pass: every partition whose whole range is before the cutoff is dropped (the default
// partitions never are; housekeeping keeps them empty by giving their rows a month partition first).
export async function retentionPass(days: number, now = new Date()): Promise<RetentionResult> {
  const cutoff = retentionCutoff(now, days);
  const result: RetentionResult = { dropped: [], retiredRuns: 0, rollupMs: 0, retireMs: 0, dropMs: 0 };
  for (const table of partitionedTables) {
    const old = (await listPartitions(sqlPool(), table)).filter(
      (p): p is { name: string; from: Date; to: Date } => !!p.from && !!p.to && p.to.getTime() <= cutoff.getTime(),
    );
    for (const partition of old) {
      if (table === "Delivery") {
        const retired = await dropDeliveryPartition(partition, result);
        if (retired === null) {
          log.warn({ partition: partition.name }, "retention: partition busy, left for the next pass");
          continue;
        }
        result.retiredRuns += retired;
      } else {
        const dropping = performance.now();
        const done = await dropEventPartition(partition);
        result.dropMs += performance.now() - dropping;
        if (!done) {
          log.warn({ partition: partition.name }, "retention: partition busy, left for the next pass");
          continue;
        }
      }
      result.dropped.push(partition.name);
    }
  }
  forgetPartitions(result.dropped);
  if (result.dropped.length) log.info(result, "retention: dropped partitions past HERALD_RETENTION_DAYS");
  return result;
}
