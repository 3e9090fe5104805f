"use client";
// Reach of an audience, as fan-out would route it now (lib/routing/reach.ts): devices reachable per
// channel, for promotions how many the phone makers' daily marketing caps move to the app's own
// channel or drop, and the unreachable devices by reason, with a warning when more than a tenth of
// the audience is unreachable. Shown by the campaign composer (before submit) and the segment preview.
import { useFormatter, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import type { Reach } from "@/lib/routing/reach";
import { unreachableReasons } from "@/lib/routing/reach";
import { AudienceBreakdown } from "./audience-breakdown";

interface Props {
  reach: Reach;
  // Extra classes of the breakdown's label (the composer aligns its lines).
  labelClassName?: string;
}

export function ReachSummary({ reach, labelClassName }: Props) {
  const t = useTranslations("segments.reach");
  const enums = useTranslations("enums");
  const format = useFormatter();
  const channelName = (id: string) => (enums.has(`channel.${id}`) ? enums(`channel.${id}`) : id);
  const reasons = unreachableReasons.flatMap((reason) => {
    const count = reach.unreachableBy[reason] ?? 0;
    return count ? [{ reason, count }] : [];
  });
  const caps = Object.entries(reach.vendorCaps.byChannel).filter(([, c]) => c.moved + c.dropped > 0);
  return (
    <div className="space-y-2" data-testid="reach-summary">
      <p className="text-sm font-semibold text-slate-900" data-testid="reach-total">
        {t("reachable", { count: reach.reachable, formatted: format.number(reach.reachable) })}
      </p>
      <AudienceBreakdown
        label={t("byChannel")}
        counts={reach.byChannel}
        group="channel"
        labelClassName={labelClassName}
      />
      {caps.length ? (
        <div className="text-xs text-slate-700" data-testid="reach-vendor-caps">
          <p>
            {t("vendorCaps", {
              moved: format.number(reach.vendorCaps.moved),
              dropped: format.number(reach.vendorCaps.dropped),
            })}
          </p>
          <ul className="mt-0.5 list-disc pl-5">
            {caps.map(([channel, c]) => (
              <li key={channel}>
                {t("vendorCapLine", {
                  channel: channelName(channel),
                  moved: format.number(c.moved),
                  dropped: format.number(c.dropped),
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {reasons.length ? (
        <Alert tone={reach.warn ? "warning" : "info"}>
          <p data-testid="reach-unreachable">
            {t(reach.warn ? "warn" : "unreachable", {
              count: reach.unreachable,
              formatted: format.number(reach.unreachable),
              share: format.number(reach.audience ? reach.unreachable / reach.audience : 0, { style: "percent" }),
            })}
          </p>
          <ul className="mt-1 list-disc pl-5 text-xs">
            {reasons.map(({ reason, count }) => (
              <li key={reason}>
                {t(`reasons.${reason}`)}: {format.number(count)}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </div>
  );
}
