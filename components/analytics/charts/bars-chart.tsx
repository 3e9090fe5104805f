"use client";
// Grouped bars over categories (campaign types, time-to-open buckets, dormancy cohorts): labels and
// series names come translated from the caller; values are counts or rates (0..1).
import { useFormatter } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { percent } from "../format";
import { ChartFigure, categoryAxisProps, chartMargin, compactTick, legendProps, valueAxisProps } from "./chart-frame";
import { chartTooltip } from "./chart-tooltip";
import { gridStroke } from "./palette";

export interface BarSeries {
  key: string;
  name: string;
  color: string;
}

export interface BarsChartProps {
  data: Array<{ label: string } & Record<string, number | string | null>>;
  series: BarSeries[];
  value: "count" | "rate";
  height?: number;
  // Categories down the side (long labels such as campaign names) instead of along the bottom.
  horizontal?: boolean;
  legend?: boolean;
  label: string;
}

export function BarsChart({
  data,
  series,
  value,
  height = 240,
  horizontal = false,
  legend = true,
  label,
}: BarsChartProps) {
  const format = useFormatter();
  const order = series.map((s) => s.key);
  const show = (v: number | null) => (value === "rate" ? percent(format, v) : v === null ? "—" : format.number(v));
  const tick = (v: number) => (value === "rate" ? percent(format, v, 0) : compactTick(format)(v));
  const valueAxis = {
    type: "number" as const,
    ...valueAxisProps,
    allowDecimals: value === "rate",
    tickFormatter: tick,
  };
  const categoryAxis = {
    type: "category" as const,
    dataKey: "label",
    ...categoryAxisProps,
  };
  return (
    <ChartFigure label={label}>
      <BarChart
        responsive
        data={data}
        layout={horizontal ? "vertical" : "horizontal"}
        style={{ width: "100%", height }}
        margin={chartMargin()}
      >
        <CartesianGrid stroke={gridStroke} vertical={horizontal} horizontal={!horizontal} />
        {horizontal ? <XAxis {...valueAxis} /> : <XAxis {...categoryAxis} interval={0} />}
        {horizontal ? <YAxis {...categoryAxis} width={120} /> : <YAxis {...valueAxis} width={56} />}
        <Tooltip
          content={chartTooltip({ heading: (label) => label, order, value: (_, v) => show(v) })}
          cursor={{ fill: "#f1f5f9" }}
        />
        {legend ? <Legend {...legendProps} /> : null}
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            fill={s.color}
            radius={horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0]}
            maxBarSize={36}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartFigure>
  );
}
