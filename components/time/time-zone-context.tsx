"use client";
// The display zone for client components: set by the dashboard layout (and again by a page that shows
// one app, with that app's zone resolved), read by useTimeFormat() and <Time>.
import { useLocale } from "next-intl";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { formatInZone, zoneLabel, type TimeStyle } from "@/lib/time/format";

const ZoneContext = createContext<string>("UTC");

export function TimeZoneScope({ zone, children }: { zone: string; children?: ReactNode }) {
  return <ZoneContext.Provider value={zone}>{children}</ZoneContext.Provider>;
}

export interface TimeFormat {
  zone: string;
  label(at?: Date | string | number): string;
  time(at: Date | string | number, style?: TimeStyle): string;
}

export function useTimeFormat(): TimeFormat {
  const zone = useContext(ZoneContext);
  const locale = useLocale();
  return useMemo(
    () => ({
      zone,
      label: (at) => zoneLabel(zone, at === undefined ? Date.now() : new Date(at)),
      time: (at, style) => formatInZone(at, { locale, timeZone: zone, style }),
    }),
    [zone, locale],
  );
}

// One instant, in the display zone and labelled; the zone's name is its tooltip.
export function Time({
  value,
  style,
  className,
}: {
  value: Date | string | number;
  style?: TimeStyle;
  className?: string;
}) {
  const format = useTimeFormat();
  const date = value instanceof Date ? value : new Date(value);
  return (
    <time
      dateTime={Number.isNaN(date.getTime()) ? undefined : date.toISOString()}
      title={format.zone}
      className={className}
    >
      {format.time(date, style)}
    </time>
  );
}
