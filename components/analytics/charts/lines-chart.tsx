"use client";
// Rates over categories as lines (re-activated share per month, one line per dormancy cohort).
import { useFormatter } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { percent } from "../format";
import type { BarSeries } from "./bars-chart";
import { chartTooltip, legendText } from "./chart-tooltip";
import { axisStyle, gridStroke } from "./palette";

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
    <figure role="img" aria-label={label} className="w-full">
      <LineChart
        responsive
        data={data}
        style={{ width: "100%", height }}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke={gridStroke} vertical={false} />
        <XAxis dataKey="label" tick={axisStyle} tickLine={false} axisLine={{ stroke: gridStroke }} />
        <YAxis
          tick={axisStyle}
          tickLine={false}
          axisLine={false}
          width={48}
          domain={[0, "auto"]}
          tickFormatter={(v: number) => percent(format, v, 0)}
        />
        <Tooltip content={chartTooltip({ heading: (label) => label, order, value: (_, v) => percent(format, v) })} />
        <Legend
          iconType="circle"
          iconSize={8}
          wrapperStyle={{ fontSize: 13 }}
          itemSorter={null}
          formatter={legendText}
        />
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
    </figure>
  );
}
