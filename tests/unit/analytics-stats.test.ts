// The statistics of the reports against reference values computed independently with the C
// library's erfc (Python's math.erfc, double precision): the standard normal CDF, the two-proportion
// z-test (z² is the X-squared of a chi-square test without continuity correction), the Wald
// interval of a difference of proportions, and the A/B winner rule.
import { describe, expect, it } from "vitest";
import {
  differenceOfProportions,
  erfc,
  normalCdf,
  proportion,
  twoProportionZTest,
  wilsonInterval,
  Z_95,
} from "@/lib/analytics/stats";
import { compareVariants } from "@/server/analytics/ab";

describe("normalCdf", () => {
  // Φ(x) = erfc(-x/√2)/2 in double precision.
  const known: Array<[number, number]> = [
    [0, 0.5],
    [1, 0.841344746068543],
    [-1, 0.158655253931457],
    [1.959963984540054, 0.975],
    [-1.644853626951472, 0.05],
    [2.575829303548901, 0.995],
    [3, 0.99865010196837],
    [-3, 0.00134989803163],
    [0.5, 0.691462461274013],
  ];
  it.each(known)("Φ(%d) = %d", (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected)).toBeLessThan(1e-7);
  });

  it("keeps relative accuracy far in the tails", () => {
    // Φ(-5) = 2.866515718791946e-7, Φ(-8) = 6.220960574271819e-16, Φ(-20) = 2.7536241186063314e-89
    expect(normalCdf(-5) / 2.866515718791946e-7).toBeCloseTo(1, 6);
    expect(normalCdf(-8) / 6.220960574271819e-16).toBeCloseTo(1, 6);
    expect(normalCdf(-20) / 2.7536241186063314e-89).toBeCloseTo(1, 5);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(-40)).toBeGreaterThanOrEqual(0);
  });

  it("is monotone and symmetric", () => {
    let previous = 0;
    for (let x = -8; x <= 8; x += 0.01) {
      const value = normalCdf(x);
      expect(value).toBeGreaterThanOrEqual(previous);
      expect(Math.abs(value + normalCdf(-x) - 1)).toBeLessThan(1e-12);
      previous = value;
    }
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(Number.isNaN(normalCdf(Number.NaN))).toBe(true);
  });
});

describe("twoProportionZTest", () => {
  it("matches the pooled z-test computed independently", () => {
    // 200/1000 vs 150/1000: pooled 0.175, z = 2.9424494316825, p = 0.0032562696284120633
    const a = twoProportionZTest(200, 1000, 150, 1000);
    expect(a.z).toBeCloseTo(2.9424494316825, 10);
    expect(a.pValue / 0.0032562696284120633).toBeCloseTo(1, 5);
    // 52/500 vs 48/500: z = 0.42163702135578357, p = 0.673289979659996
    const b = twoProportionZTest(52, 500, 48, 500);
    expect(b.z).toBeCloseTo(0.42163702135578357, 10);
    expect(b.pValue).toBeCloseTo(0.673289979659996, 6);
    // Swapping the sides flips z, keeps p.
    const c = twoProportionZTest(48, 500, 52, 500);
    expect(c.z).toBeCloseTo(-b.z, 12);
    expect(c.pValue).toBeCloseTo(b.pValue, 12);
  });

  it("answers z = 0, p = 1 without data or without variance", () => {
    expect(twoProportionZTest(0, 0, 5, 10)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(0, 100, 0, 100)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(100, 100, 50, 50)).toEqual({ z: 0, pValue: 1 });
  });
});

describe("differenceOfProportions", () => {
  it("is Newcombe's hybrid score interval of p1 - p2 (his worked example: 56/70 against 48/80)", () => {
    // Newcombe (1998), "Interval estimation for the difference between independent proportions",
    // example (a): method 10 gives 0.0524 to 0.3339 for a difference of 0.2.
    const ci = differenceOfProportions(56, 70, 48, 80)!;
    expect(ci.value).toBeCloseTo(0.2, 12);
    expect(ci.low).toBeCloseTo(0.0524, 4);
    expect(ci.high).toBeCloseTo(0.3339, 4);
    expect(normalCdf(Z_95)).toBeCloseTo(0.975, 7);
    expect(differenceOfProportions(1, 0, 1, 10)).toBeNull();
    expect(proportion(1, 0)).toBeNull();
    expect(proportion(1, 4)).toBe(0.25);
  });

  it("stays inside [-1, 1] and is not degenerate when a share is 0 or 1, unlike the Wald interval", () => {
    // Neither sample varies: the Wald interval would be exactly [1, 1].
    const ci = differenceOfProportions(10, 10, 0, 10)!;
    expect(ci.value).toBe(1);
    expect(ci.low).toBeGreaterThan(0.5);
    expect(ci.low).toBeLessThan(1);
    expect(ci.high).toBeLessThanOrEqual(1);
    const none = differenceOfProportions(0, 50, 0, 50)!;
    expect(none.low).toBeLessThan(0);
    expect(none.high).toBeGreaterThan(0);
  });

  it("approaches the Wald interval for large groups with mid-range shares", () => {
    const ci = differenceOfProportions(30_000, 100_000, 20_000, 100_000)!;
    const se = Math.sqrt(0.21 / 100_000 + 0.16 / 100_000);
    expect(ci.high - ci.value).toBeCloseTo(Z_95 * se, 4);
    expect(ci.value - ci.low).toBeCloseTo(Z_95 * se, 4);
  });
});

describe("wilsonInterval", () => {
  it("matches the textbook value for 0 of 10 and 5 of 10", () => {
    expect(wilsonInterval(0, 10)!.low).toBe(0);
    expect(wilsonInterval(0, 10)!.high).toBeCloseTo(0.2775, 4);
    const half = wilsonInterval(5, 10)!;
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    expect(wilsonInterval(3, 0)).toBeNull();
  });
});

describe("compareVariants", () => {
  it("names a winner only when the best variant beats every other one at 0.05", () => {
    const clear = compareVariants([
      { key: "A", sent: 1000, basis: 1000, opened: 150 },
      { key: "B", sent: 1000, basis: 1000, opened: 200 },
    ])!;
    expect(clear.winner).toBe("B");
    expect(clear.tests).toHaveLength(1);
    expect(clear.tests[0]).toMatchObject({ a: "B", b: "A" });
    expect(clear.tests[0].pValue / 0.0032562696284120633).toBeCloseTo(1, 5);
    expect(clear.variants.map((v) => v.openRate)).toEqual([0.15, 0.2]);

    const close = compareVariants([
      { key: "A", sent: 500, basis: 500, opened: 52 },
      { key: "B", sent: 500, basis: 500, opened: 48 },
    ])!;
    expect(close.winner).toBeNull();
    expect(close.tests[0].a).toBe("A");

    // Three variants: B beats A clearly but not C.
    const three = compareVariants([
      { key: "A", sent: 1000, basis: 1000, opened: 150 },
      { key: "B", sent: 1000, basis: 1000, opened: 200 },
      { key: "C", sent: 1000, basis: 1000, opened: 195 },
    ])!;
    expect(three.tests).toHaveLength(2);
    expect(three.winner).toBeNull();
    expect(compareVariants([{ key: "A", sent: 1, basis: 1, opened: 1 }])).toBeNull();
    // A variant without a denominator yet: no winner.
    expect(
      compareVariants([
        { key: "A", sent: 1000, basis: 1000, opened: 300 },
        { key: "B", sent: 0, basis: 0, opened: 0 },
      ])!.winner,
    ).toBeNull();
  });
});
