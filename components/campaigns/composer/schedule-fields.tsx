"use client";
// The inputs of each schedule kind: a date and time (in a chosen zone, or in each device's zone),
// or a recurrence (daily, some weekdays, or cron) with its start and optional end date.
import { useTranslations } from "next-intl";
import { useId } from "react";
import { FieldGroup } from "@/components/ui/field-group";
import { Field } from "@/components/ui/field";
import { CodeInput, Input, NativeSelect, Options } from "@/components/ui/input";
import type { Weekday } from "@/lib/schedule";
import { CheckboxList, GroupErrors, RadioCardGroup } from "./choices";
import { useComposer } from "./composer-context";
import type { ScheduleDraft } from "@/lib/campaigns/draft";

const weekdays: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function useSchedule() {
  const { draft, update, errors } = useComposer();
  const set = (change: Partial<ScheduleDraft>) => update((d) => ({ ...d, schedule: { ...d.schedule, ...change } }));
  return { s: draft.schedule, set, errors };
}

function ZoneInput({ zones }: { zones: string[] }) {
  const t = useTranslations("campaigns.composer.schedule");
  const { s, set, errors } = useSchedule();
  const listId = useId();
  return (
    <>
      <Field label={t("timeZone")} hint={t("timeZoneHint")} errors={errors("schedule.timeZone")}>
        <CodeInput
          name="schedule.timeZone"
          list={listId}
          value={s.timeZone}
          onChange={(e) => set({ timeZone: e.target.value })}
        />
      </Field>
      <datalist id={listId}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </>
  );
}

// "at" and "localTime": one date and time.
export function OnceFields({ zones }: { zones: string[] }) {
  const t = useTranslations("campaigns.composer.schedule");
  const { s, set, errors } = useSchedule();
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Field label={t("date")} errors={errors("schedule.date")}>
        <Input name="schedule.date" type="date" value={s.date} onChange={(e) => set({ date: e.target.value })} />
      </Field>
      <Field label={t("time")} errors={errors("schedule.time")}>
        <Input name="schedule.time" type="time" value={s.time} onChange={(e) => set({ time: e.target.value })} />
      </Field>
      {s.kind === "at" ? <ZoneInput zones={zones} /> : null}
    </div>
  );
}

export function RecurringFields({ zones }: { zones: string[] }) {
  const t = useTranslations("campaigns.composer.schedule");
  const days = useTranslations("campaigns.schedule.weekday");
  const { s, set, errors } = useSchedule();
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label={t("repeat")}>
          <NativeSelect
            name="schedule.repeat"
            value={s.repeat}
            onChange={(e) => set({ repeat: e.target.value as ScheduleDraft["repeat"] })}
          >
            <Options items={["daily", "weekly", "cron"] as const} label={(r) => t(`repeats.${r}`)} />
          </NativeSelect>
        </Field>
        {s.repeat === "cron" ? (
          <Field label={t("cron")} hint={t("cronHint")} errors={errors("schedule.rule")}>
            <CodeInput
              name="schedule.rule"
              value={s.cron}
              className="font-mono"
              onChange={(e) => set({ cron: e.target.value })}
            />
          </Field>
        ) : (
          <Field label={t("time")} errors={errors("schedule.time")}>
            <Input name="schedule.time" type="time" value={s.time} onChange={(e) => set({ time: e.target.value })} />
          </Field>
        )}
      </div>
      {s.repeat === "weekly" ? (
        <FieldGroup legend={t("weekdays")}>
          <CheckboxList
            name="schedule.rule"
            className="flex flex-wrap gap-x-4 gap-y-2"
            options={weekdays}
            label={(day) => days(day)}
            selected={s.weekdays}
            onChange={(selected) => set({ weekdays: selected })}
          />
          <GroupErrors errors={errors("schedule.rule")} />
        </FieldGroup>
      ) : null}
      <RadioCardGroup
        legend={t("zoneMode")}
        name="schedule.recurringZone"
        gridClassName="grid gap-2 sm:grid-cols-2"
        options={[
          { value: "fixed", label: t("zoneFixed"), description: t("zoneFixedHint") },
          { value: "local", label: t("zoneLocal"), description: t("zoneLocalHint") },
        ]}
        value={s.recurringZone}
        onChange={(recurringZone) => set({ recurringZone })}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        {s.recurringZone === "fixed" ? <ZoneInput zones={zones} /> : null}
        {(["startDate", "endDate"] as const).map((key) => (
          <Field
            key={key}
            label={t(key)}
            hint={key === "endDate" ? t("endDateHint") : undefined}
            errors={errors(`schedule.${key}`)}
          >
            <Input
              name={`schedule.${key}`}
              type="date"
              value={s[key]}
              onChange={(e) => set({ [key]: e.target.value })}
            />
          </Field>
        ))}
      </div>
    </div>
  );
}
