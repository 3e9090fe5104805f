"use client";
// The charts' tooltip: the bucket as a heading, then one row per series with its colour swatch,
// name and value in dark text (light series colours are unreadable as text), in drawing order.
import type { TooltipContentProps } from "recharts";

export interface ChartTooltipOptions {
  heading: (label: string) => string;
  value: (dataKey: string, value: number | null) => string;
  order: string[];
}

// Returns a recharts `content` renderer.
export function chartTooltip({ heading, value, order }: ChartTooltipOptions) {
  function ChartTooltipContent({ active, payload, label }: TooltipContentProps) {
    if (!active || !payload?.length) return null;
    const rows = [...payload].sort((a, b) => order.indexOf(String(a.dataKey)) - order.indexOf(String(b.dataKey)));
    return (
      <div className="min-w-44 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm shadow-lg">
        <p className="mb-1 font-medium text-slate-900">{heading(String(label ?? ""))}</p>
        <ul className="space-y-0.5">
          {rows.map((row) => (
            <li key={String(row.dataKey)} className="flex items-center justify-between gap-4">
              <span className="inline-flex items-center gap-1.5 text-slate-600">
                <span
                  className="size-2.5 rounded-full"
                  style={{ background: row.color ?? row.fill ?? row.stroke }}
                  aria-hidden
                />
                {row.name}
              </span>
              <span className="font-medium tabular-nums text-slate-900">
                {value(String(row.dataKey), row.value === null || row.value === undefined ? null : Number(row.value))}
              </span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return ChartTooltipContent;
}
