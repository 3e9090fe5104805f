// An app's overview for a range, from the rollups only: totals, the split by campaign type, by channel
// and by the device's maker, one trend point per local day of the range (in its time zone), the top
// campaigns by sends, and the suppressions (by reason) of the campaigns active in the range.
// Every counter is counted in the hour it happened (sends when sent, opens when opened), so a range
// holds the activity inside it; queued is therefore not meaningful here and reads 0 or more.
import "server-only";
import { localDays } from "@/lib/analytics/range";
import { startOfLocalDay } from "@/lib/schedule";
import { sqlPool } from "@/server/sql";
import {
  type ChannelCounters,
  type Counters,
  addToChannel,
  counterNames,
  funnelOf,
  funnelRows,
  receiptChannels,
  sliceOf,
} from "./funnel";
import { smsReport } from "./sms-report";
import { UNKNOWN_MAKER, breakdownRows, channelsWithReceipts, suppressionsOf } from "./rollup-read";
import type { AnalyticsRange, CampaignTypeName, Overview } from "@/lib/analytics/types";

const campaignTypes: CampaignTypeName[] = ["news", "announcement", "promotion"];
export const TOP_CAMPAIGNS = 10;

interface DayRow extends Counters {
  campaignId: string;
  name: string;
  type: CampaignTypeName;
  channel: string;
  maker: string;
  day: string;
}

const sums = counterNames.map((name) => `sum(h."${name}")::int as "${name}"`).join(", ");

export async function overview(appId: string, range: AnalyticsRange): Promise<Overview> {
  const { rows } = await sqlPool().query<DayRow>(
    `select h."campaignId", c.name, c.type::text as type, h.channel::text as channel, h.maker,
            to_char((h.hour at time zone 'UTC') at time zone $4, 'YYYY-MM-DD') as day, ${sums}
       from "CampaignHourlyStat" h join "Campaign" c on c.id = h."campaignId"
      where c."appId" = $1::uuid
        and h.hour >= ($2::timestamptz at time zone 'UTC') and h.hour < ($3::timestamptz at time zone 'UTC')
      group by h."campaignId", c.name, c.type, h.channel, h.maker, day`,
    [appId, range.from, range.to, range.timeZone],
  );
  const campaignIds = [...new Set(rows.map((r) => r.campaignId))];
  const [breakdown, sms] = await Promise.all([
    breakdownRows(campaignIds, ["receipts", "suppressed"]),
    smsReport({ appId, from: range.from, to: range.to }),
  ]);
  const receipts = channelsWithReceipts(breakdown, receiptChannels);
  // Slices are keyed campaign|channel: whether a channel reports receipts is decided per campaign.
  const withReceipts = new Set<string>();
  for (const id of campaignIds)
    for (const channel of receipts.get(id) ?? receiptChannels) withReceipts.add(`${id}|${channel}`);

  const total: ChannelCounters = new Map();
  const byType = new Map<string, ChannelCounters>();
  const byDay = new Map<string, ChannelCounters>();
  const byCampaign = new Map<string, ChannelCounters>();
  const byChannel = new Map<string, ChannelCounters>();
  const byMaker = new Map<string, ChannelCounters>();
  const names = new Map<string, { name: string; type: CampaignTypeName }>();
  for (const row of rows) {
    const key = `${row.campaignId}|${row.channel}`;
    addToChannel(total, key, row);
    addToChannel(sliceOf(byType, row.type), key, row);
    addToChannel(sliceOf(byDay, row.day), key, row);
    addToChannel(sliceOf(byCampaign, row.campaignId), key, row);
    addToChannel(sliceOf(byChannel, row.channel), key, row);
    addToChannel(sliceOf(byMaker, row.maker || UNKNOWN_MAKER), key, row);
    names.set(row.campaignId, { name: row.name, type: row.type });
  }
  const trend = localDays(range).map((day) => {
    const funnel = funnelOf(byDay.get(day) ?? new Map(), withReceipts);
    return {
      at: startOfLocalDay(day, range.timeZone).toISOString(),
      sent: funnel.sent,
      received: funnel.received,
      opened: funnel.opened,
      clicked: funnel.clicked,
      openRate: funnel.openRate,
    };
  });
  const topCampaigns = [...byCampaign.entries()]
    .map(([id, slice]) => ({ id, ...names.get(id)!, funnel: funnelOf(slice, withReceipts) }))
    .sort((a, b) => b.funnel.sent - a.funnel.sent || b.funnel.opened - a.funnel.opened || a.id.localeCompare(b.id))
    .slice(0, TOP_CAMPAIGNS)
    .map(({ id, name, type, funnel }) => ({
      id,
      name,
      type,
      sent: funnel.sent,
      opened: funnel.opened,
      openRate: funnel.openRate,
    }));
  return {
    range,
    totals: funnelOf(total, withReceipts),
    byType: campaignTypes.map((type) => ({ type, ...funnelOf(byType.get(type) ?? new Map(), withReceipts) })),
    byChannel: funnelRows(byChannel, withReceipts),
    byMaker: funnelRows(byMaker, withReceipts),
    suppressions: suppressionsOf(breakdown),
    trend,
    topCampaigns,
    sms,
  };
}
