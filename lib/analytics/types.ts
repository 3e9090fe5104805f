// The shapes analytics pages read. server/analytics/* computes them from rollups (never from raw
// rows on a page request); components/analytics/* renders them. Counts are devices (unique per
// delivery), times are ISO strings in UTC, rates are 0..1 or null when the denominator is 0.

export type CampaignTypeName = "news" | "announcement" | "promotion";

// A date range and the time zone it is read in (days and hours are local to it).
export interface AnalyticsRange {
  from: string;
  to: string;
  timeZone: string;
}

// Where an open rate's denominator comes from: receipts when the channel reports them, else sends.
export type OpenRateBasis = "received" | "sent";

// The delivery funnel of a campaign or a slice of it.
export interface Funnel {
  targeted: number;
  suppressed: number;
  sent: number;
  failed: number;
  queued: number;
  received: number;
  opened: number;
  clicked: number;
  dismissed: number;
  openRate: number | null;
  openRateBasis: OpenRateBasis;
  clickThroughRate: number | null;
  // The open rate's denominator: receipts of the channels that report them plus sends of the others.
  openRateDenominator?: number;
  // True when the row mixes channels with and without receipts (openRateBasis then names the larger part).
  openRateBasisMixed?: boolean;
}

// One row of a breakdown table (variant, platform, channel...).
export interface FunnelRow extends Funnel {
  key: string;
}

// One point of a time series (bucket start, local to the range's time zone).
export interface SeriesPoint {
  at: string;
  sent: number;
  received: number;
  opened: number;
  clicked: number;
}

export interface VariantComparison {
  variants: Array<{ key: string; sent: number; basis: number; opened: number; openRate: number | null }>;
  // Two-proportion z-test of the best variant against each other one (two-sided).
  tests: Array<{ a: string; b: string; z: number; pValue: number }>;
  // The variant with the highest open rate once every test against it has p < 0.05; else null.
  winner: string | null;
  significanceLevel: number;
}

export interface Reactivation {
  dormantDays: number;
  windowHours: number;
  // Dormant devices that were sent the campaign / kept in the holdout, and how many opened the app.
  treated: { devices: number; reactivated: number; rate: number | null };
  holdout: { devices: number; reactivated: number; rate: number | null };
  // treated.rate - holdout.rate, with a 95% confidence interval (null without a holdout).
  lift: { value: number; low: number; high: number } | null;
}

// A campaign some of whose runs retention retired: their per-device rows are gone, their figures stay.
export interface RemovedDetail {
  runs: number;
  // The latest retired run's day (UTC, YYYY-MM-DD).
  through: string;
}

// The UTC days (YYYY-MM-DD) before which retention dropped deliveries and device events; null: none.
export interface RetentionCuts {
  deliveries: string | null;
  events: string | null;
}

export interface CampaignReport {
  campaign: {
    id: string;
    appId: string;
    name: string;
    type: CampaignTypeName;
    state: string;
    startedAt: string | null;
    completedAt: string | null;
    holdoutPercent: number;
  };
  funnel: Funnel;
  overTime: SeriesPoint[];
  byVariant: FunnelRow[];
  byPlatform: FunnelRow[];
  byChannel: FunnelRow[];
  // By the device's maker (huawei, honor, xiaomi, oppo, vivo, other; "unknown" when none was reported).
  byMaker: FunnelRow[];
  failures: Array<{ code: string; count: number }>;
  suppressions: Array<{ reason: string; count: number }>;
  // Minutes from send to open, bucketed (e.g. "<1m", "1-5m", "5-15m", "15-60m", "1-6h", "6-24h", ">24h").
  timeToOpen: Array<{ bucket: string; count: number }>;
  ab: VariantComparison | null;
  reactivation: Reactivation;
  // When the rollup behind these figures was computed.
  asOf: string | null;
  // SMS signalling (read live from its rows, not from the rollups); null when the campaign sent none.
  sms: SmsReport | null;
  // Runs whose per-device rows retention removed (the figures above still count them); null: none.
  detailRemoved: RemovedDetail | null;
}

