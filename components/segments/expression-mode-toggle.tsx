"use client";
// The switch between the two editors of an audience expression (the text field and the visual
// builder); both edit the same text, the choice only changes how it is shown.
import { ToggleGroup } from "radix-ui";

// Which editor shows the expression.
export type ExpressionMode = "text" | "visual";

interface Props {
  value: ExpressionMode;
  onChange: (mode: ExpressionMode) => void;
  // The choices in the order shown.
  options: readonly ExpressionMode[];
  label: string;
  name: (mode: ExpressionMode) => string;
}

// A two-choice toggle; choosing the shown editor again changes nothing.
export function ExpressionModeToggle({ value, onChange, options, label, name }: Props) {
  return (
    <ToggleGroup.Root
      type="single"
      value={value}
      onValueChange={(next) => next && onChange(next as ExpressionMode)}
      aria-label={label}
      className="inline-flex rounded-md border border-slate-200 bg-slate-50 p-0.5"
    >
      {options.map((option) => (
        <ToggleGroup.Item
          key={option}
          value={option}
          className={
            "rounded px-3 py-1 text-sm font-medium text-slate-600 focus-visible:ring-2 " +
            "focus-visible:ring-brand-500/40 focus-visible:outline-none data-[state=on]:bg-white " +
            "data-[state=on]:text-slate-900 data-[state=on]:shadow-sm"
          }
        >
          {name(option)}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
