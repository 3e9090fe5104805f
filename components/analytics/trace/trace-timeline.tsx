// One delivery's steps as a vertical timeline: targeted or suppressed (why), queued, sent (provider
// message id) or failed (error), received, opened, clicked, dismissed, app opens; times in the chosen zone.
import {
  Ban,
  CircleAlert,
  CircleCheck,
  Clock,
  Crosshair,
  Eye,
  Inbox,
  MousePointerClick,
  Send,
  Smartphone,
  X,
} from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import type { DeviceTrace } from "@/lib/analytics/types";
import { dateTimeLabel, elapsed } from "../format";

type Step = DeviceTrace["deliveries"][number]["steps"][number];
type Delivery = DeviceTrace["deliveries"][number];

const icons = {
  targeted: Crosshair,
  suppressed: Ban,
  queued: Clock,
  sent: Send,
  failed: CircleAlert,
  received: Inbox,
  opened: Eye,
  clicked: MousePointerClick,
  dismissed: X,
  app_open: Smartphone,
} as const;
const tones: Record<Step["step"], string> = {
  targeted: "bg-slate-100 text-slate-700",
  suppressed: "bg-amber-100 text-amber-800",
  queued: "bg-slate-100 text-slate-700",
  sent: "bg-brand-100 text-brand-700",
  failed: "bg-red-100 text-red-700",
  received: "bg-sky-100 text-sky-800",
  opened: "bg-teal-100 text-teal-800",
  clicked: "bg-amber-100 text-amber-800",
  dismissed: "bg-slate-100 text-slate-600",
  app_open: "bg-violet-100 text-violet-800",
};

export async function TraceTimeline({ delivery, timeZone }: { delivery: Delivery; timeZone: string }) {
  const t = await getTranslations("analytics.trace");
  const reasons = await getTranslations("dispatch.progress.reasons");
  const format = await getFormatter();
  const detail = (step: Step): ReactNode => {
    if (step.step === "suppressed") {
      const reason = step.detail ?? delivery.reason;
      return reason ? (reasons.has(reason) ? reasons(reason) : reason) : null;
    }
    if (step.step === "sent") {
      const id = step.detail ?? delivery.providerMessageId;
      return id ? t("providerMessageId", { id }) : null;
    }
    if (step.step === "failed") {
      const code = step.detail ?? delivery.errorCode;
      // The vendor's (or Herald's) error code, quoted as code.
      return code ? t.rich("error", { code, c: (chunks) => <code className="font-mono">{chunks}</code> }) : null;
    }
    return step.detail ?? null;
  };
  const start = Date.parse(delivery.steps[0]?.at ?? "");
  return (
    <ol className="relative ml-3 border-l border-slate-200">
      {delivery.steps.map((step, index) => {
        const Icon = icons[step.step] ?? CircleCheck;
        const text = detail(step);
        return (
          <li key={`${step.step}-${index}`} className="relative mb-3 pl-6 last:mb-0" data-testid={`step-${step.step}`}>
            <span
              className={cn(
                "absolute -left-3 top-0 flex size-6 items-center justify-center rounded-full ring-4 ring-white",
                tones[step.step],
              )}
              aria-hidden
            >
              <Icon className="size-3.5" />
            </span>
            <div className="flex flex-wrap items-baseline gap-x-3">
              <span className="text-sm font-medium text-slate-800">{t(`steps.${step.step}`)}</span>
              <time dateTime={step.at} className="text-xs tabular-nums text-slate-500">
                {dateTimeLabel(format, step.at, timeZone, true)}
              </time>
              {index > 0 && Date.parse(step.at) > start ? (
                <span className="text-xs tabular-nums text-slate-400" title={t("sinceTargeted")}>
                  {elapsed(format, Date.parse(step.at) - start)}
                </span>
              ) : null}
            </div>
            {text ? (
              <p
                className={cn(
                  "mt-0.5 text-xs",
                  step.step === "failed" ? "text-red-700" : "text-slate-600",
                  step.step === "sent" && "font-mono",
                )}
              >
                {text}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
