import { describe, expect, it } from 'vitest';
import { INSIGHT_ERROR_RATE, addDays, formatBps, type RevenueDay } from '@ops/shared';
import { Rng } from '@ops/db/seed/prng';
import { ZERO_SUMS, revenueChanges, revenueInsights, revenueTotals, takeRateBps } from './maths.js';

describe('take rate', () => {
  it('is platform revenue over GMV in basis points, to a hundredth of one with integers only, shown rounded once', () => {
    expect(takeRateBps(1500, 10_000)).toBe(1500);
    // 1/3 = 3333.33… bp; 2/3 = 6666.66… bp, kept truncated so that showing it rounds once: 66.67 %.
    expect(takeRateBps(1, 3)).toBe(3333.33);
    expect(takeRateBps(2, 3)).toBe(6666.66);
    expect(formatBps(takeRateBps(2, 3), 2)).toBe('66.67%');
    // Exactly half a basis point shows rounded up: 1/20000 = 0.5 bp.
    expect(formatBps(takeRateBps(1, 20_000), 2)).toBe('0.01%');
    // Large totals stay exact (no float drift): $12,345,678.91 GMV, 14.995 % fee.
    expect(formatBps(takeRateBps(185_123_455, 1_234_567_891), 2)).toBe('14.99%'); // 1499.4998 bp
    expect(formatBps(takeRateBps(185_123_456, 1_234_567_891), 2)).toBe('15.00%'); // 1499.5006 bp
  });
  it('is null without GMV, never a division by zero', () => {
    expect(takeRateBps(0, 0)).toBeNull();
    expect(revenueTotals(ZERO_SUMS).takeRateBps).toBeNull();
  });
  it('net revenue subtracts only refunds of lessons in GMV and adds the platform share of kept charges', () => {
    const t = revenueTotals({
      ...ZERO_SUMS,
      bookings: 3,
      gmvCents: 30_000,
      platformFeeCents: 4_500,
      payoutsCents: 25_500,
      refunds: 2,
      refundsCents: 9_000,
      gmvRefundsCents: 6_000,
      charges: 1,
      chargesKeptCents: 2_500,
      chargeFeeCents: 375,
    });
    expect(t.netRevenueCents).toBe(4_500 - 6_000 + 375);
    expect(t.refundsCents).toBe(9_000);
    expect(t.takeRateBps).toBe(1500);
  });
});

describe('changes against the comparison', () => {
  it('amounts and counts change by percent, the take rate by points', () => {
    const now = revenueTotals({ ...ZERO_SUMS, bookings: 110, gmvCents: 110_000, platformFeeCents: 15_488 });
    const then = revenueTotals({ ...ZERO_SUMS, bookings: 100, gmvCents: 100_000, platformFeeCents: 14_130 });
    const changes = revenueChanges(now, then);
    expect(changes.gmvCents).toBe(1000); // +10 %
    expect(changes.bookings).toBe(1000);
    // 14.08 % against 14.13 %: 0.05 points lower, not "−0.4 %" of a percentage.
    expect(now.takeRateBps).toBe(1408);
    expect(changes.takeRateBps).toBe(-5);
  });
  it('give no percent across zero: net revenue from $38.40 to −$4.82 is not "−112.6%"', () => {
    const then = revenueTotals({ ...ZERO_SUMS, platformFeeCents: 3_840 });
    const now = revenueTotals({ ...ZERO_SUMS, platformFeeCents: 1_000, gmvRefundsCents: 1_482 });
    expect([now.netRevenueCents, then.netRevenueCents]).toEqual([-482, 3_840]);
    expect(revenueChanges(now, then).netRevenueCents).toBeNull();
    expect(revenueChanges(now, then).platformFeeCents).toBe(-7395.83);
  });
  it('are null without a comparison, or where a rate has no GMV behind it', () => {
    const now = revenueTotals({ ...ZERO_SUMS, bookings: 1, gmvCents: 1_000, platformFeeCents: 150 });
    expect(revenueChanges(now, null).takeRateBps).toBeNull();
    expect(revenueChanges(now, revenueTotals(ZERO_SUMS)).takeRateBps).toBeNull();
  });
});

