import {
  CONFIDENCE_LEVEL,
  FUNNEL_STAGES,
  FUNNEL_STAGE_LABELS,
  FUNNEL_STEPS,
  FUNNEL_WINDOW_DAYS,
  INSIGHT_ERROR_RATE,
  INSIGHT_WINDOW_DAYS,
  holm,
  differenceInterval,
  dispersion,
  formatBps,
  formatCount,
  normalQuantile,
  tQuantile,
  twoSidedTP,
  formatPoints,
  funnelStepLabel,
  noDataBefore,
  ratioBps,
  ratioDifferenceBps,
  twoProportionTest,
  type Count,
  type FunnelCohortDay,
  type FunnelStageName,
  type FunnelStageRow,
  type FunnelStep,
  type Insight,
} from '@ops/shared';

/**
 * Funnel insights with a stated error rate. Every claim is a test of cohort conversion (of the people who reached
 * a stage, the share who reached the next within the step's window), and all the tests of one report — each step
 * against the comparison period, and each 7-day window of mature cohorts against the period's other days — are
 * corrected together by Holm's procedure at INSIGHT_ERROR_RATE. Each test and its interval count the cohorts at their
 * effective size: divided by how much more the daily rates vary, inside each side, than chance would make them
 * (`dispersion`), so an ordinary swing from one day to the next is not called a change. When nothing changed, the
 * chance that the report makes any "significant" claim at all is at most that rate, with or without such swings;
 * funnel-insights.test.ts simulates both.
 */

/** The day-to-day dispersion of a test's two sides (1 when the days vary no more than chance) and its degrees of freedom. */
type Spread = ReturnType<typeof dispersion>;
const BINOMIAL: Spread = { phi: 1, df: 0 };

/**
 * How many a stage's comparison must have had for none now to read as broken tracking: as a Poisson count with that
 * mean, none happens by chance less than 1 time in 100 (e^-5 ≈ 0.7 %).
 */
const TRACKING_GAP_MIN_BEFORE = 5;

interface Test {
  step: FunnelStep;
  kind: 'comparison' | 'window';
  /** Window days (kind 'window'). */
  from: string;
  to: string;
  a: Count;
  b: Count;
  spread: Spread;
  p: number;
}

export interface FunnelAnalysis {
  stages: FunnelStageRow[];
  insights: Insight[];
  tests: number;
}

const pct = (bps: number | null): string => formatBps(bps, 1);

/** The judged (mature) days' counts of one step. */
const countsOf = (days: readonly FunnelCohortDay[], step: FunnelStep): Count[] =>
  days.filter((d) => d.steps[step].mature).map((d) => ({ x: d.steps[step].converted, n: d.steps[step].reached }));

const total = (counts: readonly Count[]): Count => ({
  x: counts.reduce((s, c) => s + c.x, 0),
  n: counts.reduce((s, c) => s + c.n, 0),
});

const sum = (days: readonly FunnelCohortDay[], step: FunnelStep): Count => total(countsOf(days, step));

/**
 * The difference a − b in basis points with its interval, the counts taken at their effective size: divided by the
 * dispersion and, where it was estimated from the days, by (t / z)² so that the interval is as wide as Student's t says.
 * Each to a hundredth of a basis point, as ratioBps keeps a rate, so a shown figure is rounded once; the estimate
 * (a.x / a.n − b.x / b.n, which the dispersion does not change) exactly.
 */
function effectOf(a: Count, b: Count, { phi, df }: Spread): { estimate: number; low: number; high: number } {
  const q = 1 - (1 - CONFIDENCE_LEVEL) / 2;
  const f = df > 0 ? phi * (tQuantile(q, df) / normalQuantile(q)) ** 2 : phi;
  const ci = differenceInterval(a.x / f, a.n / f, b.x / f, b.n / f, CONFIDENCE_LEVEL);
  return {
    estimate: ratioDifferenceBps(a.x, a.n, b.x, b.n) ?? hundredthsOfBps(ci.estimate),
    low: hundredthsOfBps(ci.low),
    high: hundredthsOfBps(ci.high),
  };
}

const hundredthsOfBps = (ratio: number): number => Math.trunc(ratio * 1_000_000) / 100;

const effectOfTest = (t: Test): ReturnType<typeof effectOf> => effectOf(t.a, t.b, t.spread);

