// Headline figures as cards: a label, the number, and one line of context under it.
import type { ReactNode } from "react";

export interface Kpi {
  key: string;
  label: string;
  value: string;
  note?: ReactNode;
  accent?: string;
}

export function KpiCards({ items, label }: { items: Kpi[]; label: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-5">
      {items.map((item) => (
        <div
          key={item.key}
          className="relative overflow-hidden rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
          data-testid={`kpi-${item.key}`}
        >
          {item.accent ? (
            <span className="absolute inset-x-0 top-0 h-1" style={{ background: item.accent }} aria-hidden />
          ) : null}
          <dt className="text-xs font-medium text-slate-500">{item.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{item.value}</dd>
          {item.note ? <dd className="mt-1 text-xs text-slate-500">{item.note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
