"use client";
// Step 5: when it goes: now, once at a time in a zone, once at a local time in each device's zone,
// or on a recurring rule; the app's quiet hours explained; the planned waves under it.
import { CalendarClock, Clock, Globe2, Repeat, Send } from "lucide-react";
import { useTranslations } from "next-intl";
import { formatClock } from "@/lib/schedule";
import type { SchedulePreviewInput } from "@/server/campaigns/schedule-preview";
import { GroupErrors, RadioCardGroup } from "./choices";
import { ComposerSection } from "./composer-section";
import { useComposer } from "./composer-context";
import type { ScheduleDraft } from "@/lib/campaigns/draft";
import { OnceFields, RecurringFields } from "./schedule-fields";
import { WavesPreview } from "./waves-preview";

const kinds: { kind: ScheduleDraft["kind"]; icon: React.ReactNode }[] = [
  { kind: "now", icon: <Send className="size-4" /> },
  { kind: "at", icon: <CalendarClock className="size-4" /> },
  { kind: "localTime", icon: <Globe2 className="size-4" /> },
  { kind: "recurring", icon: <Repeat className="size-4" /> },
];

export function ScheduleSection({ zones, preview }: { zones: string[]; preview: SchedulePreviewInput | null }) {
  const t = useTranslations("campaigns.composer.schedule");
  const { draft, update, errors, app } = useComposer();
  const s = draft.schedule;
  const breaking = draft.type === "news" && draft.breaking;
  const quiet = app.quietHours;
  return (
    <ComposerSection step={5} title={t("title")} description={t("description")}>
      <RadioCardGroup
        legend={t("when")}
        name="schedule.kind"
        gridClassName="grid gap-2 sm:grid-cols-2 lg:grid-cols-4"
        options={kinds.map(({ kind, icon }) => ({
          value: kind,
          label: t(`kinds.${kind}`),
          description: t(`kindHints.${kind}`, { zone: app.timezone }),
          icon,
        }))}
        value={s.kind}
        onChange={(kind) => update((d) => ({ ...d, schedule: { ...d.schedule, kind } }))}
      >
        <GroupErrors errors={errors("schedule.kind")} />
      </RadioCardGroup>
      {s.kind === "at" || s.kind === "localTime" ? <OnceFields zones={zones} /> : null}
      {s.kind === "recurring" ? <RecurringFields zones={zones} /> : null}
      <p className="flex items-start gap-2 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
        <Clock className="mt-0.5 size-3.5 shrink-0" aria-hidden />
        {quiet
          ? breaking
            ? t("quietBreaking", { start: formatClock(quiet.start), end: formatClock(quiet.end) })
            : t("quietHeld", { start: formatClock(quiet.start), end: formatClock(quiet.end) })
          : t("quietNone")}
      </p>
      <div className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-800">{t("wavesTitle")}</h3>
        <WavesPreview request={preview} throttled={Boolean(preview?.throttlePerMinute)} />
      </div>
    </ComposerSection>
  );
}
