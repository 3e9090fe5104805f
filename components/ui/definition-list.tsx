// Labelled values as a <dl>, one term and description per row; each user sets the grid and the colours.
import type { ReactNode } from "react";

export interface DefinitionListProps {
  rows: readonly (readonly [string, ReactNode])[];
  className: string;
  // Each term-and-description pair's wrapper ("contents" lets the list's grid place both).
  rowClassName?: string;
  termClassName: string;
  valueClassName: string;
}

export function DefinitionList({
  rows,
  className,
  rowClassName = "contents",
  termClassName,
  valueClassName,
}: DefinitionListProps) {
  return (
    <dl className={className}>
      {rows.map(([label, value]) => (
        <div key={label} className={rowClassName}>
          <dt className={termClassName}>{label}</dt>
          <dd className={valueClassName}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
