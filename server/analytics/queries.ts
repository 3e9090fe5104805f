// What the analytics pages read: a campaign's report, an app's overview, the re-activation report and
// one device's trace. Everything but the trace is computed from the rollups (CampaignHourlyStat,
// CampaignBreakdown, Campaign), never from Delivery/DeviceEvent on a page request.
import "server-only";
import type { AnalyticsRange, CampaignReport, CampaignTypeName, DeviceTrace, Overview, ReactivationReport } from "./types";

// Options of the re-activation report: only campaigns of one type.
export interface ReactivationOptions {
  type?: CampaignTypeName;
}

// One campaign's report (all runs); `range` only narrows and localises the over-time series. Null when the campaign does not exist.
export async function getCampaignReport(campaignId: string, range?: AnalyticsRange): Promise<CampaignReport | null> {
  void campaignId;
  void range;
  throw new Error("getCampaignReport: not implemented yet");
}

// An app's activity in a range (sends, receipts, opens by day in the range's time zone, by campaign type, top campaigns).
export async function getOverview(appId: string, range: AnalyticsRange): Promise<Overview> {
  void appId;
  void range;
  throw new Error("getOverview: not implemented yet");
}

// Re-activation of dormant devices (7-30, 30-90, 90+ days at targeting) per campaign and per month, treated vs holdout.
export async function getReactivationReport(appId: string, range: AnalyticsRange, options: ReactivationOptions = {}): Promise<ReactivationReport> {
  void appId;
  void range;
  void options;
  throw new Error("getReactivationReport: not implemented yet");
}

// Every step of one installation (raw rows: its deliveries and events by the deviceId indexes). Null when unknown in this app.
export async function getDeviceTrace(appId: string, installationId: string): Promise<DeviceTrace | null> {
  void appId;
  void installationId;
  throw new Error("getDeviceTrace: not implemented yet");
}
