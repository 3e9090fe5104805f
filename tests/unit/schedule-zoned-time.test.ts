// Wall clock <-> instant conversion across DST changes, odd offsets and the date line.
import { describe, expect, it } from "vitest";
import {
  isValidTimeZone,
  localTimeExists,
  offsetMinutesAt,
  startOfLocalDay,
  utcToZoned,
  zonedToUtc,
} from "@/lib/schedule";

const iso = (date: Date) => date.toISOString();

describe("zonedToUtc", () => {
  it.each([
    // America/New_York: spring forward 2026-03-08 02:00 -> 03:00, fall back 2026-11-01 02:00 -> 01:00
    ["2026-03-08", "01:59", "America/New_York", "2026-03-08T06:59:00.000Z"],
    ["2026-03-08", "02:00", "America/New_York", "2026-03-08T07:00:00.000Z"],
    ["2026-03-08", "02:30", "America/New_York", "2026-03-08T07:00:00.000Z"],
    ["2026-03-08", "03:00", "America/New_York", "2026-03-08T07:00:00.000Z"],
    ["2026-03-08", "09:00", "America/New_York", "2026-03-08T13:00:00.000Z"],
    ["2026-03-07", "09:00", "America/New_York", "2026-03-07T14:00:00.000Z"],
    ["2026-11-01", "00:59", "America/New_York", "2026-11-01T04:59:00.000Z"],
    ["2026-11-01", "01:30", "America/New_York", "2026-11-01T05:30:00.000Z"],
    ["2026-11-01", "02:00", "America/New_York", "2026-11-01T07:00:00.000Z"],
    // Europe/Berlin: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00
    ["2026-03-29", "02:30", "Europe/Berlin", "2026-03-29T01:00:00.000Z"],
    ["2026-03-29", "01:59", "Europe/Berlin", "2026-03-29T00:59:00.000Z"],
    ["2026-10-25", "02:30", "Europe/Berlin", "2026-10-25T00:30:00.000Z"],
    ["2026-10-25", "03:00", "Europe/Berlin", "2026-10-25T02:00:00.000Z"],
    // Australia/Sydney (southern hemisphere): summer +11, winter +10; 2026-04-05 03:00 -> 02:00, 2026-10-04 02:00 ->
    // 03:00
    ["2026-01-15", "09:00", "Australia/Sydney", "2026-01-14T22:00:00.000Z"],
    ["2026-07-15", "09:00", "Australia/Sydney", "2026-07-14T23:00:00.000Z"],
    ["2026-04-05", "02:30", "Australia/Sydney", "2026-04-04T15:30:00.000Z"],
    ["2026-10-04", "02:30", "Australia/Sydney", "2026-10-03T16:00:00.000Z"],
    // No DST and fractional offsets
    ["2026-01-15", "09:00", "Asia/Shanghai", "2026-01-15T01:00:00.000Z"],
    ["2026-07-15", "09:00", "Asia/Shanghai", "2026-07-15T01:00:00.000Z"],
    ["2026-07-15", "09:00", "Asia/Kolkata", "2026-07-15T03:30:00.000Z"],
    ["2026-07-15", "09:00", "Asia/Kathmandu", "2026-07-15T03:15:00.000Z"],
    ["2026-01-15", "09:00", "Pacific/Chatham", "2026-01-14T19:15:00.000Z"],
    ["2026-07-15", "09:00", "Pacific/Chatham", "2026-07-14T20:15:00.000Z"],
    ["2026-09-27", "03:00", "Pacific/Chatham", "2026-09-26T14:00:00.000Z"],
    // Either side of the date line
    ["2026-07-01", "09:00", "Pacific/Kiritimati", "2026-06-30T19:00:00.000Z"],
    ["2026-07-01", "09:00", "Pacific/Pago_Pago", "2026-07-01T20:00:00.000Z"],
    ["2026-07-01", "00:00", "UTC", "2026-07-01T00:00:00.000Z"],
  ])("%s %s in %s is %s", (date, time, zone, expected) => {
    expect(iso(zonedToUtc(date, time, zone))).toBe(expected);
  });

  it("resolves the repeated hour to the earlier instant unless asked for the later one", () => {
    expect(iso(zonedToUtc("2026-11-01", "01:30", "America/New_York", "later"))).toBe("2026-11-01T06:30:00.000Z");
    expect(iso(zonedToUtc("2026-10-25", "02:30", "Europe/Berlin", "later"))).toBe("2026-10-25T01:30:00.000Z");
    expect(iso(zonedToUtc("2026-04-05", "02:30", "Australia/Sydney", "later"))).toBe("2026-04-04T16:30:00.000Z");
    // Chatham falls back 03:45 -> 02:45, so 03:00 happens twice but 02:30 only once.
    expect(iso(zonedToUtc("2026-04-05", "03:00", "Pacific/Chatham"))).toBe("2026-04-04T13:15:00.000Z");
    expect(iso(zonedToUtc("2026-04-05", "03:00", "Pacific/Chatham", "later"))).toBe("2026-04-04T14:15:00.000Z");
    expect(iso(zonedToUtc("2026-04-05", "02:30", "Pacific/Chatham", "later"))).toBe("2026-04-04T12:45:00.000Z");
  });

  it("resolves a skipped time to the end of the gap, even a whole skipped day", () => {
    expect(iso(zonedToUtc("2026-09-27", "02:45", "Pacific/Chatham"))).toBe("2026-09-26T14:00:00.000Z");
    expect(iso(zonedToUtc("2026-09-27", "03:44", "Pacific/Chatham"))).toBe("2026-09-26T14:00:00.000Z");
    // Samoa skipped 2011-12-30 when it crossed the date line: the day resumes at 2011-12-31 00:00 (+14).
    expect(iso(zonedToUtc("2011-12-30", "12:00", "Pacific/Apia"))).toBe("2011-12-30T10:00:00.000Z");
  });

  it("rejects malformed input with a clear error", () => {
    expect(() => zonedToUtc("2026-02-30", "09:00", "UTC")).toThrow('Invalid date "2026-02-30"');
    expect(() => zonedToUtc("2026-2-3", "09:00", "UTC")).toThrow("YYYY-MM-DD");
    expect(() => zonedToUtc("2026-02-03", "9:00", "UTC")).toThrow('Invalid time "9:00"');
    expect(() => zonedToUtc("2026-02-03", "24:00", "UTC")).toThrow("HH:MM");
    expect(() => zonedToUtc("2026-02-03", "09:00", "Mars/Olympus")).toThrow('Unknown time zone "Mars/Olympus"');
  });
});

