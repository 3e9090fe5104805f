// The statistics behind the reports, self-contained: the standard normal CDF, the two-proportion
// z-test (A/B open rates, normal approximation) and the confidence interval of a difference of two
// proportions (re-activation lift: Newcombe's score interval).

// 1 - erf(x): Chebyshev fit from Numerical Recipes (erfcc), fractional error below 1.2e-7 for every x,
// so tiny tail probabilities (p-values of big campaigns) keep their relative accuracy.
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}

// P(Z <= x) for a standard normal Z.
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return 0.5 * erfc(-x / Math.SQRT2);
}

// The two-sided 95% critical value of the standard normal.
export const Z_95 = 1.959963984540054;

// successes / trials, or null without trials.
export function proportion(successes: number, trials: number): number | null {
  return trials > 0 ? successes / trials : null;
}

// Two-proportion z-test (pooled variance, two-sided) of x1/n1 against x2/n2. Without data on either
// side, or when both proportions are 0 or 1 (no variance), z is 0 and p is 1.
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): { z: number; pValue: number } {
  if (n1 <= 0 || n2 <= 0) return { z: 0, pValue: 1 };
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { z: 0, pValue: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, pValue: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)) };
}

// The Wilson score interval of x / n (null without trials): unlike the Wald interval it stays inside
// [0, 1] and keeps its coverage for shares near 0 or 1 and for small groups (a holdout of a few hundred).
export function wilsonInterval(x: number, n: number, critical = Z_95): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = x / n;
  const z2 = critical * critical;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (critical / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

// p1 - p2 with Newcombe's hybrid score interval (Newcombe 1998, method 10: the two Wilson intervals
// combined), null when either side has no trials. The Wald interval (p1 - p2 ± z·se) is too narrow when
// a share is near 0 or 1 or a group is small, which re-activation shares and holdouts often are.
export function differenceOfProportions(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  critical = Z_95,
): { value: number; low: number; high: number } | null {
  const first = wilsonInterval(x1, n1, critical);
  const second = wilsonInterval(x2, n2, critical);
  if (!first || !second) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const value = p1 - p2;
  return {
    value,
    low: value - Math.sqrt((p1 - first.low) ** 2 + (second.high - p2) ** 2),
    high: value + Math.sqrt((first.high - p1) ** 2 + (p2 - second.low) ** 2),
  };
}
