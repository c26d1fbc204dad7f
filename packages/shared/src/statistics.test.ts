import { describe, expect, it } from 'vitest';
import {
  deletedResiduals,
  differenceInterval,
  dispersion,
  holm,
  incompleteBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  twoProportionTest,
  twoSidedP,
  twoSidedTP,
  tQuantile,
  wilsonInterval,
} from './statistics.js';

describe('statistics', () => {
  it('normal tail and quantile agree with the tables', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(twoSidedP(1.96)).toBeCloseTo(0.05, 4);
    expect(twoSidedP(-3.2905)).toBeCloseTo(0.001, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(() => normalQuantile(1)).toThrow(/strictly/);
  });

  it("Student's t tail agrees with the tables, and becomes the normal's as the degrees of freedom grow", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    // I_0.5(2, 3) = P(Binomial(4, 0.5) ≥ 2) = 11/16.
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 10);
    expect(incompleteBeta(0.9, 3, 0.5)).toBeCloseTo(1 - incompleteBeta(0.1, 0.5, 3), 10);
    expect(twoSidedTP(12.7062047, 1)).toBeCloseTo(0.05, 6);
    expect(twoSidedTP(2.228138852, 10)).toBeCloseTo(0.05, 6);
    expect(twoSidedTP(-3.169272667, 10)).toBeCloseTo(0.01, 6);
    expect(twoSidedTP(2.085963447, 20)).toBeCloseTo(0.05, 6);
    expect(twoSidedTP(4.5, 20)).toBeCloseTo(0.000214, 5);
    expect(twoSidedTP(0, 7)).toBe(1);
    expect(twoSidedTP(1.959964, Infinity)).toBeCloseTo(0.05, 5);
    expect(twoSidedTP(1.959964, 100_000)).toBeCloseTo(0.05, 4);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138852, 6);
    expect(tQuantile(0.005, 20)).toBeCloseTo(-2.845339707, 6);
    expect(tQuantile(0.975, Infinity)).toBeCloseTo(1.959964, 5);
  });

  it('dispersion: how much more the days vary than chance, never below 1, 1 when no days are left to judge', () => {
    // Group 1 is 40 of 60 (2/3): day rates 1/2 and 3/4 give Pearson χ² 2.5 + 1.25; group 2 fits exactly.
    const swung = dispersion([
      [
        { x: 10, n: 20 },
        { x: 30, n: 40 },
      ],
      [
        { x: 5, n: 10 },
        { x: 5, n: 10 },
      ],
    ]);
    expect(swung.df).toBe(2);
    expect(swung.phi).toBeCloseTo(3.75 / 2, 10);
    // Days closer than chance alone would put them: no narrowing below the binomial.
    expect(
      dispersion([
        [
          { x: 50, n: 100 },
          { x: 50, n: 100 },
          { x: 51, n: 100 },
        ],
      ]),
    ).toEqual({ phi: 1, df: 2 });
    // One day a side: nothing left to estimate from.
    expect(dispersion([[{ x: 3, n: 10 }], [{ x: 9, n: 10 }]])).toEqual({ phi: 1, df: 0 });
    // Empty days and all-or-nothing groups carry no information about the swing.
    expect(
      dispersion([
        [
          { x: 0, n: 0 },
          { x: 10, n: 10 },
          { x: 5, n: 5 },
        ],
      ]),
    ).toEqual({ phi: 1, df: 0 });
  });

  it('two-proportion test: sign, p-value, and refusal of impossible counts', () => {
    const t = twoProportionTest(450, 1000, 700, 1000);
    expect(t?.z ?? 0).toBeLessThan(-10);
    expect(t?.p ?? 1).toBeLessThan(1e-10);
    expect(twoProportionTest(5, 4, 1, 4)).toBeNull();
    expect(twoProportionTest(0, 10, 0, 10)).toBeNull();
  });

  it('Wilson and Newcombe intervals hold the estimate and stay within [0, 1] / [-1, 1]', () => {
    const [lo, hi] = wilsonInterval(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.2775, 3);
    // Newcombe's worked example (method 10): 56/70 − 48/80 = 0.2, 95 % CI 0.0524 to 0.3339.
    const d = differenceInterval(56, 70, 48, 80);
    expect(d.estimate).toBeCloseTo(0.2, 6);
    expect(d.low).toBeCloseTo(0.0524, 3);
    expect(d.high).toBeCloseTo(0.3339, 3);
  });

  it('Holm step-down: rejects in order until the first p above alpha / (m − rank)', () => {
    // Sorted: 0.005 ≤ 0.05/5, 0.01 ≤ 0.05/4, 0.03 > 0.05/3: stop.
    expect(holm([0.01, 0.04, 0.03, 0.005, 0.2], 0.05)).toEqual([true, false, false, true, false]);
    expect(holm([0.02, 0.03], 0.05)).toEqual([true, true]);
    expect(holm([0.03, 0.9], 0.05)).toEqual([false, false]);
    expect(holm([])).toEqual([]);
  });

  it('deleted residuals: each point against the fit of all the others, as if refitted without it', () => {
    // A level, a trend and a two-valued factor, with noise and one point far off the line.
    const X = Array.from({ length: 12 }, (_, i) => [1, i, i % 2]);
    const y = X.map(([, i = 0, odd = 0], k) => 3 + 0.5 * i + 2 * odd + Math.sin(k * 12.9898) * 0.3 + (k === 7 ? 4 : 0));
    const fit = deletedResiduals(X, y);
    expect(fit?.df).toBe(12 - 3 - 1);
    for (let k = 0; k < X.length; k++) {
      const without = deletedResiduals(
        X.filter((_, i) => i !== k),
        y.filter((_, i) => i !== k),
      );
      const row = X[k] ?? [];
      const predicted = row.reduce((s, v, j) => s + v * (without?.coefficients[j] ?? 0), 0);
      expect(fit?.predicted[k]).toBeCloseTo(predicted, 9);
      // The refit's residual variance, and the variance of a new point's prediction error under it.
      const rss = X.filter((_, i) => i !== k).reduce((s, r, i) => {
        const e = (y.filter((_, j) => j !== k)[i] ?? 0) - r.reduce((a, v, j) => a + v * (without?.coefficients[j] ?? 0), 0);
        return s + e * e;
      }, 0);
      const s2 = rss / (11 - 3);
      const [inv00 = 0, inv01 = 0, inv02 = 0, inv11 = 0, inv12 = 0, inv22 = 0] = inverseOf3(X.filter((_, i) => i !== k));
      const [a = 0, b = 0, c = 0] = row;
      const quad = a * a * inv00 + b * b * inv11 + c * c * inv22 + 2 * (a * b * inv01 + a * c * inv02 + b * c * inv12);
      expect(fit?.se[k]).toBeCloseTo(Math.sqrt(s2 * (1 + quad)), 9);
    }
    const biggest = fit?.t.reduce((best, t, i, all) => (t > (all[best] ?? 0) ? i : best), 0);
    expect(biggest).toBe(7);
    expect(fit?.t[7] ?? 0).toBeGreaterThan(5);
    // Dependent columns cannot be fitted; a point that alone fixes a coefficient has no prediction.
    expect(
      deletedResiduals(
        X.map(([one = 0, i = 0]) => [one, i, 2 * i]),
        y,
      ),
    ).toBeNull();
    const lone = deletedResiduals(
      X.map((r, i) => [...r, i === 3 ? 1 : 0]),
      y,
    );
    expect(lone?.se[3]).toBe(Infinity);
    expect(lone?.t[3]).toBe(0);
  });
});

/** The upper triangle of (XᵀX)⁻¹ for three columns, by cofactors: an independent check of the hat matrix. */
function inverseOf3(X: readonly (readonly number[])[]): number[] {
  const m = [0, 1, 2].map((i) => [0, 1, 2].map((j) => X.reduce((s, r) => s + (r[i] ?? 0) * (r[j] ?? 0), 0)));
  const at = (i: number, j: number): number => m[i]?.[j] ?? 0;
  const cof = (i: number, j: number): number => {
    const [r1 = 0, r2 = 0] = [0, 1, 2].filter((k) => k !== i);
    const [c1 = 0, c2 = 0] = [0, 1, 2].filter((k) => k !== j);
    return ((i + j) % 2 === 0 ? 1 : -1) * (at(r1, c1) * at(r2, c2) - at(r1, c2) * at(r2, c1));
  };
  const det = at(0, 0) * cof(0, 0) + at(0, 1) * cof(0, 1) + at(0, 2) * cof(0, 2);
  return [cof(0, 0), cof(0, 1), cof(0, 2), cof(1, 1), cof(1, 2), cof(2, 2)].map((v) => v / det);
}