describe('revenue insights', () => {
  const day = (d: number, gmv: number, date = `2026-01-${String(d).padStart(2, '0')}`): RevenueDay => ({
    day: date,
    bookings: 1,
    gmvCents: gmv,
    platformFeeCents: 0,
    payoutsCents: 0,
    refundsCents: 0,
    netRevenueCents: 0,
    previousDay: null,
    previousGmvCents: null,
    previousPlatformFeeCents: null,
    partial: false,
  });
  // Ordinary days vary by ±10 % around $1,000 (30 days, deterministic wobble).
  const wobble = (d: number): number => 100_000 + ((d * 7_919) % 21) * 1_000 - 10_000;
  const sums = (gmv: number) =>
    revenueTotals({ ...ZERO_SUMS, bookings: 30, gmvCents: gmv, platformFeeCents: Math.round(gmv * 0.15) });

  it('negative net revenue is a concern over a whole period, and how it stands so far in a running day or week', () => {
    const refunded = revenueTotals({ ...ZERO_SUMS, bookings: 0, gmvRefundsCents: 1_863 });
    expect(refunded.netRevenueCents).toBeLessThan(0);
    const over = (runningDays: number | null) =>
      revenueInsights([day(1, 0)], refunded, null, null, { runningDays }).map((i) => [i.tone, i.text.split(':')[0]]);
    expect(over(null)).toEqual([['concern', 'Net revenue is negative']]);
    expect(over(30)).toEqual([['concern', 'Net revenue is negative']]);
    expect(over(1)).toEqual([
      [
        'info',
        'So far in this period (it is still running), refunds of lessons in GMV ($18.63) exceed platform revenue with kept charges ($0.00).',
      ],
    ]);
  });

  it('names a day far above the typical day as a spike, with its effect and interval', () => {
    const daily = Array.from({ length: 30 }, (_, i) => day(i + 1, i + 1 === 12 ? 300_000 : wobble(i + 1)));
    const insights = revenueInsights(daily, sums(daily.reduce((a, d) => a + d.gmvCents, 0)), null, null, {
      href: '/revenue?preset=last_30_days',
    });
    expect(insights).toHaveLength(1);
    const spike = insights[0];
    // Jan 12, 2026 is a Monday; the period's other Mondays brought about $1,000.
    expect(spike?.text).toMatch(
      /^Revenue spike on 2026-01-12: GMV \$3,000\.00, 2\.\d× a typical Monday of the period \(\$1,0\d\d\.\d\d\)/,
    );
    expect(spike?.significant).toBe(true);
    expect(spike?.href).toBe('/revenue?preset=last_30_days');
    expect(spike?.effect?.unit).toBe('cents');
    expect(spike?.effect?.low ?? 0).toBeGreaterThan(0);
  });

  it('ordinary variation is no insight: no spike, no "GMV up" between two alike periods', () => {
    const daily = Array.from({ length: 30 }, (_, i) => day(i + 1, wobble(i + 1)));
    const before = Array.from({ length: 30 }, (_, i) => wobble(i + 5));
    const total = daily.reduce((a, d) => a + d.gmvCents, 0);
    const insights = revenueInsights(daily, sums(total), sums(before.reduce((a, b) => a + b, 0)), {
      gmvCents: before,
      refundsCents: before.map(() => 0),
    });
    expect(insights).toEqual([]);
  });

  it('a real change of GMV against the comparison is a highlight with its interval', () => {
    const daily = Array.from({ length: 30 }, (_, i) => day(i + 1, wobble(i + 1) + 30_000));
    const before = Array.from({ length: 30 }, (_, i) => wobble(i + 5));
    const total = daily.reduce((a, d) => a + d.gmvCents, 0);
    const insights = revenueInsights(daily, sums(total), sums(before.reduce((a, b) => a + b, 0)), {
      gmvCents: before,
      refundsCents: before.map(() => 0),
    });
    const up = insights.find((i) => i.text.startsWith('GMV up'));
    expect(up?.tone).toBe('highlight');
    expect(up?.effect?.low ?? 0).toBeGreaterThan(0);
  });

  it('claims nothing against a comparison that starts before the first revenue, and tests no day before it', () => {
    // The marketplace's first revenue on Jan 11: the ten days before are not observed zeros.
    const daily = Array.from({ length: 30 }, (_, i) => day(i + 1, i < 10 ? 0 : wobble(i + 1) + 30_000));
    const before = Array.from({ length: 30 }, () => 0);
    const total = daily.reduce((a, d) => a + d.gmvCents, 0);
    const insights = revenueInsights(
      daily,
      sums(total),
      sums(0),
      { gmvCents: before, refundsCents: before },
      { observed: { firstDay: '2026-01-11', comparisonFrom: '2025-12-02' } },
    );
    expect(insights).toEqual([
      {
        tone: 'info',
        text: 'No change against the comparison period is claimed: it starts on 2025-12-02, before the first revenue (2026-01-11).',
      },
    ]);
    // The same days with every day taken as observed: the launch reads as a spike and as growth.
    const naive = revenueInsights(daily, sums(total), sums(0), { gmvCents: before, refundsCents: before });
    expect(naive.some((i) => i.significant === true)).toBe(true);
    // No revenue at all yet: nothing to test.
    expect(revenueInsights(daily, sums(total), null, null, { observed: { firstDay: null, comparisonFrom: null } })).toEqual([]);
  });

  it("a week against a week is Welch's t with its few degrees of freedom, not a normal test (as scipy's ttest_ind)", () => {
    const week = [1_400, 1_100, 1_650, 1_300, 1_500, 1_250, 1_700].map((d) => d * 100);
    const before = [1_000, 1_150, 900, 1_200, 1_050, 950, 1_100].map((d) => d * 100);
    const daily = week.map((gmv, i) => day(i + 1, gmv));
    const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const insights = revenueInsights(daily, sums(total(week)), sums(total(before)), {
      gmvCents: before,
      refundsCents: before.map(() => 0),
    });
    const up = insights.find((i) => i.text.startsWith('GMV up'));
    // scipy.stats.ttest_ind(week, before, equal_var=False): p 0.003408 on 8.79 degrees of freedom (a normal
    // reference would say 0.0007); its 95 % interval of the difference of means, times the week's seven days.
    expect(up?.pValue ?? 0).toBeCloseTo(0.0034079, 6);
    expect(up?.effect?.estimate).toBe(255_000);
    expect(up?.effect?.low).toBe(109_185);
    expect(up?.effect?.high).toBe(400_815);
  });

  describe('on simulated marketplaces (seeded: the same on every run)', () => {
    const poisson = (rng: Rng, mean: number): number => {
      let k = 0;
      let term = Math.exp(-mean);
      let cdf = term;
      const u = rng.next();
      while (u > cdf) {
        k++;
        term *= mean / k;
        cdf += term;
      }
      return k;
    };
    /** A day's GMV: a chance number of lessons at the catalogue's prices, weekends 35 % busier, Sundays 20 % quieter. */
    const gmvOn = (rng: Rng, date: string, lessons: number): number => {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const busy = weekday === 6 || weekday === 5 ? 1.35 : weekday === 0 ? 0.8 : 1;
      let cents = 0;
      for (let k = poisson(rng, lessons * busy); k > 0; k--) cents += rng.pick([3_000, 4_500, 6_000, 6_000, 8_000, 12_000]);
      return cents;
    };
    const period = (rng: Rng, days: number, opts: { growth?: number; spikeAt?: number } = {}): RevenueDay[] =>
      Array.from({ length: days }, (_, i) => {
        const date = addDays('2026-03-01', i);
        const gmv = gmvOn(rng, date, 40 * (1 + (opts.growth ?? 0)) ** i);
        return day(1, i === opts.spikeAt ? gmv * 3 : gmv, date);
      });
    const claims = (daily: RevenueDay[]) =>
      revenueInsights(daily, sums(daily.reduce((a, d) => a + d.gmvCents, 0)), null, null).filter((i) => i.significant === true);

    it('busy weekends and a growing business are no spike: at most 5 % of periods make any claim', () => {
      const rng = new Rng(20261202);
      const runs = 600;
      let month = 0;
      let quarter = 0;
      for (let r = 0; r < runs; r++) {
        if (claims(period(rng, 30)).length > 0) month++;
        if (claims(period(rng, 90, { growth: 0.01 })).length > 0) quarter++;
      }
      expect(month / runs).toBeLessThanOrEqual(INSIGHT_ERROR_RATE);
      expect(quarter / runs).toBeLessThanOrEqual(INSIGHT_ERROR_RATE);
    });

    it('a day of three times the lessons is found, on its day, nine periods in ten', () => {
      const rng = new Rng(7);
      const runs = 300;
      let found = 0;
      for (let r = 0; r < runs; r++) {
        const spikeAt = rng.int(0, 29);
        const daily = period(rng, 30, { spikeAt });
        if (claims(daily).some((c) => c.text.startsWith(`Revenue spike on ${daily[spikeAt]?.day ?? ''}`))) found++;
      }
      expect(found / runs).toBeGreaterThanOrEqual(0.9);
    });
  });
});
