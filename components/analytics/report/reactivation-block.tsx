// Re-activation of dormant devices by this campaign, in plain words: treated vs holdout share that
// opened the app within the window, and the lift with its 95% confidence interval.
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { Reactivation } from "@/lib/analytics/types";
import { measureColors } from "../charts/palette";
import { percent, points } from "../format";

// How to read a lift's interval: above zero, below zero, or still straddling it.
export function liftVerdict(lift: Reactivation["lift"]): "none" | "positive" | "negative" | "inconclusive" {
  if (!lift) return "none";
  if (lift.low > 0) return "positive";
  if (lift.high < 0) return "negative";
  return "inconclusive";
}

export async function ReactivationBlock({ data, holdoutPercent }: { data: Reactivation; holdoutPercent: number }) {
  const t = await getTranslations("analytics.reactivation");
  const format = await getFormatter();
  const verdict = liftVerdict(data.lift);
  const groups = [
    { key: "treated", group: data.treated, color: measureColors.treated },
    { key: "holdout", group: data.holdout, color: measureColors.holdout },
  ] as const;
  const tone = { positive: "green", negative: "red", inconclusive: "amber", none: "neutral" } as const;
  return (
    <Card
      title={t("blockTitle", { days: data.dormantDays })}
      actions={<Badge tone={tone[verdict]}>{t(`verdict.${verdict}`)}</Badge>}
    >
      {data.treated.devices === 0 ? (
        <p className="text-sm text-slate-600">{t("noDormant", { days: data.dormantDays })}</p>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[1fr_1.2fr]">
          <dl className="space-y-3">
            {groups.map(({ key, group, color }) => (
              <div key={key}>
                <dt className="flex justify-between text-sm">
                  <span className="font-medium text-slate-700">{t(`groups.${key}`)}</span>
                  <span className="tabular-nums text-slate-600">
                    {t("groupCounts", {
                      reactivated: format.number(group.reactivated),
                      devices: format.number(group.devices),
                    })}
                  </span>
                </dt>
                <dd className="mt-1 flex items-center gap-3">
                  <span className="h-3 flex-1 overflow-hidden rounded bg-slate-100" aria-hidden>
                    <span
                      className="block h-3 rounded"
                      style={{ width: `${(group.rate ?? 0) * 100}%`, background: color }}
                    />
                  </span>
                  <span className="w-16 text-right text-sm font-semibold tabular-nums">
                    {percent(format, group.rate)}
                  </span>
                </dd>
              </div>
            ))}
            {data.lift ? (
              <div className="rounded-md bg-slate-50 px-3 py-2">
                <dt className="text-xs text-slate-500">{t("lift")}</dt>
                <dd className="text-lg font-semibold tabular-nums" data-testid="reactivation-lift">
                  {t("liftValue", { value: points(format, data.lift.value) })}
                  <span className="ml-2 text-sm font-normal text-slate-600">
                    {t("ci", { low: points(format, data.lift.low), high: points(format, data.lift.high) })}
                  </span>
                </dd>
              </div>
            ) : null}
          </dl>
          <div className="space-y-2 text-sm text-slate-700">
            <p>
              {t("plainTreated", {
                days: data.dormantDays,
                devices: format.number(data.treated.devices),
                rate: percent(format, data.treated.rate),
                hours: data.windowHours,
              })}
            </p>
            {data.holdout.devices > 0 ? (
              <p>
                {t("plainHoldout", {
                  devices: format.number(data.holdout.devices),
                  rate: percent(format, data.holdout.rate),
                })}
              </p>
            ) : (
              <p>{holdoutPercent > 0 ? t("holdoutEmpty") : t("noHoldout")}</p>
            )}
            {data.lift ? (
              <p className="font-medium">
                {t(`plainVerdict.${verdict}`, {
                  value: points(format, data.lift.value),
                  low: points(format, data.lift.low),
                  high: points(format, data.lift.high),
                })}
              </p>
            ) : null}
          </div>
        </div>
      )}
    </Card>
  );
}
