"use client";
// Small controls shared by the visual builder's rows: a compact labelled select.
import type { SelectHTMLAttributes } from "react";
import { cn } from "@/lib/cn";
import { Options } from "@/components/ui/input";

interface ChoiceProps<T extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange"> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}

// A native select (keyboard and screen readers for free) sized for a row of the builder.
export function Choice<T extends string>({ label, value, options, onChange, className, ...rest }: ChoiceProps<T>) {
  return (
    <select
      {...rest}
      aria-label={label}
      value={value}
      onChange={(event) => onChange(event.target.value as T)}
      className={cn(
        "h-8 rounded-md border border-slate-300 bg-white px-2 text-sm focus:border-brand-500 focus:ring-2 " +
          "focus:ring-brand-500/30 focus:outline-none",
        className,
      )}
    >
      <Options items={options} value={(option) => option.value} label={(option) => option.label} />
    </select>
  );
}
