// Small status label.
import { cn } from "@/lib/cn";
import type { TonedProps } from "./toned";

const tones = {
  neutral: "bg-slate-100 text-slate-700",
  green: "bg-emerald-100 text-emerald-800",
  red: "bg-red-100 text-red-800",
  amber: "bg-amber-100 text-amber-800",
  blue: "bg-brand-100 text-brand-700",
} as const;

export function Badge({ tone = "neutral", children, className }: TonedProps<keyof typeof tones>) {
  return (
    <span className={cn("inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium", tones[tone], className)}>
      {children}
    </span>
  );
}
