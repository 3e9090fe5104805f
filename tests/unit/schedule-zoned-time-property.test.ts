// Property tests: wall clock -> instant -> wall clock round-trips in every zone Intl knows, 1990-2037.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatClock, formatLocalDate, offsetMinutesAt, utcToZoned, zonedToUtc } from "@/lib/schedule";

const zones = ["UTC", "Asia/Kolkata", "US/Eastern", ...Intl.supportedValuesOf("timeZone")];
const zone = fc.constantFrom(...zones);
const localDate = fc
  .record({
    year: fc.integer({ min: 1990, max: 2037 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ year, month, day }) => formatLocalDate(year, month, day));
const localTime = fc.integer({ min: 0, max: 1439 }).map(formatClock);
const reading = (instant: number, timeZone: string) => {
  const parts = utcToZoned(instant, timeZone);
  return `${parts.date} ${parts.time}`;
};

// Local dates on which each zone changed its offset in 2026 (found by sampling noon UTC daily), so the
// properties can also be exercised where gaps and repeated hours actually are.
const DAY = 86_400_000;
const transitionDays = zones.flatMap((timeZone) => {
  const days: [string, string][] = [];
  for (let week = Date.UTC(2026, 0, 1, 12); week < Date.UTC(2027, 0, 1, 12); week += 7 * DAY) {
    if (offsetMinutesAt(week, timeZone) === offsetMinutesAt(week + 7 * DAY, timeZone)) continue;
    for (let noon = week; noon < week + 7 * DAY; noon += DAY) {
      if (offsetMinutesAt(noon, timeZone) === offsetMinutesAt(noon + DAY, timeZone)) continue;
      days.push([timeZone, utcToZoned(noon, timeZone).date], [timeZone, utcToZoned(noon + DAY, timeZone).date]);
    }
  }
  return days;
});
let gapsSeen = 0;

// zonedToUtc reads back as asked, or the asked time lies in a gap and resolved to the gap's end.
function checkRoundTrip(timeZone: string, date: string, time: string): void {
  const asked = `${date} ${time}`;
  const instant = zonedToUtc(date, time, timeZone).getTime();
  const got = reading(instant, timeZone);
  if (got === asked) return;
  // A gap: just before the instant the clock read earlier than asked, at the instant later.
  gapsSeen++;
  expect(reading(instant - 1000, timeZone) < asked).toBe(true);
  expect(got > asked).toBe(true);
  expect(utcToZoned(instant - 1000, timeZone).offsetMinutes).toBeLessThan(utcToZoned(instant, timeZone).offsetMinutes);
}

describe("zonedToUtc / utcToZoned properties", () => {
  it("reads back the wall time asked for, unless it lies in a gap, which resolves to the gap's end", () => {
    fc.assert(fc.property(zone, localDate, localTime, checkRoundTrip), { numRuns: 2000 });
  });

  it("round-trips on the days clocks change", () => {
    expect(transitionDays.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(fc.constantFrom(...transitionDays), localTime, ([timeZone, date], time) =>
        checkRoundTrip(timeZone, date, time),
      ),
      {
        numRuns: 3000,
      },
    );
    expect(gapsSeen).toBeGreaterThan(10); // the generator really reaches skipped wall times
  });

  it("gives every instant back from its wall reading (as the earlier or later of a repeated time)", () => {
    const instant = fc
      .integer({ min: Date.UTC(1990, 0, 2) / 60_000, max: Date.UTC(2037, 11, 30) / 60_000 })
      .map((minutes) => minutes * 60_000);
    fc.assert(
      fc.property(zone, instant, (timeZone, ms) => {
        const parts = utcToZoned(ms, timeZone);
        const earlier = zonedToUtc(parts.date, parts.time, timeZone).getTime();
        const later = zonedToUtc(parts.date, parts.time, timeZone, "later").getTime();
        expect(earlier).toBeLessThanOrEqual(later);
        expect([earlier, later]).toContain(ms);
        if (earlier !== later) expect(reading(earlier, timeZone)).toBe(reading(later, timeZone));
      }),
      { numRuns: 2000 },
    );
  });

  it("gives instants back near 2026's clock changes too", () => {
    const nearChange = fc
      .tuple(fc.constantFrom(...transitionDays), fc.integer({ min: -36 * 60, max: 36 * 60 }))
      .map(([[timeZone, date], minutes]) => ({
        timeZone,
        ms: zonedToUtc(date, "12:00", timeZone).getTime() + minutes * 60_000,
      }));
    fc.assert(
      fc.property(nearChange, ({ timeZone, ms }) => {
        const parts = utcToZoned(ms, timeZone);
        expect([
          zonedToUtc(parts.date, parts.time, timeZone).getTime(),
          zonedToUtc(parts.date, parts.time, timeZone, "later").getTime(),
        ]).toContain(ms);
      }),
      { numRuns: 3000 },
    );
  });
});
