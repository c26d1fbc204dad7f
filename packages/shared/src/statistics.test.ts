import { describe, expect, it } from 'vitest';
import {
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
});
