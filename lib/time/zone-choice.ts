// The time zone the console shows times in, as the viewer chose it: the app's own zone (the default),
// UTC, the browser's zone (remembered by name when chosen, so the server renders it too) or any IANA
// zone. Kept in a cookie so it works before sign-in and needs no row.
import { isValidTimeZone } from "@/lib/schedule/zoned-time";

export const timeZoneCookie = "HERALD_TIME_ZONE";

export type ZoneChoice =
  { kind: "app" } | { kind: "utc" } | { kind: "browser"; zone: string } | { kind: "zone"; zone: string };

export const appZoneChoice: ZoneChoice = { kind: "app" };

// Cookie text -> choice; anything unknown or malformed (a zone this runtime does not know) is the default.
export function parseZoneChoice(raw: string | null | undefined): ZoneChoice {
  if (!raw) return appZoneChoice;
  if (raw === "app") return appZoneChoice;
  if (raw === "utc") return { kind: "utc" };
  const [kind, ...rest] = raw.split(":");
  const zone = rest.join(":");
  if ((kind === "browser" || kind === "zone") && isValidTimeZone(zone)) return { kind, zone };
  return appZoneChoice;
}

export function serializeZoneChoice(choice: ZoneChoice): string {
  return choice.kind === "app" || choice.kind === "utc" ? choice.kind : `${choice.kind}:${choice.zone}`;
}

// The zone to show times in, given the app whose page it is (or the app the console falls back to).
export function resolveZone(choice: ZoneChoice, appZone: string | null | undefined): string {
  if (choice.kind === "utc") return "UTC";
  if (choice.kind === "browser" || choice.kind === "zone") return choice.zone;
  return appZone && isValidTimeZone(appZone) ? appZone : "UTC";
}
