"use client";
// The charts' legend: one swatch and name per series, in drawing order. Recharts' own legend labels
// each swatch "<name> legend icon" for screen readers, English inside a Chinese page; here the swatch
// is decoration (hidden from them) and the name is read once.
import type { LegendPayload } from "recharts";

export function ChartLegend({ payload }: { payload?: readonly LegendPayload[] }) {
  if (!payload?.length) return null;
  return (
    <ul className="flex flex-wrap items-center justify-center gap-x-4 gap-y-1 pt-2 text-[13px]">
      {payload.map((entry) => (
        <li
          key={String(entry.dataKey ?? entry.value)}
          className="recharts-legend-item inline-flex items-center gap-1.5 text-slate-600"
        >
          <span className="size-2 rounded-full" style={{ background: entry.color }} aria-hidden />
          <span className="recharts-legend-item-text">{entry.value}</span>
        </li>
      ))}
    </ul>
  );
}
