"use client";
// One line of an audience count: how many devices per platform or per channel, largest first.
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/cn";

interface Props {
  label: string;
  // Devices per platform or channel id.
  counts: Record<string, number>;
  group: "platform" | "channel";
  // Extra classes of the label (e.g. a fixed width so the lines align).
  labelClassName?: string;
}

// The ids are shown by their names (an unknown id as it is); nothing at all when there are no devices.
export function AudienceBreakdown({ label, counts, group, labelClassName }: Props) {
  const format = useFormatter();
  const enums = useTranslations("enums");
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return null;
  const name = (key: string) => (enums.has(`${group}.${key}`) ? enums(`${group}.${key}`) : key);
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <span className={cn("text-xs text-slate-500", labelClassName)}>{label}</span>
      {entries.map(([key, count]) => (
        <Badge key={key}>
          {name(key)} · {format.number(count)}
        </Badge>
      ))}
    </div>
  );
}
