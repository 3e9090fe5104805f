// Times for server components: in the zone the viewer chose (cookie), resolved against the app the
// page shows, labelled, in the reader's language. A component that knows its app passes the app's zone;
// otherwise the page has called setRequestTimeZone with the zone it resolved
// (server/preferences/time-zone.ts). Resolving a resolved zone again changes nothing.
import "server-only";
import { cookies } from "next/headers";
import { getLocale } from "next-intl/server";
import { cache } from "react";
import { formatInZone, type TimeStyle } from "@/lib/time/format";
import { parseZoneChoice, resolveZone, timeZoneCookie } from "@/lib/time/zone-choice";

// One per request (React's cache is scoped to a server render).
const requestZone = cache((): { zone: string | null } => ({ zone: null }));

// Called by a page before it renders its components (layouts render alongside pages, so not there).
export function setRequestTimeZone(zone: string): void {
  requestZone().zone = zone;
}

export interface ServerTimeFormat {
  zone: string;
  time(at: Date | string | number, style?: TimeStyle): string;
}

export async function getTimeFormat(appZone?: string | null): Promise<ServerTimeFormat> {
  const [jar, locale] = await Promise.all([cookies(), getLocale()]);
  const zone = resolveZone(parseZoneChoice(jar.get(timeZoneCookie)?.value), appZone ?? requestZone().zone);
  return { zone, time: (at, style) => formatInZone(at, { locale, timeZone: zone, style }) };
}