describe("utcToZoned", () => {
  it("reads the wall clock, weekday and offset", () => {
    expect(utcToZoned(new Date("2026-03-08T07:00:00Z"), "America/New_York")).toEqual({
      date: "2026-03-08",
      time: "03:00",
      year: 2026,
      month: 3,
      day: 8,
      hour: 3,
      minute: 0,
      second: 0,
      weekday: 0,
      offsetMinutes: -240,
    });
    expect(utcToZoned(new Date("2026-03-08T06:59:59Z"), "America/New_York")).toMatchObject({
      time: "01:59",
      second: 59,
      offsetMinutes: -300,
    });
    expect(utcToZoned(new Date("2026-07-15T03:15:00Z"), "Asia/Kathmandu")).toMatchObject({
      date: "2026-07-15",
      time: "09:00",
      offsetMinutes: 345,
    });
    expect(utcToZoned(new Date("2026-01-14T19:15:00Z"), "Pacific/Chatham")).toMatchObject({
      date: "2026-01-15",
      offsetMinutes: 825,
    });
    expect(utcToZoned(new Date("2026-07-14T20:15:00Z"), "Pacific/Chatham")).toMatchObject({
      date: "2026-07-15",
      offsetMinutes: 765,
    });
  });

  it("puts Kiritimati and Pago Pago on calendar days two apart at the same instant", () => {
    const instant = new Date("2026-07-01T10:30:00Z");
    expect(utcToZoned(instant, "Pacific/Kiritimati")).toMatchObject({
      date: "2026-07-02",
      time: "00:30",
      weekday: 4,
      offsetMinutes: 840,
    });
    expect(utcToZoned(instant, "Pacific/Pago_Pago")).toMatchObject({
      date: "2026-06-30",
      time: "23:30",
      weekday: 2,
      offsetMinutes: -660,
    });
  });

  it("reads both passes of the repeated hour as the same wall time with different offsets", () => {
    expect(utcToZoned(new Date("2026-11-01T05:30:00Z"), "America/New_York")).toMatchObject({
      time: "01:30",
      offsetMinutes: -240,
    });
    expect(utcToZoned(new Date("2026-11-01T06:30:00Z"), "America/New_York")).toMatchObject({
      time: "01:30",
      offsetMinutes: -300,
    });
  });
});

