import { describe, expect, it } from 'vitest';
import type { FunnelStageName, RevenueDay } from '@ops/shared';
import {
  conversionBps,
  funnelDipInsights,
  funnelInsights,
  funnelRows,
  revenueInsights,
  revenueTotals,
  takeRateBps,
  twoProportionZ,
} from './maths.js';

const counts = (v: number[]): Record<FunnelStageName, number> => ({
  signup: v[0] ?? 0,
  email_verified: v[1] ?? 0,
  search: v[2] ?? 0,
  booking_started: v[3] ?? 0,
  booking_confirmed: v[4] ?? 0,
  lesson_completed: v[5] ?? 0,
});

describe('take rate', () => {
  it('is platform revenue over GMV in basis points, rounded half up with integers only', () => {
    expect(takeRateBps(1500, 10_000)).toBe(1500);
    // 1/3 = 3333.33… bp → 3333; 2/3 = 6666.67 bp → 6667.
    expect(takeRateBps(1, 3)).toBe(3333);
    expect(takeRateBps(2, 3)).toBe(6667);
    // Exactly half a basis point rounds up: 1/20000 = 0.5 bp.
    expect(takeRateBps(1, 20_000)).toBe(1);
    expect(takeRateBps(3, 20_000)).toBe(2);
    // Large totals stay exact (no float drift): $12,345,678.91 GMV, 14.995 % fee.
    expect(takeRateBps(185_123_455, 1_234_567_891)).toBe(1499); // 1499.4998 bp
    expect(takeRateBps(185_123_456, 1_234_567_891)).toBe(1500); // 1499.5006 bp
  });
  it('is null without GMV, never a division by zero', () => {
    expect(takeRateBps(0, 0)).toBeNull();
    expect(
      revenueTotals({ bookings: 0, gmvCents: 0, platformFeeCents: 0, payoutsCents: 0, refunds: 0, refundsCents: 0 }).takeRateBps,
    ).toBeNull();
  });
  it('net revenue is platform revenue minus refunds', () => {
    const t = revenueTotals({
      bookings: 3,
      gmvCents: 30_000,
      platformFeeCents: 4_500,
      payoutsCents: 25_500,
      refunds: 1,
      refundsCents: 6_000,
    });
    expect(t.netRevenueCents).toBe(-1_500);
    expect(t.takeRateBps).toBe(1500);
  });
});

describe('funnel maths', () => {
  it('conversion rounds half up and is "no data" (null) when a stage has no events', () => {
    expect(conversionBps(3, 1)).toBe(3333);
    expect(conversionBps(8, 7)).toBe(8750);
    expect(conversionBps(20_000, 1)).toBe(1); // 0.5 bp rounds up
    expect(conversionBps(20_001, 1)).toBe(0); // just under half a basis point
    expect(conversionBps(0, 0)).toBeNull();
    expect(conversionBps(10, 0)).toBeNull();
  });

  it('two-proportion z-test matches the textbook value and refuses degenerate samples', () => {
    // 45/100 vs 70/100: pooled p = 0.575, se = 0.06991, z = -3.576.
    expect(twoProportionZ(45, 100, 70, 100)).toBeCloseTo(-3.576, 3);
    expect(twoProportionZ(70, 100, 45, 100)).toBeCloseTo(3.576, 3);
    expect(twoProportionZ(0, 0, 5, 10)).toBeNull();
    expect(twoProportionZ(0, 10, 0, 10)).toBeNull();
    expect(twoProportionZ(10, 10, 10, 10)).toBeNull();
  });

  it('a stage with no events is shown as no data and the report does not crash', () => {
    const rows = funnelRows(counts([100, 80, 0, 0, 0, 0]), counts([100, 80, 70, 50, 35, 30]));
    const search = rows.find((r) => r.stage === 'search');
    expect(search?.users).toBe(0);
    expect(search?.stepConversionBps).toBeNull();
    expect(search?.overallConversionBps).toBeNull();
    expect(search?.significant).toBe(false);
    const insights = funnelInsights(rows);
    expect(insights.some((i) => i.stage === 'search' && i.text.includes('no data'))).toBe(true);
  });

  it('flags a significant change by the test, not a large one on a tiny sample', () => {
    const big = funnelRows(counts([2000, 1600, 1400, 1000, 450, 400]), counts([2000, 1600, 1400, 1000, 700, 600]));
    const confirmed = big.find((r) => r.stage === 'booking_confirmed');
    expect(confirmed?.significant).toBe(true);
    expect(confirmed?.zScore).toBeLessThan(-1.96);
    const insights = funnelInsights(big);
    expect(insights.find((i) => i.tone === 'concern' && i.stage === 'booking_confirmed')?.text).toContain(
      'booking_started → booking_confirmed conversion fell from 70.0% to 45.0%',
    );
    // The same rates on 4 vs 4 users: a 25-point fall that is not significant.
    const small = funnelRows(counts([20, 16, 14, 4, 2, 2]), counts([20, 16, 14, 4, 3, 3]));
    expect(small.find((r) => r.stage === 'booking_confirmed')?.significant).toBe(false);
  });

  it('names the largest drop-off', () => {
    const rows = funnelRows(counts([1000, 900, 850, 800, 200, 190]), null);
    expect(funnelInsights(rows).find((i) => i.text.startsWith('Largest drop-off'))?.stage).toBe('booking_confirmed');
  });

  it('finds a week-long dip inside the period', () => {
    const daily = Array.from({ length: 30 }, (_, i) => ({
      day: `2026-01-${String(i + 1).padStart(2, '0')}`,
      users: counts([100, 80, 70, 50, i >= 10 && i < 17 ? 22 : 35, 30]),
    }));
    const dips = funnelDipInsights(daily);
    expect(dips.find((d) => d.stage === 'booking_confirmed')?.text).toContain('2026-01-11 to 2026-01-17');
  });

  it('does not call the last week a lesson_completed dip: those lessons are still ahead', () => {
    const daily = Array.from({ length: 30 }, (_, i) => ({
      day: `2026-01-${String(i + 1).padStart(2, '0')}`,
      users: counts([100, 80, 70, 50, 35, i >= 23 ? 5 : 33]),
    }));
    expect(funnelDipInsights(daily)).toEqual([]);
  });
});

describe('revenue insights', () => {
  const day = (d: number, gmv: number): RevenueDay => ({
    day: `2026-01-${String(d).padStart(2, '0')}`,
    bookings: 1,
    gmvCents: gmv,
    platformFeeCents: 0,
    payoutsCents: 0,
    refundsCents: 0,
    netRevenueCents: 0,
    previousDay: null,
    previousGmvCents: null,
    previousPlatformFeeCents: null,
  });
  it('names a day at least twice the median as a spike', () => {
    const daily = [1, 2, 3, 4, 5, 6, 7].map((d) => day(d, d === 4 ? 300_000 : 100_000));
    const t = revenueTotals({
      bookings: 7,
      gmvCents: 900_000,
      platformFeeCents: 135_000,
      payoutsCents: 0,
      refunds: 0,
      refundsCents: 0,
    });
    const insights = revenueInsights(daily, t, null);
    expect(insights).toEqual([
      { tone: 'highlight', text: 'Revenue spike on 2026-01-04: GMV $3,000.00, 3.0× the median day ($1,000.00).' },
    ]);
  });
});
