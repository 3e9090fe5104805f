// Conversion goals without a database: when a device's window opens (send, or the holdout's would-be
// send), its half-open bounds, and the per-group rate, value and lift against the holdout.
import { describe, expect, it } from "vitest";
import {
  attributionStart,
  attributionWindow,
  conversionGroups,
  inAttributionWindow,
} from "@/lib/analytics/conversions";
import { twoProportionZTest } from "@/lib/analytics/stats";
import { goalInput } from "@/lib/campaigns/input";

const at = (iso: string) => new Date(iso);
const day = 86_400;

describe("attribution window", () => {
  it("opens at the send for a pushed device, at the queue time when it was never sent", () => {
    const queuedAt = at("2026-12-01T10:00:00Z");
    const sentAt = at("2026-12-01T10:05:00Z");
    expect(attributionStart({ status: "delivered", reason: null, queuedAt, sentAt })).toEqual(sentAt);
    expect(attributionStart({ status: "failed", reason: null, queuedAt, sentAt: null })).toEqual(queuedAt);
  });

  it("opens for the holdout when it would have been sent, and not at all for other suppressions", () => {
    const queuedAt = at("2026-12-01T10:00:00Z");
    expect(attributionStart({ status: "suppressed", reason: "holdout", queuedAt, sentAt: null })).toEqual(queuedAt);
    expect(attributionStart({ status: "suppressed", reason: "cap", queuedAt, sentAt: null })).toBeNull();
  });

  it("is half-open: the start counts, the end does not", () => {
    const start = at("2026-12-01T10:00:00Z");
    expect(attributionWindow(start, day)).toEqual({ from: start, to: at("2026-12-02T10:00:00Z") });
    expect(inAttributionWindow(start, day, start)).toBe(true);
    expect(inAttributionWindow(start, day, at("2026-12-02T09:59:59.999Z"))).toBe(true);
    expect(inAttributionWindow(start, day, at("2026-12-02T10:00:00Z"))).toBe(false);
    expect(inAttributionWindow(start, day, at("2026-12-01T09:59:59.999Z"))).toBe(false);
    expect(inAttributionWindow(start, 3600, at("2026-12-01T10:30:00Z"))).toBe(true);
    expect(inAttributionWindow(start, 3600, at("2026-12-01T11:30:00Z"))).toBe(false);
  });

  it("takes windows from one hour to thirty days", () => {
    expect(goalInput.safeParse({ event: "purchase", windowSeconds: 3600 }).success).toBe(true);
    expect(goalInput.safeParse({ event: "purchase", windowSeconds: 30 * day }).success).toBe(true);
    expect(goalInput.safeParse({ event: "purchase", windowSeconds: 3599 }).success).toBe(false);
    expect(goalInput.safeParse({ event: "purchase", windowSeconds: 30 * day + 1 }).success).toBe(false);
    expect(goalInput.safeParse({ event: "9lives", windowSeconds: day }).success).toBe(false);
    expect(goalInput.safeParse({ event: "a".repeat(65), windowSeconds: day }).success).toBe(false);
  });
});

describe("conversion groups", () => {
  it("gives rates, summed values per currency and each variant's lift over the holdout", () => {
    const groups = conversionGroups(
      [
        { key: "holdout", devices: 100, conversions: 5, events: 6 },
        { key: "B", devices: 400, conversions: 60, events: 70 },
        { key: "A", devices: 400, conversions: 40, events: 41 },
      ],
      [
        { key: "A", currency: "USD", value: 10 },
        { key: "A", currency: "EUR", value: 25 },
        { key: "holdout", currency: "", value: 3 },
      ],
    );
    expect(groups.map((g) => g.key)).toEqual(["A", "B", "holdout"]);
    const [a, b, holdout] = groups;
    expect(a.rate).toBeCloseTo(0.1);
    expect(a.values).toEqual([
      { currency: "EUR", value: 25 },
      { currency: "USD", value: 10 },
    ]);
    expect(b.values).toEqual([]);
    expect(a.lift!.absolute).toBeCloseTo(0.05);
    expect(a.lift!.relative).toBeCloseTo(1);
    expect(a.lift!.pValue).toBeCloseTo(twoProportionZTest(40, 400, 5, 100).pValue, 12);
    expect(b.lift!.absolute).toBeCloseTo(0.1);
    expect(holdout.lift).toBeNull();
    expect(holdout.rate).toBeCloseTo(0.05);
  });

  it("has no lift without a holdout, and no relative lift over a holdout that never converted", () => {
    expect(conversionGroups([{ key: "A", devices: 10, conversions: 1, events: 1 }], [])[0].lift).toBeNull();
    const [a] = conversionGroups(
      [
        { key: "A", devices: 10, conversions: 2, events: 2 },
        { key: "holdout", devices: 10, conversions: 0, events: 0 },
      ],
      [],
    );
    expect(a.lift).toMatchObject({ absolute: 0.2, relative: null });
  });
});
