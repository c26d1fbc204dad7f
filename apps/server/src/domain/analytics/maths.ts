import {
  FUNNEL_STAGES,
  FUNNEL_STAGE_LABELS,
  changeBps,
  formatBps,
  formatCents,
  type FunnelStageName,
  type FunnelStageRow,
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
}

export const ZERO_SUMS: RevenueSums = {
  bookings: 0,
  gmvCents: 0,
  platformFeeCents: 0,
  payoutsCents: 0,
  refunds: 0,
  refundsCents: 0,
};

export function addSums(a: RevenueSums, b: RevenueSums): RevenueSums {
  return {
    bookings: a.bookings + b.bookings,
    gmvCents: a.gmvCents + b.gmvCents,
    platformFeeCents: a.platformFeeCents + b.platformFeeCents,
    payoutsCents: a.payoutsCents + b.payoutsCents,
    refunds: a.refunds + b.refunds,
    refundsCents: a.refundsCents + b.refundsCents,
  };
}

/** numerator / denominator in basis points, rounded half up without float drift; null for a zero denominator. */
export function bpsHalfUp(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  // floor((2·n·10⁴ + d) / (2·d)) in BigInt: exact for any cents total.
  const n = BigInt(Math.round(numerator));
  const d = BigInt(Math.round(denominator));
  const q = (2n * n * 10_000n + d) / (2n * d);
  const r = (2n * n * 10_000n + d) % (2n * d);
  // BigInt division truncates toward zero; step down for negative numerators to get the floor.
  return Number(r < 0n ? q - 1n : q);
}

/** Take rate = platform revenue / GMV in basis points, rounded half up; null without GMV. */
export function takeRateBps(platformFeeCents: number, gmvCents: number): number | null {
  return bpsHalfUp(platformFeeCents, gmvCents);
}

export function revenueTotals(s: RevenueSums): RevenueTotals {
  return {
    bookings: s.bookings,
    gmvCents: s.gmvCents,
    platformFeeCents: s.platformFeeCents,
    payoutsCents: s.payoutsCents,
    refunds: s.refunds,
    refundsCents: s.refundsCents,
    netRevenueCents: s.platformFeeCents - s.refundsCents,
    takeRateBps: takeRateBps(s.platformFeeCents, s.gmvCents),
  };
}

export const REVENUE_FIGURES: RevenueFigure[] = [
  'bookings',
  'gmvCents',
  'platformFeeCents',
  'payoutsCents',
  'refundsCents',
  'netRevenueCents',
  'takeRateBps',
];

export function revenueChanges(current: RevenueTotals, previous: RevenueTotals | null): Record<RevenueFigure, number | null> {
  const out = {} as Record<RevenueFigure, number | null>;
  for (const k of REVENUE_FIGURES) {
    const now = current[k];
    const then = previous === null ? null : previous[k];
    out[k] = now === null || then === null ? null : changeBps(now, then);
  }
  return out;
}

/** Conversion from one count to the next, in basis points; null ("no data") when either side has no events. */
export function conversionBps(from: number, to: number): number | null {
  if (from <= 0 || to <= 0) return null;
  return bpsHalfUp(to, from);
}

/**
 * Two-proportion z-test (pooled): is x1/n1 different from x2/n2? Positive z means the first proportion is higher.
 * Null when it cannot be run (an empty sample, or a pooled proportion of 0 or 1, where the variance is zero).
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number | null {
  if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) return null;
  const p = (x1 + x2) / (n1 + n2);
  if (p <= 0 || p >= 1) return null;
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  return (x1 / n1 - x2 / n2) / se;
}

/** |z| ≥ 1.96: a two-sided test at the 5 % level. */
export const Z_CRITICAL = 1.96;

