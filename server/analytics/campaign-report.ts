// A campaign's report, read from its rollups only: the funnel, the series over time, per variant /
// platform / channel / maker rows, failures and suppressions by reason, time to open, the A/B test and
// re-activation against the holdout. Rows without a variant (the holdout) appear as variant "holdout".
import "server-only";
import { db } from "@/server/db";
import { compareVariants } from "./ab";
import { type ChannelCounters, addToChannel, funnelOf, funnelRows, receiptChannels, sliceOf } from "./funnel";
import { dormancyCells, reactivationOf } from "./reactivation-math";
import { UNKNOWN_MAKER, breakdownRows, channelsWithReceipts, hourlyRows, suppressionsOf } from "./rollup-read";
import { REACTIVATION_WINDOW_HOURS, timeToOpenBuckets } from "./rollup-sql";
import { minuteRows } from "./minute-rows";
import { bucketSeries, granularityFor } from "./series";
import { removedDetailOf } from "./retired";
import { smsReport } from "./sms-report";
import type { AnalyticsRange, CampaignReport } from "@/lib/analytics/types";

export const HOLDOUT_VARIANT = "holdout";
export const DEFAULT_DORMANT_DAYS = 30;

// Options of a campaign report: the dormancy threshold of its re-activation figures.
export interface CampaignReportOptions {
  dormantDays?: number;
}

function sumBy(rows: ReadonlyArray<{ key: string; count: number }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) out.set(row.key, (out.get(row.key) ?? 0) + row.count);
  return out;
}

export async function campaignReport(
  campaignId: string,
  range?: AnalyticsRange,
  options: CampaignReportOptions = {},
): Promise<CampaignReport | null> {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      id: true,
      appId: true,
      name: true,
      type: true,
      state: true,
      startedAt: true,
      completedAt: true,
      holdoutPercent: true,
      variants: { select: { key: true } },
    },
  });
  if (!campaign) return null;
  const [hours, breakdown, sms, detailRemoved] = await Promise.all([
    hourlyRows([campaignId]),
    breakdownRows([campaignId]),
    smsReport({ campaignId }),
    removedDetailOf(campaignId),
  ]);
  const withReceipts = channelsWithReceipts(breakdown, receiptChannels).get(campaignId) ?? receiptChannels;

  const total: ChannelCounters = new Map();
  const byVariant = new Map<string, ChannelCounters>();
  const byPlatform = new Map<string, ChannelCounters>();
  const byChannel = new Map<string, ChannelCounters>();
  const byMaker = new Map<string, ChannelCounters>();
  for (const row of hours) {
    addToChannel(total, row.channel, row);
    addToChannel(sliceOf(byVariant, row.variantKey || HOLDOUT_VARIANT), row.channel, row);
    addToChannel(sliceOf(byPlatform, row.platform), row.channel, row);
    addToChannel(sliceOf(byChannel, row.channel), row.channel, row);
    addToChannel(sliceOf(byMaker, row.maker || UNKNOWN_MAKER), row.channel, row);
  }
  const variantRows = funnelRows(byVariant, withReceipts);

  const from = range ? new Date(range.from) : null;
  const to = range ? new Date(range.to) : null;
  const inRange = from && to ? hours.filter((h) => h.hour >= from && h.hour < to) : hours;
  const span =
    from && to
      ? { from, to }
      : inRange.length
        ? {
            from: new Date(Math.min(...inRange.map((h) => h.hour.getTime()))),
            to: new Date(Math.max(...inRange.map((h) => h.hour.getTime())) + 1),
          }
        : null;
  // A short range (a campaign in its first hours) is shown per minute, from its Delivery rows: the
  // rollups are hourly. Without a range the series spans the rollup's hours, so hourly at the finest.
  const granularity = span ? granularityFor(span.from, span.to) : "hour";
  const overTime = !span
    ? []
    : granularity === "minute" && from && to
      ? bucketSeries(await minuteRows(campaignId, from, to), range!.timeZone, "minute", { from, to })
      : bucketSeries(
          inRange,
          range?.timeZone ?? "UTC",
          granularity === "minute" ? "hour" : granularity,
          from && to ? { from, to } : undefined,
        );

  const failures = [...sumBy(breakdown.filter((r) => r.kind === "failed"))]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  const suppressions = suppressionsOf(breakdown);
  const opens = sumBy(breakdown.filter((r) => r.kind === "time_to_open"));
  const variantKeys = new Set([
    ...campaign.variants.map((v) => v.key),
    ...variantRows.map((r) => r.key).filter((k) => k !== HOLDOUT_VARIANT),
  ]);
  const tested = variantRows.filter((r) => variantKeys.has(r.key) && r.key !== HOLDOUT_VARIANT);
  const missing = [...variantKeys]
    .filter((key) => !tested.some((r) => r.key === key))
    .map((key) => ({ key, sent: 0, basis: 0, opened: 0 }));

  return {
    campaign: {
      id: campaign.id,
      appId: campaign.appId,
      name: campaign.name,
      type: campaign.type,
      state: campaign.state,
      startedAt: campaign.startedAt?.toISOString() ?? null,
      completedAt: campaign.completedAt?.toISOString() ?? null,
      holdoutPercent: campaign.holdoutPercent,
    },
    funnel: funnelOf(total, withReceipts),
    overTime,
    byVariant: variantRows,
    byPlatform: funnelRows(byPlatform, withReceipts),
    byChannel: funnelRows(byChannel, withReceipts),
    byMaker: funnelRows(byMaker, withReceipts),
    failures,
    suppressions,
    timeToOpen: timeToOpenBuckets.map((bucket) => ({ bucket, count: opens.get(bucket) ?? 0 })),
    ab: compareVariants(
      [
        ...tested.map((r) => ({ key: r.key, sent: r.sent, basis: r.openRateDenominator ?? 0, opened: r.opened })),
        ...missing,
      ].sort((a, b) => a.key.localeCompare(b.key)),
    ),
    reactivation: reactivationOf(
      dormancyCells(breakdown),
      options.dormantDays ?? DEFAULT_DORMANT_DAYS,
      REACTIVATION_WINDOW_HOURS,
    ),
    asOf: breakdown.find((r) => r.kind === "rolled_up_at")?.key ?? null,
    sms,
    detailRemoved,
  };
}
