/**
 * The few statistics the exec insights rest on, as pure functions: normal tail probabilities, the two-proportion
 * z-test, Wilson and Newcombe confidence intervals, and Holm's step-down procedure that keeps the error rate of a
 * whole family of tests (stages × windows) at the stated level.
 */

/**
 * The error rate every "significant" insight is held to: across all the tests of one report (stages × windows, and
 * the headline figures), the chance of any false claim is at most this (Holm's step-down correction).
 */
export const INSIGHT_ERROR_RATE = 0.05;
/** Confidence level of the intervals shown beside an effect. */
export const CONFIDENCE_LEVEL = 0.95;

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
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
                        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a z statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must lie strictly between 0 and 1');
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/** Two-proportion z-test (pooled): positive z means x1/n1 is higher. Null when it cannot be run (empty or degenerate). */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } | null {
  if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  if (pooled <= 0 || pooled >= 1) return null;
  const z = (x1 / n1 - x2 / n2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { z, p: twoSidedP(z) };
}

/** Wilson score interval of x/n at the given confidence. */
export function wilsonInterval(x: number, n: number, level = CONFIDENCE_LEVEL): [number, number] {
  if (n <= 0) return [0, 1];
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions x1/n1 − x2/n2 (his method 10):
 * good coverage for small samples and rates near 0 or 1, where the plain Wald interval is not.
 */
export function differenceInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = CONFIDENCE_LEVEL,
): {
  estimate: number;
  low: number;
  high: number;
} {
  const p1 = n1 > 0 ? x1 / n1 : 0;
  const p2 = n2 > 0 ? x2 / n2 : 0;
  const [l1, u1] = wilsonInterval(x1, n1, level);
  const [l2, u2] = wilsonInterval(x2, n2, level);
  const d = p1 - p2;
  return {
    estimate: d,
    low: d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
    high: d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
  };
}

/**
 * Holm's step-down procedure: which of these p-values are discoveries with a family-wise error rate of alpha. Under
 * any dependence between the tests, the chance of one or more false discoveries is at most alpha — also when some
 * effects are real, so a true dip does not loosen the bar for the other stages (as Benjamini–Hochberg would).
 */
export function holm(pValues: readonly number[], alpha = INSIGHT_ERROR_RATE): boolean[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const out = new Array<boolean>(m).fill(false);
  for (let rank = 0; rank < m; rank++) {
    const o = order[rank];
    if (!o || o.p > alpha / (m - rank)) break;
    out[o.i] = true;
  }
  return out;
}

/** Median and the median absolute deviation scaled to a normal's σ (1.4826 · MAD). */
export function robustCentre(values: readonly number[]): { median: number; sigma: number } {
  const med = (xs: number[]): number => {
    if (xs.length === 0) return 0;
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  };
  const m = med([...values]);
  return { median: m, sigma: 1.4826 * med(values.map((v) => Math.abs(v - m))) };
}