function testOf(step: FunnelStep, kind: Test['kind'], from: string, to: string, aDays: Count[], bDays: Count[]): Test | null {
  const a = total(aDays);
  const b = total(bDays);
  const spread = dispersion([aDays, bDays]);
  const { phi, df } = spread;
  const t = twoProportionTest(a.x / phi, a.n / phi, b.x / phi, b.n / phi);
  // The variance is estimated from the days, so the tail is Student's t with their degrees of freedom.
  return t === null ? null : { step, kind, from, to, a, b, spread, p: df > 0 ? twoSidedTP(t.z, df) : t.p };
}

/** Every test of the report: per step, the period against its comparison and each 7-day window against the rest. */
function testsOf(current: readonly FunnelCohortDay[], previous: readonly FunnelCohortDay[] | null): Test[] {
  const tests: Test[] = [];
  for (const step of FUNNEL_STEPS) {
    const now = countsOf(current, step);
    if (previous !== null) {
      const t = testOf(step, 'comparison', '', '', now, countsOf(previous, step));
      if (t) tests.push(t);
    }
    // Mature days form the start of the period (only the last days are too young); the window must leave at
    // least a week on the other side to compare with.
    const mature = current.filter((d) => d.steps[step].mature);
    for (let s = 0; s + INSIGHT_WINDOW_DAYS <= mature.length; s++) {
      if (mature.length - INSIGHT_WINDOW_DAYS < INSIGHT_WINDOW_DAYS) break;
      const win = mature.slice(s, s + INSIGHT_WINDOW_DAYS);
      const rest = [...now.slice(0, s), ...now.slice(s + INSIGHT_WINDOW_DAYS)];
      const t = testOf(step, 'window', win[0]?.day ?? '', win.at(-1)?.day ?? '', now.slice(s, s + INSIGHT_WINDOW_DAYS), rest);
      if (t) tests.push(t);
    }
  }
  return tests;
}

