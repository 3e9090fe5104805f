"use client";
// Sends / receipts / opens as bars per bucket (day or hour, local to the range's time zone), with
// the open rate as a line on its own axis when asked. Used by the overview trend and the report.
import { useFormatter, useTranslations } from "next-intl";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPoint } from "@/lib/analytics/types";
import { percent } from "../format";
import {
  ChartFigure,
  categoryAxisProps,
  chartMargin,
  compactTick,
  legendProps,
  rateAxisProps,
  valueAxisProps,
} from "./chart-frame";
import { chartTooltip } from "./chart-tooltip";
import { gridStroke, measureColors } from "./palette";

export type ActivityPoint = SeriesPoint & { openRate?: number | null };
type Measure = "sent" | "received" | "opened" | "clicked";

export interface ActivityChartProps {
  points: ActivityPoint[];
  timeZone: string;
  granularity: "day" | "hour";
  measures?: Measure[];
  showRate?: boolean;
  height?: number;
  // Read by screen readers in place of the chart (the figures are in the tables below it).
  label: string;
  // The open-rate line's name (default "Open rate").
  rateName?: string;
  // Charts with the same id show their tooltips together (stacked charts of one timeline).
  syncId?: string;
}

export function ActivityChart({
  points,
  timeZone,
  granularity,
  measures = ["sent", "received", "opened"],
  showRate = false,
  height = 280,
  label,
  rateName,
  syncId,
}: ActivityChartProps) {
  const t = useTranslations("analytics.measures");
  const format = useFormatter();
  // Legend and tooltip list the measures in the order drawn, not alphabetically (recharts' default).
  const order: string[] = [...measures, "openRate"];
  const tick = (at: string) =>
    format.dateTime(
      new Date(at),
      granularity === "day"
        ? { month: "short", day: "numeric", timeZone }
        : { hour: "2-digit", minute: "2-digit", month: "numeric", day: "numeric", timeZone },
    );
  const heading = (at: string) =>
    format.dateTime(
      new Date(at),
      granularity === "day"
        ? { weekday: "short", year: "numeric", month: "short", day: "numeric", timeZone }
        : { dateStyle: "medium", timeStyle: "short", timeZone },
    );
  return (
    <ChartFigure label={label}>
      <ComposedChart
        responsive
        syncId={syncId}
        data={points}
        style={{ width: "100%", height }}
        margin={chartMargin(showRate ? 8 : 16)}
      >
        <CartesianGrid stroke={gridStroke} vertical={false} />
        <XAxis dataKey="at" tickFormatter={tick} {...categoryAxisProps} minTickGap={24} />
        <YAxis
          yAxisId="count"
          {...valueAxisProps}
          allowDecimals={false}
          width={56}
          tickFormatter={compactTick(format)}
        />
        {showRate ? <YAxis yAxisId="rate" orientation="right" {...rateAxisProps(format)} /> : null}
        <Tooltip
          content={chartTooltip({
            heading,
            order,
            value: (key, v) => (key === "openRate" ? percent(format, v) : v === null ? "—" : format.number(v)),
          })}
        />
        <Legend {...legendProps} />
        {measures.map((measure) => (
          <Bar
            key={measure}
            yAxisId="count"
            dataKey={measure}
            name={t(measure)}
            fill={measureColors[measure]}
            radius={[3, 3, 0, 0]}
            maxBarSize={28}
            isAnimationActive={false}
          />
        ))}
        {showRate ? (
          <Line
            yAxisId="rate"
            type="linear"
            dataKey="openRate"
            name={rateName ?? t("openRate")}
            stroke={measureColors.openRate}
            strokeWidth={2}
            dot={{ r: 2 }}
            isAnimationActive={false}
          />
        ) : null}
      </ComposedChart>
    </ChartFigure>
  );
}
