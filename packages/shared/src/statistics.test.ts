import { describe, expect, it } from 'vitest';
import {
  differenceInterval,
  holm,
  normalCdf,
  normalQuantile,
  twoProportionTest,
  twoSidedP,
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
