"use client";
// The conversion goal: an event the app reports through the events API (custom events, e.g.
// "purchase", suggested from the names the app reported lately) and how long after each device's
// send it counts. The report then shows conversions, rate and value per variant against the holdout.
import { useTranslations } from "next-intl";
import { useId } from "react";
import { FieldGroup } from "@/components/ui/field-group";
import { Field } from "@/components/ui/field";
import { CodeInput, Input, NativeSelect, Options } from "@/components/ui/input";
import { ComposerSection } from "./composer-section";
import { useComposer, useDraftBinding } from "./composer-context";

const checkbox = "mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-brand-600";

export function GoalSection({ step }: { step: number }) {
  const t = useTranslations("conversions.composer");
  const { draft, app, update, errors } = useComposer();
  const { text, check } = useDraftBinding();
  const listId = useId();
  // The composer passes unknown message keys through; the goal's keys are translated here.
  const translated = (key: string) => errors(key)?.map((m) => (t.has(`errors.${m}`) ? t(`errors.${m}`) : m));
  const windowErrors = translated("campaign.goal.windowSeconds");
  const suggestions = app.goalEvents ?? [];
  return (
    <ComposerSection step={step} title={t("title")} description={t("description")}>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" name="campaign.goal" className={checkbox} {...check("goal")} />
        <span>{t("enable")}</span>
      </label>
      {draft.goal ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label={t("event")}
            hint={suggestions.length ? t("eventHint") : t("eventHintNone")}
            errors={translated("campaign.goal.event")}
          >
            <CodeInput name="campaign.goal.event" list={listId} {...text("goalEvent")} />
          </Field>
          <datalist id={listId}>
            {suggestions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <FieldGroup legend={t("window")} className="space-y-1">
            <div className="flex gap-2">
              <Input
                aria-label={t("windowValue")}
                name="campaign.goal.windowSeconds"
                type="number"
                inputMode="decimal"
                min={1}
                step="any"
                {...text("goalWindow")}
                invalid={Boolean(windowErrors)}
                className="flex-1"
              />
              <NativeSelect
                aria-label={t("windowUnit")}
                value={draft.goalWindowUnit}
                className="w-32"
                onChange={(e) => update((d) => ({ ...d, goalWindowUnit: e.target.value as "hours" | "days" }))}
              >
                <Options items={["hours", "days"] as const} label={(u) => t(`units.${u}`)} />
              </NativeSelect>
            </div>
            <p className="text-xs text-slate-500">{t("windowHint")}</p>
            {windowErrors ? (
              <p role="alert" className="text-xs text-red-600">
                {windowErrors.join(" ")}
              </p>
            ) : null}
          </FieldGroup>
        </div>
      ) : null}
    </ComposerSection>
  );
}