describe("zone helpers", () => {
  it("accepts IANA names and aliases, rejects the rest", () => {
    for (const zone of ["UTC", "Asia/Kolkata", "Asia/Calcutta", "US/Eastern", "Etc/GMT+12", "Pacific/Chatham"])
      expect(isValidTimeZone(zone)).toBe(true);
    for (const zone of ["", "Mars/Olympus", "+05:30", "GMT+25"]) expect(isValidTimeZone(zone)).toBe(false);
  });

  it("knows which wall times exist", () => {
    expect(localTimeExists("2026-03-08", "02:30", "America/New_York")).toBe(false);
    expect(localTimeExists("2026-03-08", "03:00", "America/New_York")).toBe(true);
    expect(localTimeExists("2026-11-01", "01:30", "America/New_York")).toBe(true);
    expect(localTimeExists("2026-03-08", "02:30", "Asia/Shanghai")).toBe(true);
  });

  it("gives offsets and local midnights", () => {
    expect(offsetMinutesAt(new Date("2026-01-01T00:00:00Z"), "Europe/Berlin")).toBe(60);
    expect(offsetMinutesAt(new Date("2026-07-01T00:00:00Z"), "Europe/Berlin")).toBe(120);
    expect(offsetMinutesAt(new Date("2026-07-01T00:00:00Z"), "Australia/Sydney")).toBe(600);
    expect(iso(startOfLocalDay("2026-03-29", "Europe/Berlin"))).toBe("2026-03-28T23:00:00.000Z");
    // Havana skips midnight when DST starts (2026-03-08 00:00 -> 01:00): the day starts at the gap's end.
    expect(iso(startOfLocalDay("2026-03-08", "America/Havana"))).toBe("2026-03-08T05:00:00.000Z");
  });
});

describe("Intl layouts", () => {
  it("falls back to formatToParts when format() prints an unexpected layout", () => {
    // Intl.DateTimeFormat.prototype.format is a getter returning a bound function: replace it for this test.
    const prototype = Intl.DateTimeFormat.prototype;
    const original = Object.getOwnPropertyDescriptor(prototype, "format") as PropertyDescriptor;
    let calls = 0;
    Object.defineProperty(prototype, "format", {
      configurable: true,
      get: () => () => (calls++, "2026年3月8日 03:00:00"),
    });
    try {
      expect(iso(zonedToUtc("2026-03-08", "02:30", "America/New_York"))).toBe("2026-03-08T07:00:00.000Z");
      expect(utcToZoned(new Date("2026-11-01T06:30:00Z"), "America/New_York")).toMatchObject({
        time: "01:30",
        offsetMinutes: -300,
      });
      expect(calls).toBeGreaterThan(0);
    } finally {
      Object.defineProperty(prototype, "format", original);
    }
  });
});
