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

  it('rounds ratios half up in basis points and refuses a zero denominator', () => {
    expect(ratioBps(1, 3)).toBe(3333);
    expect(ratioBps(2, 3)).toBe(6667);
    expect(ratioBps(1, 0)).toBeNull();
    expect(formatBps(1250)).toBe('12.5%');
    expect(formatBps(null)).toBe('—');
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