// One slice of a campaign's SMS signals: written (any status but suppressed), sent to the provider,
// delivered per its status callbacks, failed or undelivered, their cost, and how many of the devices
// signalled then fetched their message from the inbox.
export interface SmsFigures {
  signalled: number;
  sent: number;
  delivered: number;
  failed: number;
  segments: number;
  // Millionths of the app's SMS currency (the cost of every signal written, as reserved).
  costMicros: number;
  fetched: number;
}

export interface SmsReport {
  currency: string;
  totals: SmsFigures;
  byCountry: Array<SmsFigures & { country: string }>;
  // Devices that got no SMS and why (budget, quiet_hours) and why some failed (opted_out, failed).
  reasons: Array<{ reason: string; count: number }>;
}

export interface Overview {
  range: AnalyticsRange;
  totals: Funnel;
  byType: Array<{ type: CampaignTypeName } & Funnel>;
  // The range's activity by channel and by the device's maker ("unknown" when none was reported).
  byChannel: FunnelRow[];
  byMaker: FunnelRow[];
  // Suppressions by reason (vendor_quota among them) of the campaigns active in the range, over
  // their whole run: reasons are kept per campaign, not per hour.
  suppressions: Array<{ reason: string; count: number }>;
  // One point per day of the range.
  trend: Array<SeriesPoint & { openRate: number | null }>;
  // SMS signals written in the range (read live from their rows); null when there were none.
  sms: SmsReport | null;
  topCampaigns: Array<{
    id: string;
    name: string;
    type: CampaignTypeName;
    sent: number;
    opened: number;
    openRate: number | null;
  }>;
}

// Re-activation by dormancy cohort at targeting time, per campaign and per month.
export type DormancyCohort = "7-30" | "30-90" | "90+";
export interface ReactivationReport {
  range: AnalyticsRange;
  windowHours: number;
  cohorts: DormancyCohort[];
  byCampaign: Array<{
    id: string;
    name: string;
    type: CampaignTypeName;
    cohorts: Record<
      DormancyCohort,
      {
        treated: number;
        treatedReactivated: number;
        holdout: number;
        holdoutReactivated: number;
        lift: Reactivation["lift"];
      }
    >;
  }>;
  byMonth: Array<{
    month: string;
    cohorts: Record<DormancyCohort, { treated: number; treatedReactivated: number; rate: number | null }>;
  }>;
}

// Every step of one installation: targeted or suppressed (why), queued, sent or failed, received, opened...
export interface DeviceTrace {
  device: {
    id: string;
    installationId: string;
    platform: string;
    // The channels it has an active address on.
    channels: string[];
    status: string;
    locale: string | null;
    timezone: string | null;
    lastActiveAt: string;
    tags: string[];
  };
  deliveries: Array<{
    campaignId: string;
    campaignName: string;
    run: number;
    variantKey: string | null;
    channel: string;
    status: string;
    reason: string | null;
    errorCode: string | null;
    providerMessageId: string | null;
    attempts: number;
    steps: Array<{
      step:
        | "targeted"
        | "suppressed"
        | "queued"
        | "sent"
        | "failed"
        | "received"
        | "opened"
        | "clicked"
        | "dismissed"
        | "app_open";
      at: string;
      detail?: string;
    }>;
  }>;
  // Recent events not tied to a campaign (app_open...).
  // name: a custom event's own name (e.g. purchase), shown instead of its type.
  events: Array<{ type: string; at: string; campaignId: string | null; name?: string | null }>;
  // What retention removed from this history (older deliveries and events are no longer listed).
  removedBefore: RetentionCuts;
}

// An app as the analytics pages pick it: its id, name and the time zone its days are read in.
export interface AnalyticsApp {
  id: string;
  name: string;
  timezone: string;
}
