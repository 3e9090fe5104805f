"use client";
// The campaign page's A/B roll-out: the phase (test share, waiting for the decision with a countdown,
// waiting for a click, winner going to the rest), each variant's test numbers and whether the leader is
// significantly better (by open, click or conversion rate: for the campaign's goal, with what is known when
// the wait ends), how and by whom the winner was chosen, and for staff who may write the campaign
// "Send variant B to the rest now" (server/campaigns/rollout-actions.ts), after a confirmation.
import { Trophy } from "lucide-react";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Card } from "@/components/ui/card";
import type { ActionResult } from "@/lib/action-result";
import type { RolloutView } from "@/lib/campaigns/rollout";
import { sendWinnerAction } from "@/server/campaigns/rollout-actions";

const errorKeys: Record<string, string> = {
  already_decided: "alreadyDecided",
  test_not_sent: "testNotSent",
  no_rollout: "noRollout",
  no_variant: "noVariant",
};

export function RolloutCard({
  campaignId,
  view,
  mayWrite,
  timeZone,
}: {
  campaignId: string;
  view: RolloutView;
  mayWrite: boolean;
  timeZone: string;
}) {
  const t = useTranslations("rollout.card");
  const format = useFormatter();
  const now = useNow({ updateInterval: 30_000 });
  const metric =
    view.metric === "goal" && view.goalEvent ? t("metricGoal", { event: view.goalEvent }) : t(`metrics.${view.metric}`);
  const count = (v: RolloutView["variants"][number]) =>
    view.metric === "clicked" ? v.clicked : view.metric === "goal" ? v.converted : v.opened;
  const percent = (value: number | null) =>
    value === null ? "–" : format.number(value, { style: "percent", maximumFractionDigits: 1 });
  const when = (iso: string) =>
    `${format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short", timeZone })} (${timeZone})`;
  const waitText = (minutes: number) =>
    minutes % 1440 === 0
      ? t("wait.days", { count: minutes / 1440 })
      : minutes % 60 === 0
        ? t("wait.hours", { count: minutes / 60 })
        : t("wait.minutes", { count: minutes });
  const errorText = (result: ActionResult<unknown>) => {
    if (result.ok || result.status === 0) return null;
    if (result.code && errorKeys[result.code]) return t(`errors.${errorKeys[result.code]}`);
    if (result.status === 401) return t("errors.signedOut");
    if (result.status === 403) return t("errors.forbidden");
    return t("errors.failed");
  };
  const phaseText = () => {
    switch (view.phase) {
      case "scheduled":
        return t("phase.scheduled", { share: view.testPercent });
      case "testing":
        return view.decideAt
          ? t("phase.testing", {
              share: view.testPercent,
              time: when(view.decideAt),
              relative: format.relativeTime(new Date(view.decideAt), now),
            })
          : t("phase.testingUntimed", { share: view.testPercent });
      case "awaiting_choice":
        return t("phase.awaitingChoice");
      case "winner":
        return t("phase.winner", { key: view.winnerKey ?? "" });
    }
  };
  const decisionText = () => {
    if (!view.decision || !view.winnerKey) return null;
    const values = {
      key: view.winnerKey,
      metric,
      by: view.decidedBy ?? "",
      time: view.decidedAt ? when(view.decidedAt) : "",
    };
    return t(`decision.${view.decision}`, values);
  };
  const significance = view.leader
    ? view.significant
      ? t("significance.significant", { key: view.leader, metric, level: view.significanceLevel })
      : t("significance.notYet", { key: view.leader, metric, level: view.significanceLevel })
    : t("significance.noData");
  return (
    <Card title={t("title")}>
      <div className="space-y-3 text-sm text-slate-800" data-testid="rollout-card" data-phase={view.phase}>
        <p className="font-medium">{phaseText()}</p>
        {view.phase !== "winner" ? (
          <p className="text-slate-600">
            {t("rule", { wait: waitText(view.waitMinutes), metric, fallback: t(`fallbacks.${view.fallback}`) })}
          </p>
        ) : null}
        {view.metric === "goal" && view.goalEvent ? (
          <p className="text-slate-600" data-testid="rollout-goal-hint">
            {t("goalHint", { event: view.goalEvent })}
          </p>
        ) : null}
        {decisionText() ? <p>{decisionText()}</p> : null}
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("tableCaption")}</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-4 font-medium">
                  {t("columns.variant")}
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-medium">
                  {t("columns.sent")}
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-medium">
                  {t(`columns.${view.metric}`)}
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-medium">
                  {t("columns.rate", { metric })}
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  {t("columns.winnerSent")}
                </th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {view.variants.map((v) => (
                <tr key={v.key} className="border-t border-slate-100" data-variant={v.key}>
                  <th scope="row" className="py-1 pr-4 font-medium">
                    {t("variant", { key: v.key })}
                    {v.key === view.winnerKey ? (
                      <Trophy className="ml-1 inline size-4 text-amber-500" aria-hidden />
                    ) : null}
                  </th>
                  <td className="py-1 pr-4 text-right">{format.number(v.sent)}</td>
                  <td className="py-1 pr-4 text-right">{format.number(count(v))}</td>
                  <td className="py-1 pr-4 text-right">{percent(v.rate)}</td>
                  <td className="py-1 text-right">{format.number(v.winnerSent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-slate-600">{significance}</p>
        {mayWrite && view.canDecide && view.leader ? (
          <ConfirmDialog
            icon={Trophy}
            buttonStyle="secondary"
            texts={{
              button: t("send.button", { key: view.leader }),
              title: t("send.title", { key: view.leader }),
              body: view.significant
                ? t("send.body", { key: view.leader })
                : t("send.bodyNotSignificant", { key: view.leader }),
              confirm: t("send.confirm", { key: view.leader }),
            }}
            run={() => sendWinnerAction({ campaignId, variantKey: view.leader! })}
            errorText={errorText}
          />
        ) : null}
      </div>
    </Card>
  );
}