export function analyseFunnel(
  current: readonly FunnelCohortDay[],
  previous: readonly FunnelCohortDay[] | null,
  opts: {
    users?: { current: Record<FunnelStageName, number>; previous: Record<FunnelStageName, number> | null };
    /**
     * Set when the period ends before the first funnel event (periodBeforeData), to that day (null before any): its
     * zeros were not observed, so one insight says so rather than one per stage.
     */
    beforeData?: { firstDataDay: string | null };
    /** Link of the funnel chart for this period. */
    href?: string;
    errorRate?: number;
  } = {},
): FunnelAnalysis {
  const errorRate = opts.errorRate ?? INSIGHT_ERROR_RATE;
  const tests = testsOf(current, previous);
  const flags = holm(
    tests.map((t) => t.p),
    errorRate,
  );
  const significant = tests.filter((_, i) => flags[i]);

  const stages: FunnelStageRow[] = FUNNEL_STAGES.map((stage) => {
    const users = opts.users?.current[stage] ?? 0;
    const previousUsers = opts.users?.previous?.[stage] ?? null;
    if (stage === 'signup') {
      return {
        stage,
        label: FUNNEL_STAGE_LABELS[stage],
        users,
        previousUsers,
        windowDays: null,
        cohort: 0,
        converted: 0,
        previousCohort: null,
        previousConverted: null,
        stepConversionBps: null,
        previousStepConversionBps: null,
        immatureDays: 0,
        previousImmatureDays: null,
        changeBps: null,
        changeLowBps: null,
        changeHighBps: null,
        pValue: null,
        significant: false,
      };
    }
    const now = sum(current, stage);
    const then = previous === null ? null : sum(previous, stage);
    const rate = ratioBps(now.x, now.n);
    const prevRate = then === null ? null : ratioBps(then.x, then.n);
    const cmp = tests.findIndex((t) => t.step === stage && t.kind === 'comparison');
    const cmpTest = cmp < 0 ? undefined : tests[cmp];
    const eff = then !== null && rate !== null && prevRate !== null ? effectOf(now, then, cmpTest?.spread ?? BINOMIAL) : null;
    return {
      stage,
      label: FUNNEL_STAGE_LABELS[stage],
      users,
      previousUsers,
      windowDays: FUNNEL_WINDOW_DAYS[stage],
      cohort: now.n,
      converted: now.x,
      previousCohort: then?.n ?? null,
      previousConverted: then?.x ?? null,
      stepConversionBps: rate,
      previousStepConversionBps: prevRate,
      immatureDays: current.filter((d) => !d.steps[stage].mature).length,
      previousImmatureDays: previous === null ? null : previous.filter((d) => !d.steps[stage].mature).length,
      changeBps: eff?.estimate ?? null,
      changeLowBps: eff?.low ?? null,
      changeHighBps: eff?.high ?? null,
      pValue: cmpTest?.p ?? null,
      significant: cmp >= 0 && flags[cmp] === true,
    };
  });

  const insights: Insight[] = [];
  const href = opts.href;
  if (opts.beforeData) {
    insights.push({ tone: 'info', text: `No funnel events in this period: ${noDataBefore(opts.beforeData.firstDataDay)}.` });
  } else if (opts.users) {
    for (const r of stages.filter((s) => s.users === 0)) {
      const label = r.label.toLowerCase();
      // None now is a sign of broken tracking only where the comparison (as long, cut at the same time of day) had
      // enough that none by chance is unlikely; otherwise it is said plainly (early in the day, before any data).
      const missing = r.previousUsers !== null && r.previousUsers >= TRACKING_GAP_MIN_BEFORE;
      insights.push(
        missing
          ? {
              tone: 'concern',
              stage: r.stage,
              text: `No ${label} events in this period against ${formatCount(r.previousUsers ?? 0)} in the comparison period: tracking may be broken.`,
            }
          : { tone: 'info', stage: r.stage, text: `No ${label} events in this period: the stage shows no data.` },
      );
    }
  }

  for (const step of FUNNEL_STEPS) {
    const windows = significant.filter((t) => t.step === step && t.kind === 'window').sort((a, b) => a.p - b.p);
    const cmp = significant.find((t) => t.step === step && t.kind === 'comparison');
    const best = windows[0];
    const periodText = (t: Test): string => {
      const e = effectOfTest(t);
      return `${pct(ratioBps(t.a.x, t.a.n))} against ${pct(ratioBps(t.b.x, t.b.n))} in the comparison period: ${formatPoints(e.estimate)} (95 % CI ${formatPoints(e.low)} to ${formatPoints(e.high)})`;
    };
    /** A significant change found by test `t`, in the words `text` gives it. */
    const significantInsight = (t: Test, text: (down: boolean, e: ReturnType<typeof effectOf>) => string): Insight => {
      const e = effectOfTest(t);
      const down = e.estimate < 0;
      return {
        tone: down ? 'concern' : 'highlight',
        stage: step,
        significant: true,
        pValue: t.p,
        effect: { unit: 'bps_points', estimate: e.estimate, low: e.low, high: e.high, level: CONFIDENCE_LEVEL },
        ...(href === undefined ? {} : { href }),
        text: text(down, e),
      };
    };
    // A whole-period change in the same direction as the best window is told with it; otherwise on its own.
    const agree =
      best !== undefined && cmp !== undefined && Math.sign(effectOfTest(cmp).estimate) === Math.sign(effectOfTest(best).estimate);
    if (best) {
      insights.push(
        significantInsight(
          best,
          (down, e) =>
            `${down ? 'Dip' : 'Rise'}: ${funnelStepLabel(step)} converted ${pct(ratioBps(best.a.x, best.a.n))} of the cohorts of ${best.from} to ${best.to}, ` +
            `against ${pct(ratioBps(best.b.x, best.b.n))} on the period's other days: ${formatPoints(e.estimate)} (95 % CI ${formatPoints(e.low)} to ${formatPoints(e.high)}).` +
            (agree && cmp ? ` Over the whole period: ${periodText(cmp)}.` : ''),
        ),
      );
    }
    if (cmp && !agree) {
      insights.push(
        significantInsight(cmp, (down) => `${funnelStepLabel(step)} conversion ${down ? 'fell' : 'rose'}: ${periodText(cmp)}.`),
      );
    }
  }

  // The weakest step, as plain information (not a test): where most people are lost.
  let worst: FunnelStageRow | null = null;
  for (const r of stages) {
    if (r.stepConversionBps === null) continue;
    if (worst === null || (worst.stepConversionBps ?? 0) > r.stepConversionBps) worst = r;
  }
  if (worst !== null && worst.stage !== 'signup') {
    insights.push({
      tone: 'info',
      stage: worst.stage,
      significant: false,
      text: `Largest drop-off: ${funnelStepLabel(worst.stage)} — ${pct(ratioBps(worst.cohort - worst.converted, worst.cohort))} of the judged cohort did not continue within ${worst.windowDays ?? 0} days.`,
    });
  }
  return { stages, insights, tests: tests.length };
}
