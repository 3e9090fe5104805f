// What retention removed, as the pages that show per-device detail need to say it: a campaign's runs
// whose Delivery rows were dropped (their figures come from rollups only) and, per table, the day
// before which rows are gone (server/partitions/retention.ts writes both).
import "server-only";
import { sqlPool } from "@/server/sql";
import type { RemovedDetail, RetentionCuts } from "@/lib/analytics/types";

// The campaign's runs retention retired, or null when it still has all its rows.
export async function removedDetailOf(campaignId: string): Promise<RemovedDetail | null> {
  const { rows } = await sqlPool().query<{ runs: number; through: string | null }>(
    `select count(*)::int as runs, to_char(max("runDate"), 'YYYY-MM-DD') as through
       from "RetiredRun" where "campaignId" = $1`,
    [campaignId],
  );
  const row = rows[0]!;
  return row.runs ? { runs: row.runs, through: row.through! } : null;
}

// Per partitioned table, the UTC day before which retention dropped its rows (null: nothing dropped).
export async function retentionCuts(): Promise<RetentionCuts> {
  const { rows } = await sqlPool().query<{ table: string; before: string }>(
    `select "table", to_char(before, 'YYYY-MM-DD') as before from "RetentionCut"`,
  );
  const of = (table: string) => rows.find((r) => r.table === table)?.before ?? null;
  return { deliveries: of("Delivery"), events: of("DeviceEvent") };
}
