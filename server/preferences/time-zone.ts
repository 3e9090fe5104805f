// The zone the console shows times in for this request, for pages and layouts: the viewer's choice
// (cookie) resolved against the page's app or, on pages of no one app, the first app by name (as the app
// pickers pick). Server components format with components/time/server-time.ts.
import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { parseZoneChoice, resolveZone, timeZoneCookie, type ZoneChoice } from "@/lib/time/zone-choice";
import { db } from "@/server/db";

export const readZoneChoice = cache(async (): Promise<ZoneChoice> => {
  return parseZoneChoice((await cookies()).get(timeZoneCookie)?.value);
});

// The zone of the app the console falls back to when a page shows no one app.
const fallbackAppZone = cache(async (): Promise<string | null> => {
  const app = await db.app.findFirst({ select: { timezone: true }, orderBy: { name: "asc" } });
  return app?.timezone ?? null;
});

// The zone to show times in; `appZone` is the zone of the app the page shows, when it shows one.
export async function displayZone(appZone?: string | null): Promise<string> {
  const choice = await readZoneChoice();
  if (choice.kind !== "app") return resolveZone(choice, null);
  return resolveZone(choice, appZone ?? (await fallbackAppZone()));
}

// The display zone on a page about one app, named by id (the audit log's app filter, a device's page).
export async function displayZoneOfApp(appId: string | null | undefined): Promise<string> {
  const app = appId ? await db.app.findUnique({ where: { id: appId }, select: { timezone: true } }) : null;
  return displayZone(app?.timezone);
}
