/**
 * The few statistics the exec insights rest on, as pure functions: normal and Student's t tail probabilities, the
 * two-proportion z-test, Wilson and Newcombe confidence intervals, the day-to-day dispersion that widens both, the
 * leave-one-out residuals of a least-squares fit (what a day's neighbours predict for it), and Holm's step-down
 * procedure that keeps the error rate of a whole family of tests (stages × windows) at the stated level.
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

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms: about 15 significant digits). */
export function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = g[0] ?? 0;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += (g[i] ?? 0) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularised incomplete beta function I_x(a, b) (Numerical Recipes' continued fraction, Lentz's method). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast for x below the mean; above it, use the symmetry I_x(a, b) = 1 − I_(1−x)(b, a).
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-14) break;
  }
  return (front * h) / a;
}

/** Two-sided p-value of a t statistic with df degrees of freedom (the normal's when df is infinite). */
export function twoSidedTP(t: number, df: number): number {
  if (!Number.isFinite(df)) return twoSidedP(t);
  return Math.min(1, incompleteBeta(df / (df + t * t), df / 2, 0.5));
}

/** The t value with df degrees of freedom below which lies probability p (bisection on the tail; ±1e-9). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must lie strictly between 0 and 1');
  if (!Number.isFinite(df)) return normalQuantile(p);
  if (p < 0.5) return -tQuantile(1 - p, df);
  // P(T ≤ t) = 1 − twoSidedTP(t) / 2 for t ≥ 0, increasing in t.
  let low = 0;
  let high = 1;
  while (1 - twoSidedTP(high, df) / 2 < p) high *= 2;
  while (high - low > 1e-9) {
    const mid = (low + high) / 2;
    if (1 - twoSidedTP(mid, df) / 2 < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
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

/** Converted of reached: one group's count on one day. */
export interface Count {
  x: number;
  n: number;
}

/**
 * How much more the days' rates vary than chance alone would make them: Pearson's χ² of each day's count against
 * its group's pooled rate, over the degrees of freedom left (days − groups) — the quasi-binomial dispersion of
 * McCullagh and Nelder — with those degrees of freedom. Never below 1, and 1 (df 0) when too few days remain to
 * judge. A test or interval that divides its counts by it (the counts' "effective" size) and reads its tail from
 * Student's t with those degrees of freedom stays honest when the rate wanders from day to day — weekdays,
 * campaigns, weather — which a test that counts every person as an independent draw takes for a real change.
 */
export function dispersion(groups: readonly (readonly Count[])[]): { phi: number; df: number } {
  let chi2 = 0;
  let days = 0;
  let fitted = 0;
  for (const group of groups) {
    const x = group.reduce((s, d) => s + d.x, 0);
    const n = group.reduce((s, d) => s + d.n, 0);
    if (n <= 0) continue;
    const p = x / n;
    fitted++;
    if (p <= 0 || p >= 1) continue;
    for (const d of group) {
      if (d.n <= 0) continue;
      chi2 += (d.x - d.n * p) ** 2 / (d.n * p * (1 - p));
      days++;
    }
  }
  const df = days - fitted;
  return df < 1 ? { phi: 1, df: 0 } : { phi: Math.max(1, chi2 / df), df };
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

/** The inverse of a small square matrix (Gauss–Jordan with partial pivoting); null when it is singular. */
function invert(m: readonly (readonly number[])[]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(...m.map((row) => Math.max(...row.map(Math.abs))), 1e-300);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[pivot]?.[c] ?? 0)) pivot = r;
    const pr = a[pivot];
    const cr = a[c];
    if (!pr || !cr || Math.abs(pr[c] ?? 0) < 1e-12 * scale) return null;
    a[pivot] = cr;
    a[c] = pr;
    const d = pr[c] ?? 1;
    for (let j = 0; j < 2 * n; j++) pr[j] = (pr[j] ?? 0) / d;
    for (let r = 0; r < n; r++) {
      const row = a[r];
      if (r === c || !row) continue;
      const f = row[c] ?? 0;
      for (let j = 0; j < 2 * n; j++) row[j] = (row[j] ?? 0) - f * (pr[j] ?? 0);
    }
  }
  return a.map((row) => row.slice(n));
}

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

/**
 * Least squares of y on the columns of X, and for each point what all the other points predict for it: the deleted
 * prediction ŷ₍ᵢ₎, the standard error of yᵢ − ŷ₍ᵢ₎, and the externally studentised residual tᵢ = (yᵢ − ŷ₍ᵢ₎) / se,
 * which follows Student's t with df = n − p − 1 when the errors are normal and point i is like the others (Cook and
 * Weisberg, from one fit through the hat matrix). A point that alone fixes a coefficient has no prediction (se
 * Infinity, t 0). Null when the columns are not independent or no degree of freedom is left.
 */
export function deletedResiduals(
  X: readonly (readonly number[])[],
  y: readonly number[],
): { coefficients: number[]; predicted: number[]; se: number[]; t: number[]; df: number } | null {
  const n = X.length;
  const p = X[0]?.length ?? 0;
  const df = n - p - 1;
  if (p === 0 || df < 1 || y.length !== n) return null;
  const cols = Array.from({ length: p }, (_, j) => X.map((row) => row[j] ?? 0));
  const inverse = invert(cols.map((a) => cols.map((b) => dot(a, b))));
  if (inverse === null) return null;
  const xty = cols.map((c) => dot(c, y));
  const coefficients = inverse.map((row) => dot(row, xty));
  const residuals = X.map((row, i) => (y[i] ?? 0) - dot(row, coefficients));
  const leverage = X.map((row) =>
    dot(
      row,
      inverse.map((r) => dot(r, row)),
    ),
  );
  const sse = residuals.reduce((s, e) => s + e * e, 0);
  const predicted: number[] = [];
  const se: number[] = [];
  const t: number[] = [];
  residuals.forEach((e, i) => {
    const free = 1 - (leverage[i] ?? 0);
    if (free < 1e-9) {
      predicted.push(y[i] ?? 0);
      se.push(Infinity);
      t.push(0);
      return;
    }
    const s2 = Math.max(0, (sse - (e * e) / free) / df);
    predicted.push((y[i] ?? 0) - e / free);
    se.push(Math.sqrt(s2 / free));
    t.push(s2 > 0 ? e / Math.sqrt(s2 * free) : 0);
  });
  return { coefficients, predicted, se, t, df };
}
