// HERALD_RETENTION_DAYS as the worker reads it: off unless set, whole days of at least a month, and
// a wrong value refused with a message (the worker then stops at start instead of failing hourly);
// the cutoff is whole UTC days back from today.
import { describe, expect, it } from "vitest";
import { MIN_RETENTION_DAYS, readRetentionDays, retentionCutoff } from "@/server/partitions/retention";

describe("readRetentionDays", () => {
  it("is off when unset, empty, off or 0", () => {
    for (const value of [undefined, "", "  ", "off", "OFF", "0"]) expect(readRetentionDays(value)).toBeNull();
  });

  it("reads whole days of at least the minimum", () => {
    expect(readRetentionDays("400")).toBe(400);
    expect(readRetentionDays(` ${MIN_RETENTION_DAYS} `)).toBe(MIN_RETENTION_DAYS);
  });

  it("refuses anything else", () => {
    for (const value of ["30", "7", "-400", "400.5", "1e3x", "forever"])
      expect(() => readRetentionDays(value)).toThrow(/HERALD_RETENTION_DAYS/);
  });
});

describe("retentionCutoff", () => {
  it("counts whole UTC days back from today", () => {
    expect(retentionCutoff(new Date("2026-12-07T23:59:00Z"), 400).toISOString()).toBe("2025-11-02T00:00:00.000Z");
    expect(retentionCutoff(new Date("2026-12-07T00:00:00Z"), 31).toISOString()).toBe("2026-11-06T00:00:00.000Z");
  });
});
