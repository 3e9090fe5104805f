"use client";
// When each wave would go and how many devices it reaches, planned on the server from the audience
// as it is now (as submitting plans it): quiet-hour holds, late local times, skipped zones and,
// with a throttle, when each wave finishes. Re-planned ~600 ms after the inputs stop changing.
import { useFormatter, useNow, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { useDebouncedValue } from "@/components/segments/use-debounced-value";
import type { SchedulePreview, SchedulePreviewInput } from "@/server/campaigns/schedule-preview";
import { previewSchedule } from "@/server/campaigns/actions";
import { SkippedDevicesAlert, WavesTable } from "../waves-table";
import { useComposerErrorText } from "./error-text";

// A failure keeps the server's first field error untranslated; it is put into words when shown.
type State =
  { state: "planning" } | { state: "failed"; error: string | null } | { state: "done"; plan: SchedulePreview };

// `request` is null while the audience or the schedule is not valid yet.
export function WavesPreview({ request, throttled }: { request: SchedulePreviewInput | null; throttled: boolean }) {
  const t = useTranslations("campaigns.composer.waves");
  const waves = useTranslations("campaigns.waves");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const errorText = useComposerErrorText();
  const key = useDebouncedValue(request ? JSON.stringify(request) : null, 600);
  const [result, setResult] = useState<State>({ state: "planning" });
  useEffect(() => {
    if (key === null) return;
    let current = true;
    void Promise.resolve().then(async () => {
      if (!current) return;
      setResult({ state: "planning" });
      const answer = await previewSchedule(JSON.parse(key) as SchedulePreviewInput).catch(() => null);
      if (!current) return;
      if (answer?.ok) return setResult({ state: "done", plan: answer.data });
      setResult({
        state: "failed",
        error: (answer && !answer.ok ? Object.values(answer.fieldErrors ?? {})[0]?.[0] : null) ?? null,
      });
    });
    return () => {
      current = false;
    };
  }, [key]);
  if (!request) return <p className="text-sm text-slate-500">{t("waiting")}</p>;
  if (result.state === "planning")
    return (
      <p className="text-sm text-slate-500" role="status">
        {t("planning")}
      </p>
    );
  if (result.state === "failed")
    return <Alert tone="warning">{result.error ? errorText(result.error) : t("failed")}</Alert>;
  const { plan } = result;
  if (!plan.waves.length)
    return <p className="text-sm text-slate-600">{plan.audience === 0 ? waves("noAudience") : waves("none")}</p>;
  const zone = plan.appTimeZone;
  return (
    <div className="space-y-2" aria-live="polite">
      <WavesTable waves={plan.waves} timeZone={zone} label={t("label")} finishes={throttled} now={now} narrow />
      <p className="text-xs text-slate-500">
        {waves("summary", { count: plan.waves.length, devices: format.number(plan.audience) })} {t("replanned")}
      </p>
      {plan.waves.some((w) => w.heldForQuietHours) ? (
        <p className="text-xs text-amber-800">{t("heldExplained")}</p>
      ) : null}
      <SkippedDevicesAlert
        skipped={plan.skipped}
        noZone={waves("noZone")}
        text={(values) => waves("skipped", values)}
      />
    </div>
  );
}
