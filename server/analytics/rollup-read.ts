// Reads of the rollup tables shared by the report queries (by primary-key prefix or the hour index).
import "server-only";
import { sqlPool } from "@/server/sql";
import { counterNames, type Counters } from "./funnel";

// The maker key of devices that reported none (stored as "").
export const UNKNOWN_MAKER = "unknown";

// One CampaignHourlyStat row as the queries use it.
export interface HourlyRow extends Counters {
  campaignId: string;
  run: number;
  variantKey: string;
  platform: string;
  channel: string;
  // The device's maker, "" when it reported none.
  maker: string;
  hour: Date;
}

// One CampaignBreakdown row.
export interface BreakdownRow {
  campaignId: string;
  kind: string;
  key: string;
  variantKey: string;
  count: number;
}

const counterColumns = counterNames.map((name) => `"${name}"`).join(", ");

// Every hourly row of the campaigns (hours as UTC instants).
export async function hourlyRows(campaignIds: readonly string[]): Promise<HourlyRow[]> {
  if (!campaignIds.length) return [];
  const { rows } = await sqlPool().query<HourlyRow>(
    `select "campaignId", run, "variantKey", platform::text, channel::text, maker, hour at time zone 'UTC' as hour,
            ${counterColumns}
       from "CampaignHourlyStat" where "campaignId" = any($1::uuid[])`,
    [campaignIds],
  );
  return rows;
}

// Breakdown rows of the campaigns, optionally of some kinds only.
export async function breakdownRows(
  campaignIds: readonly string[],
  kinds?: readonly string[],
): Promise<BreakdownRow[]> {
  if (!campaignIds.length) return [];
  const { rows } = await sqlPool().query<BreakdownRow>(
    `select "campaignId", kind, key, "variantKey", count from "CampaignBreakdown"
      where "campaignId" = any($1::uuid[]) and ($2::text[] is null or kind = any($2::text[]))`,
    [campaignIds, kinds ?? null],
  );
  return rows;
}

// Per campaign, the channels whose open rate divides by received: MQTT and the inbox always, any
// other once it has explicit receipts (breakdown kind "receipts").
export function channelsWithReceipts(
  rows: readonly BreakdownRow[],
  base: ReadonlySet<string>,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.kind !== "receipts" || row.count <= 0) continue;
    let set = out.get(row.campaignId);
    if (!set) out.set(row.campaignId, (set = new Set(base)));
    set.add(row.key);
  }
  return out;
}

// Suppressions by reason over the campaigns' breakdown rows, largest first.
export function suppressionsOf(rows: readonly BreakdownRow[]): Array<{ reason: string; count: number }> {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.kind === "suppressed") counts.set(row.key, (counts.get(row.key) ?? 0) + row.count);
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
