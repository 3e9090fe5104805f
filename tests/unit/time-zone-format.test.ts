// The console's one time convention: every time in the chosen zone, labelled with that zone's offset.
import { describe, expect, it } from "vitest";
import { formatInZone, zoneLabel, zoneName } from "@/lib/time/format";
import { parseZoneChoice, resolveZone, serializeZoneChoice } from "@/lib/time/zone-choice";

const at = new Date("2026-12-07T07:24:50Z");

describe("zoneLabel", () => {
  it("names UTC as UTC and other zones by their offset at the instant", () => {
    expect(zoneLabel("UTC", at)).toBe("UTC");
    expect(zoneLabel("Asia/Shanghai", at)).toBe("GMT+8");
    expect(zoneLabel("America/New_York", at)).toBe("GMT-5");
    expect(zoneLabel("America/New_York", new Date("2026-07-01T12:00:00Z"))).toBe("GMT-4");
    expect(zoneLabel("Asia/Kolkata", at)).toBe("GMT+5:30");
    expect(zoneLabel("Europe/London", at)).toBe("GMT");
  });

  it("names a zone with its label for pickers", () => {
    expect(zoneName("Asia/Shanghai", at)).toBe("Asia/Shanghai (GMT+8)");
    expect(zoneName("UTC", at)).toBe("UTC");
  });
});

describe("formatInZone", () => {
  it("shows the instant in the given zone, not the machine's, with the label, in both languages", () => {
    expect(formatInZone(at, { locale: "en", timeZone: "Asia/Shanghai" })).toBe("Dec 7, 2026, 3:24 PM GMT+8");
    expect(formatInZone(at, { locale: "zh-CN", timeZone: "Asia/Shanghai" })).toBe("2026年12月7日 15:24 GMT+8");
    expect(formatInZone(at, { locale: "en", timeZone: "UTC", style: "timeSeconds" })).toBe("7:24:50 AM UTC");
    expect(formatInZone(at.toISOString(), { locale: "zh-CN", timeZone: "UTC", style: "dateTimeSeconds" })).toBe(
      "2026年12月7日 07:24:50 UTC",
    );
  });

  it("labels no date-only text and shows a dash for an unreadable instant", () => {
    expect(formatInZone(at, { locale: "en", timeZone: "America/New_York", style: "date" })).toBe("Dec 7, 2026");
    expect(formatInZone("not a date", { locale: "en", timeZone: "UTC" })).toBe("—");
  });
});

describe("zone choice", () => {
  it("defaults to the app's zone for a missing or malformed cookie", () => {
    for (const raw of [undefined, "", "app", "zone:Mars/Olympus", "browser:", "nonsense"])
      expect(parseZoneChoice(raw)).toEqual({ kind: "app" });
  });

  it("round-trips each kind through the cookie text", () => {
    for (const choice of [
      { kind: "app" },
      { kind: "utc" },
      { kind: "browser", zone: "America/New_York" },
      { kind: "zone", zone: "Europe/Berlin" },
    ] as const)
      expect(parseZoneChoice(serializeZoneChoice(choice))).toEqual(choice);
  });

  it("resolves to the page's app zone, UTC, or the named zone", () => {
    expect(resolveZone({ kind: "app" }, "Asia/Shanghai")).toBe("Asia/Shanghai");
    expect(resolveZone({ kind: "app" }, null)).toBe("UTC");
    expect(resolveZone({ kind: "utc" }, "Asia/Shanghai")).toBe("UTC");
    expect(resolveZone({ kind: "browser", zone: "America/New_York" }, "Asia/Shanghai")).toBe("America/New_York");
    expect(resolveZone({ kind: "zone", zone: "Europe/Berlin" }, "Asia/Shanghai")).toBe("Europe/Berlin");
  });
});
