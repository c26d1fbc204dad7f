import { describe, expect, it } from 'vitest';
import { METRICS, chargeFeeCents, netRevenueCents, utilisationBps, yesterdayByNow } from './metrics.js';

describe('metric definitions', () => {
  it('every metric has a label and a definition a person can read', () => {
    for (const m of Object.values(METRICS)) {
      expect(m.label.length).toBeGreaterThan(2);
      expect(m.definition.length).toBeGreaterThan(20);
    }
  });

  it('net revenue nets only refunds of revenue that was in GMV and adds the platform share of kept charges', () => {
    expect(netRevenueCents({ platformFeeCents: 10_000, gmvRefundsCents: 1_500, chargeFeeCents: 300 })).toBe(8_800);
    // A $50 lesson with a $7.50 fee, half kept after a late cancellation: the fee share of $25, rounded up.
    expect(chargeFeeCents(2_500, 750, 5_000)).toBe(375);
    expect(chargeFeeCents(1, 750, 5_000)).toBe(1);
    expect(chargeFeeCents(0, 750, 5_000)).toBe(0);
    // Kept beyond the price (a data error) is capped at the price.
    expect(chargeFeeCents(9_000, 750, 5_000)).toBe(750);
  });

  it('utilisation uses the same instructors above and below the line', () => {
    expect(utilisationBps(45, 60)).toBe(7_500);
    expect(utilisationBps(0, 0)).toBeNull();
    expect(() => utilisationBps(91, 90)).toThrow(/subset/);
    expect(utilisationBps(2, 3)).toBe(6_666.66);
  });

  it('today is compared with yesterday by the same time of day, across a DST change', () => {
    const tz = 'America/New_York';
    const now = new Date('2026-11-30T01:00:00Z'); // 20:00 on Nov 29 in New York
    const w = yesterdayByNow(now, tz);
    expect(w.todayStart.toISOString()).toBe('2026-11-29T05:00:00.000Z');
    expect(w.yesterdaySameTime.toISOString()).toBe('2026-11-29T01:00:00.000Z');
    // The day after clocks go back (Nov 1, 2026 is 25 hours): 10:00 on Nov 2 against 10 hours into Nov 1.
    const after = yesterdayByNow(new Date('2026-11-02T15:00:00Z'), tz);
    expect(after.yesterdayStart.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(after.yesterdaySameTime.toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });
});
