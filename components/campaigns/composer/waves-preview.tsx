"use client";
// When each wave would go and how many devices it reaches, planned on the server from the audience
// as it is now (as submitting plans it): quiet-hour holds, late local times, skipped zones and,
// with a throttle, when each wave finishes. Re-planned ~600 ms after the inputs stop changing.
import { useFormatter, useNow, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, TableFrame, Td, Th, Tr } from "@/components/ui/table";
import { useDebouncedValue } from "@/components/segments/use-debounced-value";
import type { SchedulePreview, SchedulePreviewInput } from "@/server/campaigns/schedule-preview";
import { previewSchedule } from "@/server/campaigns/actions";
import { useComposerErrorText } from "./error-text";

// A failure keeps the server's first field error untranslated; it is put into words when shown.
type State = { state: "planning" } | { state: "failed"; error: string | null } | { state: "done"; plan: SchedulePreview };

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
      setResult({ state: "failed", error: (answer && !answer.ok ? Object.values(answer.fieldErrors ?? {})[0]?.[0] : null) ?? null });
    });
    return () => { current = false; };
  }, [key]);
  if (!request) return <p className="text-sm text-slate-500">{t("waiting")}</p>;
  if (result.state === "planning") return <p className="text-sm text-slate-500" role="status">{t("planning")}</p>;
  if (result.state === "failed") return <Alert tone="warning">{result.error ? errorText(result.error) : t("failed")}</Alert>;
  const { plan } = result;
  if (!plan.waves.length) return <p className="text-sm text-slate-600">{plan.audience === 0 ? waves("noAudience") : waves("none")}</p>;
  const zone = plan.appTimeZone;
  const inApp = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
  const inUtc = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short", timeZone: "UTC" });
  const zoneName = (z: string) => (z === "" ? waves("noZone") : z);
  return (
    <div className="space-y-2" aria-live="polite">
      <TableFrame>
        <Table aria-label={t("label")}>
          <thead>
            <tr>
              <Th>#</Th>
              <Th>{waves("at", { zone })}</Th>
              <Th>{waves("utc")}</Th>
              <Th>{waves("zones")}</Th>
              <Th className="text-right">{waves("devices")}</Th>
              <Th>{waves("notes")}</Th>
              {throttled ? <Th>{waves("finishes")}</Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {plan.waves.map((wave, index) => (
              <Tr key={`${new Date(wave.at).toISOString()}-${index}`}>
                <Td className="tabular-nums">{index + 1}</Td>
                <Td className="whitespace-nowrap tabular-nums">
                  <time dateTime={new Date(wave.at).toISOString()}>{inApp(wave.at)}</time>
                  <span className="block text-xs text-slate-500">{format.relativeTime(wave.at, now)}</span>
                </Td>
                <Td className="whitespace-nowrap text-slate-600 tabular-nums">{inUtc(wave.at)}</Td>
                <Td className="max-w-72 text-xs">{wave.timeZones.map(zoneName).join(", ")}</Td>
                <Td className="text-right tabular-nums">{format.number(wave.devices)}</Td>
                <Td>
                  <span className="inline-flex flex-wrap gap-1">
                    {wave.heldForQuietHours ? <Badge tone="amber" className="whitespace-nowrap">{waves("held")}</Badge> : null}
                    {wave.late ? <Badge tone="red" className="whitespace-nowrap">{waves("late")}</Badge> : null}
                  </span>
                </Td>
                {throttled ? <Td className="whitespace-nowrap tabular-nums">{inApp(wave.finishesAt)}</Td> : null}
              </Tr>
            ))}
          </tbody>
        </Table>
      </TableFrame>
      <p className="text-xs text-slate-500">{waves("summary", { count: plan.waves.length, devices: format.number(plan.audience) })} {t("replanned")}</p>
      {plan.waves.some((w) => w.heldForQuietHours) ? <p className="text-xs text-amber-800">{t("heldExplained")}</p> : null}
      {plan.skipped.devices > 0 ? <Alert tone="warning">{waves("skipped", { count: plan.skipped.devices, zones: plan.skipped.timeZones.map(zoneName).join(", ") })}</Alert> : null}
    </div>
  );
}
