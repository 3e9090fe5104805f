"use client";
// A campaign's sends and its opens over time as two stacked charts on one time axis (tooltips move
// together): opens are usually a small fraction of sends and would vanish on a shared scale.
import { ActivityChart, type ActivityPoint } from "./activity-chart";

export function CampaignTimeline({
  points,
  timeZone,
  granularity,
  sendsLabel,
  opensLabel,
}: {
  points: ActivityPoint[];
  timeZone: string;
  granularity: "hour" | "day";
  sendsLabel: string;
  opensLabel: string;
}) {
  return (
    <div className="space-y-2">
      <ActivityChart
        points={points}
        timeZone={timeZone}
        granularity={granularity}
        measures={["sent", "received"]}
        height={180}
        label={sendsLabel}
        syncId="campaign-timeline"
      />
      <ActivityChart
        points={points}
        timeZone={timeZone}
        granularity={granularity}
        measures={["opened", "clicked"]}
        height={180}
        label={opensLabel}
        syncId="campaign-timeline"
      />
    </div>
  );
}
