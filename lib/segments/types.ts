// The shapes the Segments page reads (server/segments computes them).

// Why a segment has no live count: not counted (too many or out of time), its count timed out, its
// expression does not parse, or the database failed.
export type AudienceStatus = "counted" | "skipped" | "timeout" | "invalid" | "failed";

// One row of the segments table.
export interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  expression: string;
  updatedAt: Date;
  // Sendable devices of the app the expression reaches now (null unless status is "counted").
  audience: number | null;
  audienceStatus: AudienceStatus;
  // Of those (and the invalid ones), the devices a send to every channel reaches now, and on which
  // channel (lib/routing/reach.ts); null unless status is "counted".
  reachable?: number | null;
  reachByChannel?: Record<string, number> | null;
  // Campaigns of any state that target the segment, and those that have not finished (these block deleting it).
  campaigns: number;
  activeCampaigns: number;
}

// One segment's live count, or why there is none.
export type SegmentAudience = Pick<SegmentRow, "audience" | "audienceStatus" | "reachable" | "reachByChannel">;

// A segment row before its count.
export type SegmentListing = Omit<SegmentRow, "audience" | "audienceStatus" | "reachable" | "reachByChannel">;
