// What the analytics charts draw alike: the figure screen readers read as one image, the margins, the
// legend and the axes' styling (category axis, value axis, percentage axis).
import type { ReactNode } from "react";
import { percent, type NumberFormatter } from "../format";
import { ChartLegend } from "./chart-legend";
import { axisStyle, gridStroke } from "./palette";

export function ChartFigure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <figure role="img" aria-label={label} className="w-full">
      {children}
    </figure>
  );
}

export const chartMargin = (right = 16) => ({ top: 8, right, bottom: 0, left: 0 });

// Round markers, series in the order drawn (not recharts' alphabetical default), named in the page's
// language only (chart-legend.tsx).
export const legendProps = {
  wrapperStyle: { fontSize: 13 },
  itemSorter: null,
  content: ChartLegend,
} as const;

export const categoryAxisProps = { tick: axisStyle, tickLine: false, axisLine: { stroke: gridStroke } } as const;
export const valueAxisProps = { tick: axisStyle, tickLine: false, axisLine: false } as const;

// Counts in compact notation (1.2K).
export const compactTick = (format: NumberFormatter) => (v: number) => format.number(v, { notation: "compact" });

// Rates (0..1) as whole percentages from zero up.
export const rateAxisProps = (format: NumberFormatter) => ({
  ...valueAxisProps,
  width: 48,
  domain: [0, "auto"] as [number, "auto"],
  tickFormatter: (v: number) => percent(format, v, 0),
});
