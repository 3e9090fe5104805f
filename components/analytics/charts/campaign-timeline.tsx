"use client";
// A campaign's sends and its opens over time as two stacked charts on one time axis (tooltips move
// together): opens are usually a small fraction of sends and would vanish on a shared scale.
import { ActivityChart, type ActivityChartProps, type ActivityPoint } from "./activity-chart";

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
  const charts: { measures: NonNullable<ActivityChartProps["measures"]>; label: string }[] = [
    { measures: ["sent", "received"], label: sendsLabel },
    { measures: ["opened", "clicked"], label: opensLabel },
  ];
  return (
    <div className="space-y-2">
      {charts.map(({ measures, label }) => (
        <ActivityChart
          key={measures[0]}
          points={points}
          timeZone={timeZone}
          granularity={granularity}
          measures={measures}
          height={180}
          label={label}
          syncId="campaign-timeline"
        />
      ))}
    </div>
  );
}
