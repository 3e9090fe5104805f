// Clock parsing, quiet-hours windows and time zone checks used by app settings.
import { describe, expect, it } from "vitest";
import { createAppInput } from "@/server/apps/schema";
import { formatClock, inQuietHours, isTimeZone, parseClock } from "@/server/apps/time";

describe("parseClock / formatClock", () => {
  it.each([
    ["00:00", 0],
    ["08:05", 485],
    ["22:00", 1320],
    ["23:59", 1439],
    [" 07:30 ", 450],
  ])("%s -> %i", (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
    expect(formatClock(minutes)).toBe(text.trim());
  });
  it.each(["24:00", "7:30", "12:60", "noon", "", "12:3", "-1:00"])("rejects %j", (text) =>
    expect(parseClock(text)).toBeNull(),
  );
  it("formats nothing for null and out-of-range minutes", () => {
    expect(formatClock(null)).toBe("");
    expect(formatClock(1440)).toBe("");
  });
});

describe("inQuietHours", () => {
  it("handles windows inside a day and windows that wrap midnight", () => {
    expect(inQuietHours(13 * 60, 12 * 60, 14 * 60)).toBe(true);
    expect(inQuietHours(14 * 60, 12 * 60, 14 * 60)).toBe(false);
    expect(inQuietHours(23 * 60, 22 * 60, 8 * 60)).toBe(true);
    expect(inQuietHours(7 * 60, 22 * 60, 8 * 60)).toBe(true);
    expect(inQuietHours(12 * 60, 22 * 60, 8 * 60)).toBe(false);
    expect(inQuietHours(12 * 60, null, null)).toBe(false);
  });
});

describe("time zones", () => {
  it("accepts IANA names and UTC, rejects the rest", () => {
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Asia/Shanghai")).toBe(true);
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    // Current names that Node 20's zone list still spells the old way.
    expect(isTimeZone("Asia/Kolkata")).toBe(true);
    expect(isTimeZone("Europe/Kyiv")).toBe(true);
    expect(isTimeZone("Asia/Kolkata; drop table")).toBe(false);
    expect(isTimeZone("asia/shanghai")).toBe(false);
  });
});

describe("app settings schema", () => {
  it("stores quiet hours as minutes and allows a window across midnight", () => {
    expect(createAppInput.parse({ name: "A", quietHoursStart: "22:00", quietHoursEnd: "08:00" })).toMatchObject({
      quietHoursStart: 1320,
      quietHoursEnd: 480,
      timezone: "UTC",
    });
  });
  it("requires both ends or neither", () => {
    const result = createAppInput.safeParse({ name: "A", quietHoursEnd: "08:00" });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["quietHoursStart"], message: "quietHoursBoth" }),
    ]);
  });
  it.each([
    ["androidPackage", "com.example.app", true],
    ["androidPackage", "com", false],
    ["androidPackage", "1com.example", false],
    ["iosBundleId", "com.example.App-1", true],
    ["iosBundleId", "com example", false],
    ["webOrigin", "https://example.com", true],
    ["webOrigin", "https://example.com:8443/", true],
    ["webOrigin", "https://example.com/path", false],
    ["webOrigin", "http://example.com", false],
    ["webOrigin", "example.com", false],
  ])("%s %j valid: %s", (field, value, valid) => {
    expect(createAppInput.safeParse({ name: "A", [field]: value }).success).toBe(valid);
  });
});
