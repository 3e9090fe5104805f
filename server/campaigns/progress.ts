// A campaign's sending progress for the live view: totals kept by the dispatcher (cheap, read every
// second) and, when asked, breakdowns of failures and suppressions counted from the delivery rows, or
// from the rollups when retention removed some runs' rows (counting the rows left would undercount).
// Opens and the open rate come from the analytics rollups, as the report reads them (same funnel, same
// denominator per channel): the devices' events mark the campaign for a rollup and a worker rolls it
// up within HERALD_ROLLUP_INTERVAL_MS (15 s), so the page and the report never disagree for longer.
import "server-only";
import { funnelOf, receiptChannels, type ChannelCounters, emptyCounters } from "@/server/analytics/funnel";
import { removedDetailOf } from "@/server/analytics/retired";
import { breakdownRows, channelsWithReceipts } from "@/server/analytics/rollup-read";
import { sqlPool } from "@/server/sql";
import type { CampaignProgress } from "@/lib/campaigns/types";

// Opens of a campaign from its rollups, per channel summed over every hour and run, and the open rate
// with the report's denominator (receipts on channels that report them, sends on the others).
async function opensOf(campaignId: string): Promise<{ opened: number; openRate: number | null }> {
  const [{ rows }, receipts] = await Promise.all([
    sqlPool().query<{ channel: string; sent: number; received: number; opened: number }>(
      `select channel::text as channel, sum(sent)::int as sent, sum(received)::int as received,
              sum(opened)::int as opened
         from "CampaignHourlyStat" where "campaignId" = $1 group by 1`,
      [campaignId],
    ),
    breakdownRows([campaignId], ["receipts"]),
  ]);
  const slice: ChannelCounters = new Map();
  for (const row of rows) slice.set(row.channel, { ...emptyCounters(), ...row });
  const funnel = funnelOf(slice, channelsWithReceipts(receipts, receiptChannels).get(campaignId) ?? receiptChannels);
  return { opened: funnel.opened, openRate: funnel.openRate };
}

// Progress of a campaign, or null when it does not exist.
export async function campaignProgress(campaignId: string, details: boolean): Promise<CampaignProgress | null> {
  const pool = sqlPool();
  const { rows } = await pool.query(
    `select state::text, "pausedReason", "startedAt", "completedAt", "targetedCount", "queuedCount", "sentCount",
            "deliveredCount", "failedCount", "suppressedCount", "currentRun" from "Campaign" where id = $1`,
    [campaignId],
  );
  const c = rows[0];
  if (!c) return null;
  const [waves, opens] = await Promise.all([
    pool.query(
      `select index, run, "dueAt", state::text, targeted
         from "CampaignWave" where "campaignId" = $1 and run = $2 order by index`,
      [campaignId, c.currentRun],
    ),
    opensOf(campaignId),
  ]);
  // Channels held by their circuit breaker (server/dispatch/circuit.ts) that this campaign still waits for.
  const held = await pool.query<{ channel: string; since: number; nextTry: number | null; lastError: string | null }>(
    `select cc.channel::text as channel,
            (extract(epoch from coalesce(cc."openedAt", cc."updatedAt")) * 1000)::float8 as since,
            (extract(epoch from cc."holdUntil") * 1000)::float8 as "nextTry", cc."lastError"
       from "ChannelCircuit" cc join "Campaign" c on c."appId" = cc."appId"
      where c.id = $1 and cc.state <> 'closed'
        and exists (select 1 from "DispatchBatch" b where b."campaignId" = c.id and b.channel = cc.channel
                     and b.state <> 'done')
      order by 1`,
    [campaignId],
  );
  const progress: CampaignProgress = {
    state: c.state,
    pausedReason: c.pausedReason,
    startedAt: c.startedAt?.toISOString() ?? null,
    completedAt: c.completedAt?.toISOString() ?? null,
    targeted: c.targetedCount,
    queued: c.queuedCount,
    sent: c.sentCount,
    delivered: c.deliveredCount,
    failed: c.failedCount,
    suppressed: c.suppressedCount,
    opened: opens.opened,
    openRate: opens.openRate,
    waves: waves.rows.map((w) => ({
      index: w.index,
      run: w.run,
      dueAt: w.dueAt.toISOString(),
      state: w.state,
      targeted: w.targeted,
    })),
    held: held.rows.map((row) => ({
      channel: row.channel,
      since: new Date(row.since).toISOString(),
      nextTry: row.nextTry === null ? null : new Date(row.nextTry).toISOString(),
      lastError: row.lastError,
    })),
    at: new Date().toISOString(),
  };
  if (details) {
    const removed = await removedDetailOf(campaignId);
    progress.detailRemoved = removed;
    if (removed) {
      const { rows: kept } = await pool.query<{ kind: string; key: string; count: number }>(
        `select kind, key, sum(count)::int as count from "CampaignBreakdown"
          where "campaignId" = $1 and kind in ('failed', 'suppressed') group by 1, 2 order by 3 desc, 2`,
        [campaignId],
      );
      progress.failures = kept
        .filter((r) => r.kind === "failed")
        .slice(0, 10)
        .map((r) => ({ code: r.key, count: r.count }));
      progress.suppressions = kept
        .filter((r) => r.kind === "suppressed")
        .map((r) => ({ reason: r.key, count: r.count }));
      return progress;
    }
    const [failures, suppressions] = await Promise.all([
      pool.query(
        `select coalesce("errorCode", 'unknown') as code, count(*)::int as count
           from "Delivery" where "campaignId" = $1 and status = 'failed' group by 1 order by 2 desc limit 10`,
        [campaignId],
      ),
      pool.query(
        `select reason::text, count(*)::int as count
           from "Delivery" where "campaignId" = $1 and status = 'suppressed' group by 1 order by 2 desc`,
        [campaignId],
      ),
    ]);
    progress.failures = failures.rows;
    progress.suppressions = suppressions.rows;
  }
  return progress;
}
