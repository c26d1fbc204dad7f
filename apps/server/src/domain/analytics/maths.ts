import {
  CONFIDENCE_LEVEL,
  INSIGHT_ERROR_RATE,
  changeBps,
  comparisonBeforeData,
  daysBetween,
  formatBps,
  formatCents,
  holm,
  netRevenueCents,
  ratioBps,
  ratioDifferenceBps,
  deletedResiduals,
  tQuantile,
  twoSidedTP,
  type Insight,
  type RevenueDay,
  type RevenueFigure,
  type RevenueTotals,
} from '@ops/shared';

/** Pure report maths: no database, unit-tested in maths.test.ts. Definitions live in packages/shared/src/analytics.ts. */

export interface RevenueSums {
  bookings: number;
  gmvCents: number;
  platformFeeCents: number;
  payoutsCents: number;
  refunds: number;
  refundsCents: number;
  gmvRefundsCents: number;
  charges: number;
  chargesKeptCents: number;
  chargeFeeCents: number;
}

export const ZERO_SUMS: RevenueSums = {
  bookings: 0,
  gmvCents: 0,
  platformFeeCents: 0,
  payoutsCents: 0,
  refunds: 0,
  refundsCents: 0,
  gmvRefundsCents: 0,
  charges: 0,
  chargesKeptCents: 0,
  chargeFeeCents: 0,
};

export function addSums(a: RevenueSums, b: RevenueSums): RevenueSums {
  return {
    bookings: a.bookings + b.bookings,
    gmvCents: a.gmvCents + b.gmvCents,
    platformFeeCents: a.platformFeeCents + b.platformFeeCents,
    payoutsCents: a.payoutsCents + b.payoutsCents,
    refunds: a.refunds + b.refunds,
    refundsCents: a.refundsCents + b.refundsCents,
    gmvRefundsCents: a.gmvRefundsCents + b.gmvRefundsCents,
    charges: a.charges + b.charges,
    chargesKeptCents: a.chargesKeptCents + b.chargesKeptCents,
    chargeFeeCents: a.chargeFeeCents + b.chargeFeeCents,
  };
}

/** Take rate = platform revenue / GMV in basis points, to a hundredth of one (ratioBps); null without GMV. */
export function takeRateBps(platformFeeCents: number, gmvCents: number): number | null {
  return gmvCents <= 0 ? null : ratioBps(platformFeeCents, gmvCents);
}

export function revenueTotals(s: RevenueSums): RevenueTotals {
  return {
    bookings: s.bookings,
    gmvCents: s.gmvCents,
    platformFeeCents: s.platformFeeCents,
    payoutsCents: s.payoutsCents,
    refunds: s.refunds,
    refundsCents: s.refundsCents,
    gmvRefundsCents: s.gmvRefundsCents,
    charges: s.charges,
    chargesKeptCents: s.chargesKeptCents,
    chargeFeeCents: s.chargeFeeCents,
    netRevenueCents: netRevenueCents(s),
    takeRateBps: takeRateBps(s.platformFeeCents, s.gmvCents),
  };
}

export const REVENUE_FIGURES: RevenueFigure[] = [
  'bookings',
  'gmvCents',
  'platformFeeCents',
  'payoutsCents',
  'refundsCents',
  'chargesKeptCents',
  'netRevenueCents',
  'takeRateBps',
];

/**
 * Each figure's change against the comparison period, in basis points: an amount or a count by its relative change
 * (+1,000 = 10 % more), the take rate by the difference of the two rates (−35 = 0.35 points lower), since a percent
 * change of a percentage reads as a far bigger move than it is.
 */
export function revenueChanges(current: RevenueTotals, previous: RevenueTotals | null): Record<RevenueFigure, number | null> {
  const out = {} as Record<RevenueFigure, number | null>;
  for (const k of REVENUE_FIGURES) {
    const now = current[k];
    const then = previous === null ? null : previous[k];
    if (now === null || then === null || previous === null) out[k] = null;
    // The difference of the two rates from their sums, exactly: not of the rates as kept (each truncated).
    else if (k === 'takeRateBps')
      out[k] = ratioDifferenceBps(current.platformFeeCents, current.gmvCents, previous.platformFeeCents, previous.gmvCents);
    else out[k] = changeBps(now, then);
  }
  return out;
}

