// The analytics pages read their range from the URL: whole local days in the chosen zone, custom
// ranges capped at today and a year, anything malformed back to the last 30 days in the app's zone.
import { describe, expect, it } from "vitest";
import { rangeQuery, readRange, readTimeZone } from "@/lib/analytics/range-params";

// 2026-11-25 01:30 in Shanghai (UTC+8) is still the 24th in UTC.
const now = new Date("2026-11-24T17:30:00Z");

describe("readRange", () => {
  it("defaults to the last 30 local days in the app's zone, to the end of today", () => {
    const s = readRange({}, "Asia/Shanghai", now);
    expect(s).toMatchObject({ preset: "30", fromDate: "2026-10-27", toDate: "2026-11-25", timeZone: "Asia/Shanghai" });
    expect(s.range).toEqual({
      from: "2026-10-26T16:00:00.000Z",
      to: "2026-11-25T16:00:00.000Z",
      timeZone: "Asia/Shanghai",
    });
  });

  it("reads a preset in another zone", () => {
    const s = readRange({ range: "7", tz: "America/New_York" }, "Asia/Shanghai", now);
    expect(s).toMatchObject({
      preset: "7",
      fromDate: "2026-11-18",
      toDate: "2026-11-24",
      timeZone: "America/New_York",
    });
    expect(s.range.from).toBe("2026-11-18T05:00:00.000Z");
  });

  it("reads custom days as whole local days; a custom end in the future stops at today", () => {
    const past = readRange({ range: "custom", from: "2026-11-01", to: "2026-11-03" }, "UTC", now);
    expect(past.range).toEqual({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-04T00:00:00.000Z", timeZone: "UTC" });
    const future = readRange({ range: "custom", from: "2026-11-20", to: "2027-01-01" }, "UTC", now);
    expect(future).toMatchObject({ preset: "custom", toDate: "2026-11-24" });
    // Whole days: today runs to its end (events stamped by clocks a little ahead still count).
    expect(future.range.to).toBe("2026-11-25T00:00:00.000Z");
  });

  it("falls back to the default for a reversed, too long or malformed custom range, an unknown preset or zone", () => {
    for (const params of [
      { range: "custom", from: "2026-11-10", to: "2026-11-01" },
      { range: "custom", from: "2024-01-01", to: "2026-11-01" },
      { range: "custom", from: "2026-02-30", to: "2026-03-01" },
      { range: "365" },
      { tz: "Mars/Olympus" },
    ]) {
      expect(readRange(params, "UTC", now)).toMatchObject({ preset: "30", timeZone: "UTC", toDate: "2026-11-24" });
    }
    expect(readTimeZone({ tz: ["Europe/Paris", "UTC"] }, "UTC")).toBe("Europe/Paris");
  });
});

describe("rangeQuery", () => {
  it("writes the app, the preset, custom days and a zone other than the app's", () => {
    expect(rangeQuery("app-1", { preset: "7", fromDate: "x", toDate: "y", timeZone: "UTC" }, "UTC")).toBe(
      "app=app-1&range=7",
    );
    expect(
      rangeQuery(
        "app-1",
        { preset: "custom", fromDate: "2026-11-01", toDate: "2026-11-03", timeZone: "Asia/Tokyo" },
        "UTC",
        { type: "news" },
      ),
    ).toBe("app=app-1&range=custom&from=2026-11-01&to=2026-11-03&tz=Asia%2FTokyo&type=news");
  });
});
