"use client";
// Chooses the zone every time in the console is shown in: the app's own (default), the browser's,
// UTC or any IANA zone; remembered in a cookie, and the page is rendered again in it.
import { Clock } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useSyncExternalStore } from "react";
import { serializeZoneChoice, type ZoneChoice } from "@/lib/time/zone-choice";
import { setTimeZoneChoice } from "@/server/preferences/actions";
import { useSelectTransition } from "@/components/ui/use-select-transition";

const subscribe = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
let zoneList: string[] | null = null;
const allZones = () => (zoneList ??= Intl.supportedValuesOf("timeZone"));
const noZones: string[] = [];

export function TimeZoneSwitch({ choice }: { choice: ZoneChoice }) {
  const t = useTranslations("time");
  const router = useRouter();
  // Known only in the browser: the options appear once the page is hydrated.
  const browser = useSyncExternalStore(subscribe, browserZone, () => null);
  const zones = useSyncExternalStore(subscribe, allZones, () => noZones);
  const { pending, onChange } = useSelectTransition(async (next) => {
    await setTimeZoneChoice(next);
    router.refresh();
  });
  const current = serializeZoneChoice(choice);
  const named = choice.kind === "zone" || choice.kind === "browser" ? choice.zone : null;
  const others = [...new Set([...(named && choice.kind === "zone" ? [named] : []), ...zones])].filter(
    (zone) => zone !== "UTC",
  );
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <Clock className="size-4 shrink-0" aria-hidden />
      <span className="sr-only">{t("zone")}</span>
      <select
        aria-label={t("zone")}
        data-testid="time-zone-switch"
        className="w-full min-w-0 rounded border border-slate-300 bg-white px-2 py-1 text-sm"
        value={current}
        disabled={pending}
        onChange={onChange}
      >
        <option value="app">{t("app")}</option>
        {choice.kind === "browser" && choice.zone !== browser ? (
          <option value={current}>{t("browser", { zone: choice.zone })}</option>
        ) : null}
        {browser ? <option value={`browser:${browser}`}>{t("browser", { zone: browser })}</option> : null}
        <option value="utc">UTC</option>
        <optgroup label={t("other")}>
          {others.map((zone) => (
            <option key={zone} value={`zone:${zone}`}>
              {zone}
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}