const pct = (bps: number | null): string => formatBps(bps, 1);
const money = (cents: number): string => `${cents < 0 ? '−' : ''}${formatCents(Math.abs(cents))}`;
const signedMoney = (cents: number): string => `${cents > 0 ? '+' : ''}${money(cents)}`;

interface RevenueTest {
  p: number;
  build: () => Insight;
}

function meanVar(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1);
  return { mean, variance };
}

/**
 * Difference of daily means between two periods (Welch's test: Student's t with the Welch–Satterthwaite degrees of
 * freedom, so a week against a week is not read as if its seven days were many), expressed as a difference of period
 * totals scaled to the current period's length, with its 95 % interval.
 */
function periodDifference(
  now: readonly number[],
  then: readonly number[],
): { p: number; estimate: number; low: number; high: number } | null {
  if (now.length < 7 || then.length < 7) return null;
  const a = meanVar(now);
  const b = meanVar(then);
  const va = a.variance / now.length;
  const vb = b.variance / then.length;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return null;
  const df = (va + vb) ** 2 / (va ** 2 / (now.length - 1) + vb ** 2 / (then.length - 1));
  const t = (a.mean - b.mean) / se;
  const k = tQuantile(1 - (1 - CONFIDENCE_LEVEL) / 2, df);
  const days = now.length;
  return {
    p: twoSidedTP(t, df),
    estimate: Math.round((a.mean - b.mean) * days),
    low: Math.round((a.mean - b.mean - k * se) * days),
    high: Math.round((a.mean - b.mean + k * se) * days),
  };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/**
 * A spike is a day whose GMV lies far above what the period's other days predict for it. On a log scale (a day's
 * GMV varies in proportion to its size) each whole day is fitted by the period's level, its trend (from 14 days) and
 * its weekday (from 21 days: weekends sell more lessons than Mondays), and each day is tested by its externally
 * studentised residual against Student's t. Without the weekday and the trend, every busy Saturday of a growing
 * marketplace would be a "spike": on simulated periods with nothing unusual, a robust z against the median day named
 * one in a quarter of the periods (maths.test.ts simulates both). Today's partial day is neither fitted nor tested.
 */
function spikeTests(daily: readonly RevenueDay[], link: { href?: string }): RevenueTest[] {
  const days = daily.filter((d) => !d.partial);
  const n = days.length;
  if (n < 7) return [];
  const first = days[0]?.day ?? '';
  const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();
  const byWeekday = n >= 21;
  const X = days.map((d) => {
    const trend = n >= 14 ? [daysBetween(first, d.day) / n] : [];
    const weekday = byWeekday ? [1, 2, 3, 4, 5, 6].map((k) => (weekdayOf(d.day) === k ? 1 : 0)) : [];
    return [1, ...trend, ...weekday];
  });
  const fit = deletedResiduals(
    X,
    days.map((d) => Math.log1p(d.gmvCents / 100)),
  );
  if (fit === null) return [];
  const q = tQuantile(1 - (1 - CONFIDENCE_LEVEL) / 2, fit.df);
  const cents = (log: number): number => Math.round(Math.expm1(log) * 100);
  const tests: RevenueTest[] = [];
  days.forEach((d, i) => {
    const t = fit.t[i] ?? 0;
    const predicted = fit.predicted[i] ?? 0;
    const se = fit.se[i] ?? Infinity;
    if (!(t > 0) || !Number.isFinite(se)) return;
    const p = twoSidedTP(t, fit.df);
    const expected = cents(predicted);
    const estimate = d.gmvCents - expected;
    const low = d.gmvCents - cents(predicted + q * se);
    const high = d.gmvCents - cents(predicted - q * se);
    const typical = `a typical ${byWeekday ? WEEKDAYS[weekdayOf(d.day)] : 'day'} of the period`;
    const ratio = expected >= 100 ? `${(d.gmvCents / expected).toFixed(1)}× ` : 'against ';
    tests.push({
      p,
      build: () => ({
        tone: 'highlight',
        significant: true,
        pValue: p,
        effect: { unit: 'cents', estimate, low, high, level: CONFIDENCE_LEVEL },
        ...link,
        text: `Revenue spike on ${d.day}: GMV ${formatCents(d.gmvCents)}, ${ratio}${typical} (${formatCents(expected)}): ${signedMoney(estimate)} (95 % CI ${signedMoney(low)} to ${signedMoney(high)}).`,
      }),
    });
  });
  return tests;
}

/**
 * Highlights and concerns of a revenue period, each a test, all corrected together (Holm, INSIGHT_ERROR_RATE):
 * - a day far above what the period's other days predict for it (spikeTests);
 * - GMV and refunds against the comparison period (difference of daily means).
 * Only what passes is reported, with its effect and interval. Days before the marketplace's first revenue
 * (`observed.firstDay`, null when it has none yet) are not observed zeros: they enter no test, and a comparison that
 * starts before it is not tested at all (the launch would read as growth).
 */
export function revenueInsights(
  daily: RevenueDay[],
  totals: RevenueTotals,
  previous: RevenueTotals | null,
  previousDaily: { gmvCents: number[]; refundsCents: number[] } | null = null,
  opts: {
    href?: string;
    errorRate?: number;
    observed?: { firstDay: string | null; comparisonFrom: string | null };
    /** Days in the period when it is still running (it ends today), else null. */
    runningDays?: number | null;
  } = {},
): Insight[] {
  const { href, errorRate = INSIGHT_ERROR_RATE, observed } = opts;
  const tests: RevenueTest[] = [];
  const link = href === undefined ? {} : { href };
  const firstDay = observed === undefined ? '' : observed.firstDay;
  if (firstDay === null) return [];
  tests.push(...spikeTests(firstDay ? daily.filter((d) => d.day >= firstDay) : daily, link));
  const comparisonFrom = observed?.comparisonFrom ?? null;
  const before = observed !== undefined && comparisonBeforeData(comparisonFrom, firstDay) ? comparisonFrom : null;
  const notes: Insight[] = [];
  if (before !== null && previous !== null)
    notes.push({
      tone: 'info',
      ...link,
      text: `No change against the comparison period is claimed: it starts on ${before}, before the first revenue (${firstDay}).`,
    });
  if (previous !== null && previousDaily !== null && before === null) {
    const figures = [
      {
        name: 'GMV',
        now: daily.map((d) => d.gmvCents),
        then: previousDaily.gmvCents,
        a: totals.gmvCents,
        b: previous.gmvCents,
        upIsGood: true,
      },
      {
        name: 'Refunds',
        now: daily.map((d) => d.refundsCents),
        then: previousDaily.refundsCents,
        a: totals.refundsCents,
        b: previous.refundsCents,
        upIsGood: false,
      },
    ];
    for (const f of figures) {
      const d = periodDifference(f.now, f.then);
      if (d === null) continue;
      const change = changeBps(f.a, f.b);
      const up = d.estimate > 0;
      tests.push({
        p: d.p,
        build: () => ({
          tone: up === f.upIsGood ? 'highlight' : 'concern',
          significant: true,
          pValue: d.p,
          effect: { unit: 'cents', estimate: d.estimate, low: d.low, high: d.high, level: CONFIDENCE_LEVEL },
          ...link,
          text: `${f.name} ${up ? 'up' : 'down'}${change === null ? '' : ` ${pct(Math.abs(change))}`} against the comparison period (${formatCents(f.b)} → ${formatCents(f.a)}): ${signedMoney(d.estimate)} over the period (95 % CI ${signedMoney(d.low)} to ${signedMoney(d.high)}).`,
        }),
      });
    }
  }
  const flags = holm(
    tests.map((t) => t.p),
    errorRate,
  );
  const out = [...tests.filter((_, i) => flags[i]).map((t) => t.build()), ...notes];
  if (totals.netRevenueCents < 0) {
    // A period of under a week still running (today, this week) often starts with refunds before any lesson is done:
    // said as how it stands so far, not raised as a concern.
    const early = opts.runningDays !== undefined && opts.runningDays !== null && opts.runningDays < 7;
    const sums = `refunds of lessons in GMV (${formatCents(totals.gmvRefundsCents)}) exceed platform revenue with kept charges (${formatCents(totals.platformFeeCents + totals.chargeFeeCents)})`;
    out.push(
      early
        ? { tone: 'info', ...link, text: `So far in this period (it is still running), ${sums}.` }
        : { tone: 'concern', ...link, text: `Net revenue is negative: ${sums}.` },
    );
  }
  return out;
}
