// Per-minute activity of one campaign inside a short range, for the report's chart when the range is
// a few hours at most (series.ts MINUTE_SPAN_HOURS): the rollups are hourly, so a breaking alert sent
// in three minutes would be one bar. Counted from the campaign's Delivery rows, with the rollup's own
// definitions (rollup-sql.ts): sent at sentAt, received at the first receipt or engagement, opened at
// the first open or click, clicked at the click. Only short ranges come here: a range that short
// belongs to a campaign started within the last hours (reportRange starts at its first hour), whose
// rows are few compared to the ones retention or the hourly rollup deal with.
import "server-only";
import { sqlPool } from "@/server/sql";
import { liveRun } from "./rollup-sql";

export interface MinuteRow {
  // The minute's start (UTC), named like the hourly rows so the same bucketing takes both.
  hour: Date;
  sent: number;
  received: number;
  opened: number;
  clicked: number;
}

const isSent = `d.status in ('sent', 'delivered')`;

// $1 campaign id, $2/$3 the range as timestamptz.
const minuteRowsSql = `
select date_trunc('minute', e.at) at time zone 'UTC' as hour,
       sum(e.sent)::int as sent, sum(e.received)::int as received, sum(e.opened)::int as opened,
       sum(e.clicked)::int as clicked
  from "Delivery" d
 cross join lateral (values
   (case when ${isSent} then coalesce(d."sentAt", d."deliveredAt", d."queuedAt") end, 1, 0, 0, 0),
   (case when ${isSent} then least(d."deliveredAt", d."openedAt", d."clickedAt", d."dismissedAt") end, 0, 1, 0, 0),
   (case when ${isSent} then least(d."openedAt", d."clickedAt") end, 0, 0, 1, 0),
   (case when ${isSent} then d."clickedAt" end, 0, 0, 0, 1)
 ) as e(at, sent, received, opened, clicked)
 where d."campaignId" = $1::uuid and ${liveRun("d")} and e.at is not null
   and e.at >= ($2::timestamptz at time zone 'UTC') and e.at < ($3::timestamptz at time zone 'UTC')
 group by 1`;

export async function minuteRows(campaignId: string, from: Date, to: Date): Promise<MinuteRow[]> {
  const { rows } = await sqlPool().query<MinuteRow>(minuteRowsSql, [campaignId, from.toISOString(), to.toISOString()]);
  return rows;
}
