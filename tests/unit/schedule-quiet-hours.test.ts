// Quiet hours: an app's window from its columns, who keeps to it, and per zone: windows inside a day,
// across midnight, and across DST changes.
import { describe, expect, it } from "vitest";
import { inQuietWindow, quietHoursEnd, quietHoursOf, respectsQuietHours } from "@/lib/schedule";

const night = { start: 22 * 60, end: 8 * 60 };
const ends = (instant: string, zone: string, quietHours: { start: number; end: number } | null = night) =>
  quietHoursEnd(new Date(instant), zone, quietHours).toISOString();

describe("quietHoursOf", () => {
  it("turns an app's two columns into a window, or null when either is unset", () => {
    expect(quietHoursOf({ quietHoursStart: 22 * 60, quietHoursEnd: 8 * 60 })).toEqual(night);
    expect(quietHoursOf({ quietHoursStart: 0, quietHoursEnd: 6 * 60 })).toEqual({ start: 0, end: 360 });
    expect(quietHoursOf({ quietHoursStart: null, quietHoursEnd: null })).toBeNull();
    expect(quietHoursOf({ quietHoursStart: 22 * 60, quietHoursEnd: null })).toBeNull();
    expect(quietHoursOf({ quietHoursStart: null, quietHoursEnd: 8 * 60 })).toBeNull();
  });
});

describe("respectsQuietHours", () => {
  it("holds everything but breaking news", () => {
    expect(respectsQuietHours({ type: "news", breaking: true })).toBe(false);
    expect(respectsQuietHours({ type: "news", breaking: false })).toBe(true);
    expect(respectsQuietHours({ type: "promotion", breaking: true })).toBe(true);
    expect(respectsQuietHours({ type: "announcement", breaking: false })).toBe(true);
  });
});

describe("inQuietWindow", () => {
  it("handles windows inside a day, across midnight, and none", () => {
    expect(inQuietWindow(13 * 60, { start: 12 * 60, end: 14 * 60 })).toBe(true);
    expect(inQuietWindow(14 * 60, { start: 12 * 60, end: 14 * 60 })).toBe(false);
    expect(inQuietWindow(11 * 60 + 59, { start: 12 * 60, end: 14 * 60 })).toBe(false);
    expect(inQuietWindow(22 * 60, night)).toBe(true);
    expect(inQuietWindow(0, night)).toBe(true);
    expect(inQuietWindow(8 * 60 - 1, night)).toBe(true);
    expect(inQuietWindow(8 * 60, night)).toBe(false);
    expect(inQuietWindow(21 * 60 + 59, night)).toBe(false);
    expect(inQuietWindow(600, { start: 600, end: 600 })).toBe(false);
    expect(inQuietWindow(600, null)).toBe(false);
  });
});

describe("quietHoursEnd", () => {
  it("moves an instant in a midnight-wrapping window to the next local 08:00", () => {
    expect(ends("2026-07-15T21:30:00Z", "Europe/Berlin")).toBe("2026-07-16T06:00:00.000Z"); // 23:30 -> tomorrow 08:00
    expect(ends("2026-07-16T05:00:00Z", "Europe/Berlin")).toBe("2026-07-16T06:00:00.000Z"); // 07:00 -> today 08:00
    expect(ends("2026-07-15T20:00:00Z", "Europe/Berlin")).toBe("2026-07-16T06:00:00.000Z"); // exactly 22:00 is quiet
    expect(ends("2026-07-15T17:00:00Z", "Asia/Kathmandu")).toBe("2026-07-16T02:15:00.000Z"); // 22:45 +05:45
    expect(ends("2026-07-15T12:00:00Z", "Pacific/Kiritimati")).toBe("2026-07-15T18:00:00.000Z"); // 02:00 on the 16th
  });

  it("leaves instants outside the window (and empty windows) unchanged", () => {
    expect(ends("2026-07-16T06:00:00Z", "Europe/Berlin")).toBe("2026-07-16T06:00:00.000Z"); // exactly 08:00
    expect(ends("2026-07-15T12:00:00Z", "Europe/Berlin")).toBe("2026-07-15T12:00:00.000Z");
    expect(ends("2026-07-15T21:30:00Z", "Europe/Berlin", { start: 600, end: 600 })).toBe("2026-07-15T21:30:00.000Z");
    expect(ends("2026-07-15T21:30:00Z", "Europe/Berlin", null)).toBe("2026-07-15T21:30:00.000Z");
  });

  it("handles a window inside the day", () => {
    const lunch = { start: 12 * 60, end: 14 * 60 };
    expect(ends("2026-07-15T04:30:00Z", "Asia/Shanghai", lunch)).toBe("2026-07-15T06:00:00.000Z");
    expect(ends("2026-07-15T06:00:00Z", "Asia/Shanghai", lunch)).toBe("2026-07-15T06:00:00.000Z");
  });

  it("ends at local 08:00 after a night with a DST change", () => {
    // Berlin, night of 28/29 March 2026: 23:00 CET -> 08:00 CEST
    expect(ends("2026-03-28T22:00:00Z", "Europe/Berlin")).toBe("2026-03-29T06:00:00.000Z");
    // Berlin, night of 24/25 October 2026: 23:00 CEST -> 08:00 CET
    expect(ends("2026-10-24T21:00:00Z", "Europe/Berlin")).toBe("2026-10-25T07:00:00.000Z");
    // Sydney, night of 4/5 April 2026 (DST ends): 23:00 AEDT -> 08:00 AEST
    expect(ends("2026-04-04T12:00:00Z", "Australia/Sydney")).toBe("2026-04-04T22:00:00.000Z");
  });

  it("ends at the end of a DST gap when the end time is skipped", () => {
    const early = { start: 60, end: 150 }; // 01:00-02:30
    expect(ends("2026-03-08T06:30:00Z", "America/New_York", early)).toBe("2026-03-08T07:00:00.000Z");
  });

  it("rejects windows that are not minutes of a day", () => {
    expect(() => ends("2026-07-15T21:30:00Z", "Europe/Berlin", { start: 1320, end: 1440 })).toThrow(
      "Quiet hours must be whole minutes 0-1439, got 1320-1440",
    );
    expect(() => ends("2026-07-15T21:30:00Z", "Europe/Berlin", { start: 1.5, end: 60 })).toThrow("whole minutes");
  });

  it("ends at the next occurrence of a repeated end time", () => {
    const early = { start: 0, end: 90 }; // 00:00-01:30; 01:00-01:59 happens twice on 2026-11-01 in New York
    expect(ends("2026-11-01T05:10:00Z", "America/New_York", early)).toBe("2026-11-01T05:30:00.000Z"); // 01:10 EDT
    expect(ends("2026-11-01T06:10:00Z", "America/New_York", early)).toBe("2026-11-01T06:30:00.000Z"); // 01:10 EST
  });
});
