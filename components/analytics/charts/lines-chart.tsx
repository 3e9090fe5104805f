"use client";
// Rates over categories as lines (re-activated share per month, one line per dormancy cohort).
import { useFormatter } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { percent } from "../format";
import type { BarSeries } from "./bars-chart";
import { ChartFigure, categoryAxisProps, chartMargin, legendProps, rateAxisProps } from "./chart-frame";
import { chartTooltip } from "./chart-tooltip";
import { gridStroke } from "./palette";

export function LinesChart({
  data,
  series,
  height = 240,
  label,
}: {
  data: Array<{ label: string } & Record<string, number | string | null>>;
  series: BarSeries[];
  height?: number;
  label: string;
}) {
  const format = useFormatter();
  const order = series.map((s) => s.key);
  return (
    <ChartFigure label={label}>
      <LineChart responsive data={data} style={{ width: "100%", height }} margin={chartMargin()}>
        <CartesianGrid stroke={gridStroke} vertical={false} />
        <XAxis dataKey="label" {...categoryAxisProps} />
        <YAxis {...rateAxisProps(format)} />
        <Tooltip content={chartTooltip({ heading: (label) => label, order, value: (_, v) => percent(format, v) })} />
        <Legend {...legendProps} />
        {series.map((s) => (
          <Line
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.name}
            stroke={s.color}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFigure>
  );
}
