// Rollups behind the analytics pages: per campaign, hourly counters by run x variant x platform x
// channel (CampaignHourlyStat) and keyed breakdowns (CampaignBreakdown), recomputed from the
// campaign's Delivery rows with one set-based statement per table.
import "server-only";

// Recomputes one campaign's rollups in one transaction.
export async function rollupCampaign(campaignId: string): Promise<void> {
  void campaignId;
  throw new Error("rollupCampaign: not implemented yet");
}

// Rolls up campaigns marked in RollupDirty (oldest first, at most `limit`); answers how many were rolled up.
export async function rollupDirty(limit = 20): Promise<number> {
  void limit;
  throw new Error("rollupDirty: not implemented yet");
}
