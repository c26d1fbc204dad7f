import { describe, expect, it } from 'vitest';
import {
  formatBps,
  formatCents,
  formatChange,
  formatPoints,
  parseDollarsToCents,
  platformFeeCents,
  ratioBps,
  splitPrice,
} from './money.js';
import { changeBps } from './periods.js';

describe('money', () => {
  it('formats cents as dollars without float drift', () => {
    expect(formatCents(4500)).toBe('$45.00');
    expect(formatCents(-1005)).toBe('-$10.05');
    expect(formatCents(123456789)).toBe('$1,234,567.89');
  });

  it('parses dollar text into integer cents', () => {
    expect(parseDollarsToCents('45')).toBe(4500);
    expect(parseDollarsToCents('$1,045.5')).toBe(104550);
    expect(parseDollarsToCents('-10.05')).toBe(-1005);
    expect(parseDollarsToCents('0.1')).toBe(10);
    expect(parseDollarsToCents('1.005')).toBeNull();
    expect(parseDollarsToCents('ten')).toBeNull();
    expect(parseDollarsToCents(' -$10 ')).toBe(-1000);
    expect(parseDollarsToCents('$-10.5')).toBe(-1050);
    expect(parseDollarsToCents('12,345,678.90')).toBe(1234567890);
  });

  it('refuses a comma that is not a thousands separator instead of dropping it', () => {
    // "12,50" typed as a decimal comma must not become $1,250.00.
    expect(parseDollarsToCents('12,50')).toBeNull();
    expect(parseDollarsToCents('0,50')).toBeNull();
    expect(parseDollarsToCents('1,2')).toBeNull();
    expect(parseDollarsToCents('1,0000')).toBeNull();
    expect(parseDollarsToCents(',500')).toBeNull();
    expect(parseDollarsToCents('12 50')).toBeNull();
    expect(parseDollarsToCents('--5')).toBeNull();
  });

  it('rounds the platform fee up to the next cent', () => {
    // 15% of $33.33 is 499.95 cents: the marketplace charges 500.
    expect(platformFeeCents(3333, 1500)).toBe(500);
    expect(platformFeeCents(4000, 1500)).toBe(600);
    expect(platformFeeCents(1, 1500)).toBe(1);
    expect(platformFeeCents(0, 1500)).toBe(0);
  });

  it('splits a price so fee and payout add up to it', () => {
    for (const price of [1, 999, 3333, 4500, 12_345, 99_999]) {
      for (const tier of ['standard', 'preferred', 'founding'] as const) {
        const { platformFeeCents: fee, instructorPayoutCents: payout } = splitPrice(price, tier);
        expect(fee + payout).toBe(price);
        expect(Number.isInteger(fee)).toBe(true);
      }
    }
  });

  it('keeps ratios to a hundredth of a basis point, truncated, and refuses a zero denominator', () => {
    expect(ratioBps(1, 3)).toBe(3333.33);
    expect(ratioBps(2, 3)).toBe(6666.66);
    expect(ratioBps(-2, 3)).toBe(-6666.66);
    expect(ratioBps(1, 0)).toBeNull();
    expect(formatBps(1250)).toBe('12.5%');
    expect(formatBps(ratioBps(2, 3), 2)).toBe('66.67%');
    expect(formatBps(null)).toBe('—');
  });
});

/** n / d as a percent rounded once, half away from zero, to `digits` decimals: the expected text, in BigInt. */
function exactPercent(n: bigint, d: bigint, digits: number): string {
  const scale = 100n * 10n ** BigInt(digits);
  const num = (n < 0n ? -n : n) * scale;
  const units = (2n * num + d) / (2n * d);
  const text = units.toString().padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

describe('percentages are the exact ratio rounded once', () => {
  it('reads the cases found on the reports', () => {
    // GMV $178,045.00 against $153,161.25 is 16.247 % up, not 16.3 %.
    expect(formatChange(changeBps(17_804_500, 15_316_125) ?? 0)).toBe('+16.2%');
    // Refunds $14,943.20 against $12,457.53 is 19.953 % up, not 19.9 %.
    expect(formatChange(changeBps(1_494_320, 1_245_753) ?? 0)).toBe('+20.0%');
    // Cohorts: 7 of 13 is 53.846 %, 6 of 13 is 46.154 %.
    expect(formatBps(ratioBps(7, 13))).toBe('53.8%');
    expect(formatBps(ratioBps(6, 13))).toBe('46.2%');
  });

  it('rounds halves away from zero, at one decimal and at two', () => {
    expect(formatBps(ratioBps(1, 2_000))).toBe('0.1%'); // 0.05 %
    expect(formatBps(ratioBps(3, 2_000))).toBe('0.2%'); // 0.15 %, 0.1499… as a float
    expect(formatChange(ratioBps(-3, 2_000) ?? 0)).toBe('−0.2%');
    expect(formatBps(ratioBps(1, 20_000), 2)).toBe('0.01%'); // 0.005 %
    expect(formatPoints(ratioBps(-1, 20_000) ?? 0, 2)).toBe('−0.01 pts');
  });

  it('agrees with exact rounding over many numerator and denominator pairs', () => {
    // A fixed linear congruential sequence: the same pairs every run, small and large, around every half.
    let seed = 20_251_104;
    const next = (limit: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % limit;
    };
    const pairs: [number, number][] = [];
    for (let d = 1; d <= 400; d++) for (let n = 0; n <= d; n++) pairs.push([n, d]);
    for (let i = 0; i < 20_000; i++) {
      const d = 1 + next(i % 2 === 0 ? 100_000 : 2_000_000_000);
      pairs.push([next(2 * d), d]);
    }
    for (const [n, d] of pairs) {
      const bps = ratioBps(n, d);
      for (const digits of [1, 2])
        expect(formatBps(bps, digits), `${n}/${d}`).toBe(`${exactPercent(BigInt(n), BigInt(d), digits)}%`);
    }
    for (let i = 0; i < 20_000; i++) {
      const previous = 1 + next(2_000_000_000);
      const current = next(2 * previous);
      const change = changeBps(current, previous) ?? 0;
      const expected = exactPercent(BigInt(current - previous), BigInt(previous), 1);
      const sign = expected.replace(/[0.]/g, '') === '' ? '' : current > previous ? '+' : '−';
      expect(formatChange(change), `${current} vs ${previous}`).toBe(`${sign}${expected}%`);
    }
  });
});

describe('changes', () => {
  it('a relative change reads in percent, a difference of rates in points, signed only when it shows', () => {
    expect(formatChange(1_130)).toBe('+11.3%');
    expect(formatChange(-400)).toBe('−4.0%');
    expect(formatPoints(-760)).toBe('−7.6 pts');
    expect(formatPoints(-4, 2)).toBe('−0.04 pts');
    // Too small to show at one decimal: no sign, never "−0.0".
    expect(formatPoints(-4)).toBe('0.0 pts');
    expect(formatChange(3)).toBe('0.0%');
  });
});
