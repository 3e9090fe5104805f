// Text input and textarea sharing one look; `invalid` marks a field with an error.
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import { cn } from "@/lib/cn";

const base =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm " +
  "placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 " +
  "focus:ring-brand-500/30 disabled:bg-slate-100";

type InputProps = InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean };

export function Input({ className, invalid, ...props }: InputProps) {
  return (
    <input
      aria-invalid={invalid || undefined}
      className={cn(base, "h-9", invalid && "border-red-500", className)}
      {...props}
    />
  );
}

export function Textarea({
  className,
  invalid,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { invalid?: boolean }) {
  return (
    <textarea
      aria-invalid={invalid || undefined}
      className={cn(base, invalid && "border-red-500", className)}
      {...props}
    />
  );
}

export function NativeSelect({ className, ...props }: React.SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(base, "h-9 pr-8", className)} {...props} />;
}

// A whole number (counts, caps, percentages): the numeric keyboard and steps of one.
export function NumberInput(props: InputProps) {
  return <Input type="number" inputMode="numeric" step={1} {...props} />;
}

// An identifier, address or code: no spell check and no autofill.
export function CodeInput(props: InputProps) {
  return <Input spellCheck={false} autoComplete="off" {...props} />;
}

// The <option>s of a select: each item's value (default: the item itself) and its label.
export function Options<T>({
  items,
  value = String,
  label,
}: {
  items: readonly T[];
  value?: (item: T) => string;
  label: (item: T) => ReactNode;
}) {
  return items.map((item) => (
    <option key={value(item)} value={value(item)}>
      {label(item)}
    </option>
  ));
}
