"use client";
// The A/B test's roll-out, under the variants when there are two or more: send the variants to a test
// share first, then after a wait the winner (by open, click or conversion rate, when significantly better)
// to the rest (conversions only when the campaign has a goal: goal-section.tsx); the fallback says what
// happens when no variant is clearly better (lib/campaigns/rollout.ts).
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { NativeSelect, NumberInput, Options } from "@/components/ui/input";
import { rolloutFallbacks, rolloutMetrics, rolloutShare } from "@/lib/campaigns/rollout";
import type { RolloutDraft, WaitUnit } from "@/lib/campaigns/rollout-draft";
import { useComposer } from "./composer-context";

const checkbox = "mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-brand-600";
const units: WaitUnit[] = ["minutes", "hours", "days"];

export function RolloutSection() {
  const t = useTranslations("rollout.composer");
  const { draft, update, errors } = useComposer();
  if (draft.variants.length < 2) return null;
  const rollout = draft.rollout;
  const set = (change: Partial<RolloutDraft>) => update((d) => ({ ...d, rollout: { ...d.rollout, ...change } }));
  const share = Number(rollout.share);
  // Winner by conversions needs the campaign's conversion goal.
  const goalEvent = draft.goal ? draft.goalEvent.trim() : "";
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-4" data-testid="rollout-section">
      <legend className="px-1 text-sm font-medium text-slate-800">{t("title")}</legend>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="campaign.rollout"
          className={checkbox}
          checked={rollout.enabled}
          onChange={(e) => set({ enabled: e.target.checked })}
        />
        <span>
          {t("enable")}
          <span className="block text-xs text-slate-500">{t("enableHint")}</span>
        </span>
      </label>
      {errors("campaign.rollout")?.length ? (
        <p role="alert" className="text-xs text-red-600">
          {errors("campaign.rollout")!.join(" ")}
        </p>
      ) : null}
      {rollout.enabled ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label={t("share")}
            hint={
              Number.isFinite(share) && share >= rolloutShare.min && share <= rolloutShare.max
                ? t("shareHint", { share, rest: 100 - share })
                : t("shareRange")
            }
            errors={errors("campaign.rollout.testPercent")}
          >
            <NumberInput
              name="campaign.rollout.testPercent"
              min={rolloutShare.min}
              max={rolloutShare.max}
              value={rollout.share}
              onChange={(e) => set({ share: e.target.value })}
            />
          </Field>
          <Field label={t("wait")} hint={t("waitHint")} errors={errors("campaign.rollout.waitMinutes")}>
            <div className="flex gap-2">
              <NumberInput
                name="campaign.rollout.waitMinutes"
                aria-label={t("wait")}
                min={1}
                value={rollout.wait}
                onChange={(e) => set({ wait: e.target.value })}
              />
              <NativeSelect
                aria-label={t("waitUnit")}
                value={rollout.waitUnit}
                onChange={(e) => set({ waitUnit: e.target.value as WaitUnit })}
              >
                <Options items={units} label={(unit) => t(`units.${unit}`)} />
              </NativeSelect>
            </div>
          </Field>
          <Field label={t("metric")} hint={t("metricHint")} errors={errors("campaign.rollout.metric")}>
            <NativeSelect
              name="campaign.rollout.metric"
              value={rollout.metric}
              onChange={(e) => set({ metric: e.target.value as RolloutDraft["metric"] })}
            >
              {rolloutMetrics.map((metric) => (
                <option key={metric} value={metric} disabled={metric === "goal" && !goalEvent}>
                  {metric !== "goal"
                    ? t(`metrics.${metric}`)
                    : goalEvent
                      ? t("metricGoal", { event: goalEvent })
                      : t("metricGoalOff")}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label={t("fallback")} hint={t("fallbackHint")}>
            <NativeSelect
              name="campaign.rollout.fallback"
              value={rollout.fallback}
              onChange={(e) => set({ fallback: e.target.value as RolloutDraft["fallback"] })}
            >
              <Options items={rolloutFallbacks} label={(rule) => t(`fallbacks.${rule}`)} />
            </NativeSelect>
          </Field>
        </div>
      ) : null}
    </fieldset>
  );
}
