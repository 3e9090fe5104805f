// The shapes the campaign pages read (server/campaigns computes them).
import type { CampaignType } from "./state";

// A template of the app as the list shows it.
export interface TemplateListRow {
  id: string;
  name: string;
  type: CampaignType;
  createdAt: Date;
  createdBy: string | null;
}

// A campaign's sending progress as the live view reads it (totals, waves, and breakdowns when asked for).
export interface CampaignProgress {
  state: string;
  pausedReason: string | null;
  startedAt: string | null;
  completedAt: string | null;
  targeted: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  suppressed: number;
  // Opens so far and the open rate (0..1, null before anything could be opened), from the rollups.
  opened: number;
  openRate: number | null;
  waves: Array<{ index: number; run: number; dueAt: string; state: string; targeted: number }>;
  // Present when details were asked for.
  failures?: Array<{ code: string; count: number }>;
  suppressions?: Array<{ reason: string; count: number }>;
  // Present with the details when retention removed the per-device rows of some runs: the counts and
  // breakdowns then come from the rollups (lib/analytics RemovedDetail).
  detailRemoved?: { runs: number; through: string } | null;
  // Channels of this campaign with batches left that their circuit breaker holds (a push-service
  // outage): since when, the next try (a probe), the last error.
  held: Array<{ channel: string; since: string; nextTry: string | null; lastError: string | null }>;
  at: string;
}