export function funnelRows(
  current: Record<FunnelStageName, number>,
  previous: Record<FunnelStageName, number> | null,
): FunnelStageRow[] {
  return FUNNEL_STAGES.map((stage, i) => {
    const prevStage = i > 0 ? FUNNEL_STAGES[i - 1] : undefined;
    const users = current[stage];
    const before = prevStage === undefined ? null : current[prevStage];
    const pUsers = previous === null ? null : previous[stage];
    const pBefore = previous === null || prevStage === undefined ? null : previous[prevStage];
    const step = before === null ? null : conversionBps(before, users);
    const pStep = before === null || pBefore === null || pUsers === null ? null : conversionBps(pBefore, pUsers);
    // The test needs x ≤ n: a later stage can exceed the one before it when journeys straddle the period edge.
    const z =
      step === null ||
      pStep === null ||
      before === null ||
      pBefore === null ||
      pUsers === null ||
      users > before ||
      pUsers > pBefore
        ? null
        : twoProportionZ(users, before, pUsers, pBefore);
    return {
      stage,
      label: FUNNEL_STAGE_LABELS[stage],
      users,
      previousUsers: pUsers,
      stepConversionBps: step,
      previousStepConversionBps: pStep,
      overallConversionBps: i === 0 ? null : conversionBps(current.signup, users),
      previousOverallConversionBps: i === 0 || previous === null ? null : conversionBps(previous.signup, previous[stage]),
      zScore: z === null ? null : Math.round(z * 100) / 100,
      significant: z !== null && Math.abs(z) >= Z_CRITICAL,
    };
  });
}

const pct = (bps: number | null): string => formatBps(bps, 1);

export function funnelInsights(rows: FunnelStageRow[]): Insight[] {
  const out: Insight[] = [];
  const noData = rows.filter((r) => r.users === 0);
  for (const r of noData)
    out.push({
      tone: 'concern',
      stage: r.stage,
      text: `No ${r.label.toLowerCase()} events in this period: the stage shows no data (tracking may be broken).`,
    });

  let worst: FunnelStageRow | null = null;
  for (const r of rows) {
    if (r.stepConversionBps === null) continue;
    if (worst === null || worst.stepConversionBps === null || r.stepConversionBps < worst.stepConversionBps) worst = r;
  }
  if (worst !== null) {
    const i = FUNNEL_STAGES.indexOf(worst.stage);
    const from = FUNNEL_STAGES[i - 1];
    const lost = 10_000 - (worst.stepConversionBps ?? 0);
    out.push({
      tone: 'info',
      stage: worst.stage,
      text: `Largest drop-off: ${from ?? '?'} → ${worst.stage} — ${pct(lost)} of users do not continue (${pct(worst.stepConversionBps)} convert).`,
    });
  }

  for (const r of rows) {
    if (!r.significant || r.zScore === null) continue;
    const i = FUNNEL_STAGES.indexOf(r.stage);
    const from = FUNNEL_STAGES[i - 1] ?? '?';
    const down = r.zScore < 0;
    out.push({
      tone: down ? 'concern' : 'highlight',
      stage: r.stage,
      text: `${from} → ${r.stage} conversion ${down ? 'fell' : 'rose'} from ${pct(r.previousStepConversionBps)} to ${pct(r.stepConversionBps)} (significant: z = ${r.zScore.toFixed(2)}).`,
    });
  }
  return out;
}

/**
 * Days a lesson may lie after its confirmation: a confirmed booking of the last days has not been completed yet,
 * so windows that touch them would show a "dip" in lesson_completed that is only the lesson still ahead.
 */
export const COMPLETION_LAG_DAYS = 7;

/**
 * Week-long dips within the period, one per stage at most: the seven days whose step conversion is lowest against
 * the period's other days, reported only when significantly lower. A dip that a 30-day total can blur.
 */
