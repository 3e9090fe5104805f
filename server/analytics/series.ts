// Time series from hourly rollup rows: buckets by hour (short spans) or by local day in the range's
// time zone, zero-filled between the first and last bucket so charts show quiet hours as zeros.
import { addDays, startOfLocalDay, utcToZoned } from "@/lib/schedule";
import type { SeriesPoint } from "@/lib/analytics/types";

const HOUR_MS = 3_600_000;
// Spans up to this many hours are shown per hour, longer ones per day.
export const HOURLY_SPAN_HOURS = 72;

export type Granularity = "hour" | "day";

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
  const keyOf = (hour: Date) => (granularity === "hour" ? hour.toISOString() : dayOf(hour, timeZone));
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
  if (granularity === "hour") {
    for (let t = Math.floor(first / HOUR_MS) * HOUR_MS; t <= last && keys.length < 24 * 400; t += HOUR_MS)
      keys.push(new Date(t).toISOString());
  } else {
    const lastDay = dayOf(new Date(last), timeZone);
    for (let day = dayOf(new Date(first), timeZone); day <= lastDay && keys.length < 3660; day = addDays(day, 1))
      keys.push(day);
  }
  return keys.map((key) => {
    const point = sums.get(key) ?? { at: key, sent: 0, received: 0, opened: 0, clicked: 0 };
    return { ...point, at: granularity === "hour" ? key : startOfLocalDay(key, timeZone).toISOString() };
  });
}

// Hourly for spans up to HOURLY_SPAN_HOURS, else daily.
export function granularityFor(from: Date, to: Date): Granularity {
  return to.getTime() - from.getTime() <= HOURLY_SPAN_HOURS * HOUR_MS ? "hour" : "day";
}
