// Splits a campaign's audience into send waves: one per distinct instant, after local times and quiet hours.
import { addDays } from "./local-date";
import { occurrences } from "./occurrences";
import { quietHoursEnd } from "./quiet-hours";
import { DEVICE_LOCAL, type QuietHours, type Schedule } from "./types";
import { isValidTimeZone, zonedToUtc } from "./zoned-time";

// What to do for zones where a one-off wall-clock time ("at" or "localTime") has already passed:
// "sendNow" (the default: send immediately, marked late; quiet hours still apply), "nextDay" (same wall
// time one day later) or "skip" (those devices get nothing; they are reported in `skipped`).
export type PastLocalTimePolicy = "sendNow" | "nextDay" | "skip";
export const DEFAULT_PAST_LOCAL_TIME: PastLocalTimePolicy = "sendNow";

// The audience key for devices without a time zone; they (and devices reporting an unknown zone) are
// scheduled in the app's zone but keep their own key in `timeZones` so the dispatcher can select them.
export const NO_TIME_ZONE = "";

// One send: when, which device zones (audience keys), how many devices, and why it moved.
export type Wave = { at: Date; timeZones: string[]; devices: number; heldForQuietHours: boolean; late: boolean };

// The waves in send order, the zones that get no wave, and the past-local-time policy that was applied.
export type WavePlan = {
  waves: Wave[];
  skipped: { timeZones: string[]; devices: number };
  pastLocalTime: PastLocalTimePolicy;
};

// now: the planning instant; graceSeconds: how late a run may be and still count as on time (default 60).
// respectQuietHours: true for promotions/announcements, false for breaking news.
export type WaveOptions = {
  now: Date;
  appTimeZone: string;
  quietHours?: QuietHours | null;
  respectQuietHours: boolean;
  pastLocalTime?: PastLocalTimePolicy;
  graceSeconds?: number;
};

type Placement = { at: number; late: boolean } | null;

/**
 * Plans the waves of one run. For "now" and "at" every zone starts together (quiet hours may hold some);
 * for "localTime" each zone starts at that wall time in its own zone; for recurring schedules this is the
 * next run at or after `now` (per device zone for device-local ones). Zones sharing an instant share a wave.
 */
export function planWaves(
  schedule: Schedule,
  audienceByTimeZone: Record<string, number>,
  options: WaveOptions,
): WavePlan {
  if (!isValidTimeZone(options.appTimeZone)) throw new RangeError(`Unknown app time zone "${options.appTimeZone}"`);
  const policy = options.pastLocalTime ?? DEFAULT_PAST_LOCAL_TIME;
  const now = options.now.getTime();
  const grace = (options.graceSeconds ?? 60) * 1000;
  // Only device-local schedules depend on the device's zone; the others are placed once for everyone.
  const perZone =
    schedule.kind === "localTime" || (schedule.kind === "recurring" && schedule.timeZone === DEVICE_LOCAL);
  const placed = memoize((zone: string) => place(schedule, zone, now, grace, policy));
  const placeInZone = (zone: string) => placed(perZone ? zone : options.appTimeZone);
  const waves = new Map<string, Wave>();
  const skipped: WavePlan["skipped"] = { timeZones: [], devices: 0 };
  for (const [key, devices] of Object.entries(audienceByTimeZone).sort(([a], [b]) => a.localeCompare(b))) {
    if (!(devices > 0)) continue;
    const zone = isValidTimeZone(key) ? key : options.appTimeZone;
    const placement = placeInZone(zone);
    if (!placement) {
      skipped.timeZones.push(key);
      skipped.devices += devices;
      continue;
    }
    let at = placement.at;
    if (options.respectQuietHours && options.quietHours)
      at = quietHoursEnd(new Date(at), zone, options.quietHours).getTime();
    const held = at !== placement.at;
    const id = `${at}|${held}|${placement.late}`;
    const wave = waves.get(id) ?? {
      at: new Date(at),
      timeZones: [],
      devices: 0,
      heldForQuietHours: held,
      late: placement.late,
    };
    wave.timeZones.push(key);
    wave.devices += devices;
    waves.set(id, wave);
  }
  const ordered = [...waves.values()].sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() ||
      Number(a.heldForQuietHours) - Number(b.heldForQuietHours) ||
      Number(a.late) - Number(b.late),
  );
  return { waves: ordered, skipped, pastLocalTime: policy };
}

// When a zone's devices go before quiet hours; null when they get nothing.
function place(schedule: Schedule, zone: string, now: number, grace: number, policy: PastLocalTimePolicy): Placement {
  if (schedule.kind === "now") return { at: now, late: false };
  if (schedule.kind === "recurring") {
    const [next] = occurrences(schedule, { from: new Date(now - grace), max: 1, timeZones: [zone] });
    return next ? { at: Math.max(next.at.getTime(), now), late: false } : null;
  }
  const zoneOfTime = schedule.kind === "at" ? schedule.timeZone : zone;
  const at = zonedToUtc(schedule.date, schedule.time, zoneOfTime).getTime();
  if (at >= now) return { at, late: false };
  if (at >= now - grace) return { at: now, late: false };
  if (policy === "skip") return null;
  if (policy === "sendNow") return { at: now, late: true };
  const nextDay = zonedToUtc(addDays(schedule.date, 1), schedule.time, zoneOfTime).getTime();
  return nextDay >= now - grace ? { at: Math.max(nextDay, now), late: false } : { at: now, late: true };
}

function memoize<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key) as T;
  };
}
