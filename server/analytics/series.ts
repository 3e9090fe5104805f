// Time series from hourly rollup rows (or per-minute rows for short ranges, minute-rows.ts): buckets
// by minute (spans of a few hours: a breaking alert sent in three minutes shows as three bars, not
// one), by hour (short spans) or by local day in the range's time zone, zero-filled between the first
// and last bucket so charts show quiet hours as zeros.
import { addDays, startOfLocalDay, utcToZoned } from "@/lib/schedule";
import type { SeriesPoint } from "@/lib/analytics/types";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
// Spans up to this many hours are shown per minute, up to HOURLY_SPAN_HOURS per hour, longer ones per day.
export const MINUTE_SPAN_HOURS = 3;
export const HOURLY_SPAN_HOURS = 72;

export type Granularity = "minute" | "hour" | "day";

interface Point {
  hour: Date;
  sent: number;
  received: number;
  opened: number;
  clicked: number;
}

// The local day (YYYY-MM-DD) of an instant and the UTC instant it starts at.
function dayOf(instant: Date, timeZone: string): string {
  return utcToZoned(instant, timeZone).date;
}

// Buckets `rows` (hours as UTC instants) into a zero-filled series; `from`/`to` bound it when given.
export function bucketSeries(
  rows: readonly Point[],
  timeZone: string,
  granularity: Granularity,
  bounds?: { from: Date; to: Date },
): SeriesPoint[] {
  const sums = new Map<string, SeriesPoint>();
  const step = granularity === "minute" ? MINUTE_MS : HOUR_MS;
  const keyOf = (hour: Date) =>
    granularity === "day" ? dayOf(hour, timeZone) : new Date(Math.floor(hour.getTime() / step) * step).toISOString();
  for (const row of rows) {
    const key = keyOf(row.hour);
    const point = sums.get(key) ?? { at: key, sent: 0, received: 0, opened: 0, clicked: 0 };
    point.sent += row.sent;
    point.received += row.received;
    point.opened += row.opened;
    point.clicked += row.clicked;
    sums.set(key, point);
  }
  const hours = rows.map((r) => r.hour.getTime());
  const first = bounds ? bounds.from.getTime() : Math.min(...hours);
  const last = bounds ? bounds.to.getTime() - 1 : Math.max(...hours);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first) return [];
  const keys: string[] = [];
  if (granularity !== "day") {
    for (let t = Math.floor(first / step) * step; t <= last && keys.length < 24 * 400; t += step)
      keys.push(new Date(t).toISOString());
  } else {
    const lastDay = dayOf(new Date(last), timeZone);
    for (let day = dayOf(new Date(first), timeZone); day <= lastDay && keys.length < 3660; day = addDays(day, 1))
      keys.push(day);
  }
  return keys.map((key) => {
    const point = sums.get(key) ?? { at: key, sent: 0, received: 0, opened: 0, clicked: 0 };
    return { ...point, at: granularity === "day" ? startOfLocalDay(key, timeZone).toISOString() : key };
  });
}

// Per minute for spans up to MINUTE_SPAN_HOURS, hourly up to HOURLY_SPAN_HOURS, else daily.
export function granularityFor(from: Date, to: Date): Granularity {
  const span = to.getTime() - from.getTime();
  return span <= MINUTE_SPAN_HOURS * HOUR_MS ? "minute" : span <= HOURLY_SPAN_HOURS * HOUR_MS ? "hour" : "day";
}