export function funnelDipInsights(daily: Array<{ day: string; users: Record<FunnelStageName, number> }>): Insight[] {
  const out: Insight[] = [];
  for (let i = 1; i < FUNNEL_STAGES.length; i++) {
    const prev = FUNNEL_STAGES[i - 1] as FunnelStageName;
    const stage = FUNNEL_STAGES[i] as FunnelStageName;
    const usable = stage === 'lesson_completed' ? daily.slice(0, Math.max(0, daily.length - COMPLETION_LAG_DAYS)) : daily;
    let totalX = 0;
    let totalN = 0;
    for (const d of usable) {
      totalX += d.users[stage];
      totalN += d.users[prev];
    }
    let best: { from: string; to: string; z: number; rate: number | null; rest: number | null } | null = null;
    // Seven-day windows: weekly seasonality cancels, and a week has enough users for the test to mean something.
    for (let s = 0; s + 7 <= usable.length; s++) {
      let x = 0;
      let n = 0;
      for (let k = s; k < s + 7; k++) {
        x += usable[k]?.users[stage] ?? 0;
        n += usable[k]?.users[prev] ?? 0;
      }
      const restX = totalX - x;
      const restN = totalN - n;
      if (x > n || restX > restN) continue;
      const z = twoProportionZ(x, n, restX, restN);
      if (z !== null && z <= -Z_CRITICAL && (best === null || z < best.z)) {
        best = { from: usable[s]?.day ?? '', to: usable[s + 6]?.day ?? '', z, rate: conversionBps(n, x), rest: conversionBps(restN, restX) };
      }
    }
    if (best !== null) {
      out.push({
        tone: 'concern',
        stage,
        text: `Dip: ${prev} → ${stage} converted ${pct(best.rate)} from ${best.from} to ${best.to}, against ${pct(best.rest)} on the other days (significant: z = ${best.z.toFixed(2)}).`,
      });
    }
  }
  return out;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : Math.round(((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2);
}

/** Highlights and concerns of a revenue period: spikes and drops of daily GMV, and the big movements. */
export function revenueInsights(daily: RevenueDay[], totals: RevenueTotals, previous: RevenueTotals | null): Insight[] {
  const out: Insight[] = [];
  if (daily.length >= 5) {
    const med = median(daily.map((d) => d.gmvCents));
    if (med > 0) {
      for (const d of daily) {
        // Factor ×100 in integers: a day at least twice the median is a spike.
        const factorX100 = Math.round((d.gmvCents * 100) / med);
        if (factorX100 >= 200)
          out.push({
            tone: 'highlight',
            text: `Revenue spike on ${d.day}: GMV ${formatCents(d.gmvCents)}, ${(factorX100 / 100).toFixed(1)}× the median day (${formatCents(med)}).`,
          });
      }
    }
  }
  if (previous !== null) {
    const g = changeBps(totals.gmvCents, previous.gmvCents);
    if (g !== null && Math.abs(g) >= 500)
      out.push({
        tone: g > 0 ? 'highlight' : 'concern',
        text: `GMV ${g > 0 ? 'up' : 'down'} ${pct(Math.abs(g))} against the comparison period (${formatCents(previous.gmvCents)} → ${formatCents(totals.gmvCents)}).`,
      });
    const r = changeBps(totals.refundsCents, previous.refundsCents);
    if (r !== null && r >= 2_000 && totals.refundsCents - previous.refundsCents >= 10_000)
      out.push({
        tone: 'concern',
        text: `Refunds up ${pct(r)} (${formatCents(previous.refundsCents)} → ${formatCents(totals.refundsCents)}).`,
      });
    if (
      totals.takeRateBps !== null &&
      previous.takeRateBps !== null &&
      Math.abs(totals.takeRateBps - previous.takeRateBps) >= 50
    ) {
      const up = totals.takeRateBps > previous.takeRateBps;
      out.push({
        tone: up ? 'highlight' : 'concern',
        text: `Take rate ${up ? 'rose' : 'fell'} from ${pct(previous.takeRateBps)} to ${pct(totals.takeRateBps)}.`,
      });
    }
  }
  if (totals.netRevenueCents < 0)
    out.push({
      tone: 'concern',
      text: `Net revenue is negative: refunds (${formatCents(totals.refundsCents)}) exceed platform revenue (${formatCents(totals.platformFeeCents)}).`,
    });
  return out;
}
