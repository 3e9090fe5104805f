"use client";
// The analytics pages' controls, all kept in the URL so a view can be shared: the app, the date range
// (last 7 / 30 / 90 days or custom days) and the time zone days are read in (the app's by default).
// Switching app drops the time zone (the new app's own applies) but keeps the range.
import { CalendarRange, Globe } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect, Options } from "@/components/ui/input";
import { AppSelect } from "@/components/shell/app-picker";
import { cn } from "@/lib/cn";
import { presetChoices, type RangePreset } from "@/lib/analytics/range-params";

export interface ToolbarSelection {
  preset: RangePreset;
  fromDate: string;
  toDate: string;
  timeZone: string;
}

export interface AnalyticsToolbarProps {
  apps: { id: string; name: string; timezone: string }[];
  appId: string;
  basePath: string;
  // Without a selection the toolbar has no range (the device trace); the time zone stays.
  selection?: ToolbarSelection;
  timeZone: string;
  timeZones: string[];
  // Other query parameters the page keeps (e.g. the campaign type filter).
  keep?: Record<string, string>;
  // Parameters that only make sense within this app (the traced installation): dropped on an app switch.
  keepForApp?: Record<string, string>;
  // The app picker is hidden where the page belongs to one app (a campaign's report).
  showApp?: boolean;
}

export function AnalyticsToolbar({
  apps,
  appId,
  basePath,
  selection,
  timeZone,
  timeZones,
  keep = {},
  keepForApp = {},
  showApp = true,
}: AnalyticsToolbarProps) {
  const t = useTranslations("analytics.toolbar");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [custom, setCustom] = useState(selection?.preset === "custom");
  const [from, setFrom] = useState(selection?.fromDate ?? "");
  const [to, setTo] = useState(selection?.toDate ?? "");
  const appZone = apps.find((a) => a.id === appId)?.timezone ?? "UTC";

  const go = (next: { app?: string; preset?: RangePreset; from?: string; to?: string; tz?: string | null }) => {
    const params = new URLSearchParams();
    if (showApp) params.set("app", next.app ?? appId);
    const preset = next.preset ?? selection?.preset;
    if (preset) params.set("range", preset);
    if (preset === "custom") {
      params.set("from", next.from ?? selection?.fromDate ?? "");
      params.set("to", next.to ?? selection?.toDate ?? "");
    }
    const tz = next.tz === undefined ? timeZone : next.tz;
    if (tz && tz !== appZone) params.set("tz", tz);
    for (const [key, value] of Object.entries(keep)) params.set(key, value);
    if (!next.app || next.app === appId) for (const [key, value] of Object.entries(keepForApp)) params.set(key, value);
    startTransition(() => router.push(`${basePath}?${params.toString()}`));
  };

  // The app's zone and UTC first, then every other zone.
  const zoneOptions = [...new Set([appZone, "UTC", timeZone, ...timeZones])];
  const zoneSelect = (
    <NativeSelect
      aria-label={t("timeZoneLabel")}
      className="w-56 max-w-full"
      value={timeZone}
      disabled={pending}
      onChange={(e) => go({ tz: e.target.value })}
    >
      <Options items={zoneOptions} label={(zone) => (zone === appZone ? t("appZone", { zone }) : zone)} />
    </NativeSelect>
  );
  // Only the time zone (a campaign's report): a compact control for the page header.
  if (!showApp && !selection) {
    return (
      <label className={cn("flex items-center gap-2 text-sm font-medium text-slate-700", pending && "opacity-70")}>
        <Globe className="size-4 text-slate-500" aria-hidden />
        {t("timeZone")}
        {zoneSelect}
      </label>
    );
  }
  return (
    <div
      role="group"
      aria-label={t("label")}
      aria-busy={pending}
      className={cn(
        "mb-6 flex flex-wrap items-end gap-x-4 gap-y-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm",
        pending && "opacity-70",
      )}
    >
      {showApp ? (
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          {t("app")}
          <AppSelect
            apps={apps}
            appId={appId}
            className="w-52"
            disabled={pending}
            onChange={(e) => go({ app: e.target.value, tz: null })}
          />
        </label>
      ) : null}
      {selection ? (
        <div className="flex flex-col gap-1">
          <span id="range-label" className="text-xs font-medium text-slate-600">
            {t("range")}
          </span>
          <div
            role="radiogroup"
            aria-labelledby="range-label"
            className="inline-flex h-9 overflow-hidden rounded-md border border-slate-300 bg-white text-sm"
          >
            {presetChoices.map((preset) => {
              const checked = !custom && selection.preset === preset;
              return (
                <button
                  key={preset}
                  type="button"
                  role="radio"
                  aria-checked={checked}
                  disabled={pending}
                  onClick={() => {
                    setCustom(false);
                    go({ preset });
                  }}
                  className={cn(
                    "border-r border-slate-300 px-3 font-medium",
                    checked ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50",
                  )}
                >
                  {t("lastDays", { days: Number(preset) })}
                </button>
              );
            })}
            <button
              type="button"
              role="radio"
              aria-checked={custom}
              disabled={pending}
              onClick={() => setCustom(true)}
              className={cn(
                "inline-flex items-center gap-1 px-3 font-medium",
                custom ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50",
              )}
            >
              <CalendarRange className="size-4" aria-hidden />
              {t("custom")}
            </button>
          </div>
        </div>
      ) : null}
      {selection && custom ? (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (from && to) go({ preset: "custom", from, to });
          }}
        >
          {(
            [
              { key: "from", value: from, set: setFrom, bounds: { max: to || undefined } },
              { key: "to", value: to, set: setTo, bounds: { min: from || undefined } },
            ] as const
          ).map(({ key, value, set, bounds }) => (
            <label key={key} className="flex flex-col gap-1 text-xs font-medium text-slate-600">
              {t(key)}
              <Input
                type="date"
                className="w-40"
                value={value}
                {...bounds}
                required
                onChange={(e) => set(e.target.value)}
              />
            </label>
          ))}
          <Button type="submit" variant="secondary" disabled={pending || !from || !to}>
            {t("apply")}
          </Button>
        </form>
      ) : null}
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 sm:ml-auto">
        <span className="inline-flex items-center gap-1">
          <Globe className="size-3.5" aria-hidden />
          {t("timeZone")}
        </span>
        {zoneSelect}
      </label>
    </div>
  );
}
