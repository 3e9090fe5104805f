// The frame of the analytics section's pages: title, tabs and the app / range / time zone toolbar.
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { rangeQuery, type RangeSelection } from "@/lib/analytics/range-params";
import type { AnalyticsApp } from "@/lib/analytics/types";
import { AnalyticsTabs, type AnalyticsTab } from "./analytics-tabs";
import { AnalyticsToolbar, type AnalyticsToolbarProps } from "./analytics-toolbar";

// The toolbar's time zone and kept parameters pass through as they are.
export interface AnalyticsFrameProps extends Pick<
  AnalyticsToolbarProps,
  "timeZone" | "timeZones" | "keep" | "keepForApp"
> {
  tab: AnalyticsTab;
  apps: AnalyticsApp[];
  app: AnalyticsApp;
  // The page's range; the device trace has none (only the time zone).
  selection?: RangeSelection;
  children: ReactNode;
}

export async function AnalyticsFrame({
  tab,
  apps,
  app,
  selection,
  timeZone,
  timeZones,
  keep,
  keepForApp,
  children,
}: AnalyticsFrameProps) {
  const t = await getTranslations("analytics");
  const tabQuery = selection
    ? rangeQuery(app.id, selection, app.timezone)
    : new URLSearchParams({ app: app.id, ...(timeZone !== app.timezone ? { tz: timeZone } : {}) }).toString();
  return (
    <>
      <PageHeader title={t("title")} description={t(`descriptions.${tab}`)} />
      <AnalyticsTabs active={tab} query={tabQuery} />
      <AnalyticsToolbar
        apps={apps}
        appId={app.id}
        basePath={tab === "overview" ? "/analytics" : `/analytics/${tab}`}
        selection={
          selection
            ? {
                preset: selection.preset,
                fromDate: selection.fromDate,
                toDate: selection.toDate,
                timeZone: selection.timeZone,
              }
            : undefined
        }
        timeZone={timeZone}
        timeZones={timeZones}
        keep={keep}
        keepForApp={keepForApp}
      />
      {children}
    </>
  );
}
