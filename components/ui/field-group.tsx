// A group of inputs under one legend (radio cards, checkboxes, a pair of related fields).
import type { ReactNode } from "react";

export function FieldGroup({
  legend,
  className = "space-y-2",
  children,
}: {
  legend: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className={className}>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {children}
    </fieldset>
  );
}
