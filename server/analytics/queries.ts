// What the analytics pages read: a campaign's report, an app's overview, the re-activation report and
// one device's trace. Everything but the trace is computed from the rollups (CampaignHourlyStat,
// CampaignBreakdown, Campaign), never from Delivery/DeviceEvent on a page request. Callers check
// the analytics.view permission and that the campaign belongs to the app they show.
import "server-only";
import { isValidTimeZone } from "@/lib/schedule";
import { campaignReport, type CampaignReportOptions } from "./campaign-report";
import { deviceTrace } from "./device-trace";
import { overview } from "./overview";
import { reactivationReport, type ReactivationOptions } from "./reactivation-report";
import type { AnalyticsRange, CampaignReport, DeviceTrace, Overview, ReactivationReport } from "@/lib/analytics/types";

export type { CampaignReportOptions, ReactivationOptions };

// A range with valid instants (from <= to) and a known time zone (UTC otherwise).
function checked(range: AnalyticsRange): AnalyticsRange {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new RangeError("analytics range: from/to must be ISO instants");
  return {
    from: new Date(Math.min(from, to)).toISOString(),
    to: new Date(Math.max(from, to)).toISOString(),
    timeZone: isValidTimeZone(range.timeZone) ? range.timeZone : "UTC",
  };
}

// One campaign's report (all runs); `range` only narrows and localises the over-time series. Null when the campaign
// does not exist.
export async function getCampaignReport(
  campaignId: string,
  range?: AnalyticsRange,
  options?: CampaignReportOptions,
): Promise<CampaignReport | null> {
  return campaignReport(campaignId, range ? checked(range) : undefined, options);
}

// An app's activity in a range (sends, receipts, opens by day in the range's time zone, by campaign type, top
// campaigns).
export async function getOverview(appId: string, range: AnalyticsRange): Promise<Overview> {
  return overview(appId, checked(range));
}

// Re-activation of dormant devices (7-30, 30-90, 90+ days at targeting) per campaign and per month, treated vs holdout.
export async function getReactivationReport(
  appId: string,
  range: AnalyticsRange,
  options: ReactivationOptions = {},
): Promise<ReactivationReport> {
  return reactivationReport(appId, checked(range), options);
}

// Every step of one device, named by its installation ID or its device ID (raw rows: its deliveries and events by the
// deviceId indexes), optionally of one campaign only. Null when unknown in this app.
export async function getDeviceTrace(
  appId: string,
  id: string,
  options: { campaignId?: string } = {},
): Promise<DeviceTrace | null> {
  return deviceTrace(appId, id, options);
}

// One campaign's deliveries by outcome, a page at a time (the report's counts link there); callers check
// analytics.view and that the campaign is the one the page shows.
export { campaignDeliveries as getCampaignDeliveries } from "./campaign-deliveries";
// The campaigns that targeted one device lately.
export { appTimeZone as getAppTimeZone, deviceCampaigns as getDeviceCampaigns } from "./campaign-deliveries";
