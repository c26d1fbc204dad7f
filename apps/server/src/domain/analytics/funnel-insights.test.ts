import { describe, expect, it } from 'vitest';
import {
  FUNNEL_STAGES,
  FUNNEL_STEPS,
  FUNNEL_WINDOW_DAYS,
  INSIGHT_ERROR_RATE,
  addDays,
  type FunnelCohortDay,
  type FunnelStageName,
  type FunnelStep,
} from '@ops/shared';
import { Rng } from '@ops/db/seed/prng';
import { analyseFunnel } from './funnel-insights.js';

// Every draw comes from a seeded Rng: the simulation is the same on every run.
const binomial = (rng: Rng, n: number, p: number): number => {
  let x = 0;
  for (let i = 0; i < n; i++) if (rng.chance(p)) x++;
  return x;
};

/** Daily cohort sizes and constant rates like the sample marketplace's (about 95 signups a day). */
const SIZE: Record<FunnelStep, number> = {
  email_verified: 95,
  search: 74,
  booking_started: 64,
  booking_confirmed: 42,
  lesson_completed: 30,
};
const RATE: Record<FunnelStep, number> = {
  email_verified: 0.78,
  search: 0.87,
  booking_started: 0.66,
  booking_confirmed: 0.7,
  lesson_completed: 0.85,
};

const TODAY = '2026-06-30';
const CURRENT_DAYS = Array.from({ length: 30 }, (_, i) => addDays(TODAY, i - 29));
const PREVIOUS_DAYS = Array.from({ length: 30 }, (_, i) => addDays(TODAY, i - 59));

/**
 * A 30-day period ending "today" (its last days too young for each step's window) and the 30 days before it. With
 * `swing`, each day's rate wanders around the step's rate (that many points, as one standard deviation) the way a
 * real marketplace's does from day to day (weekdays, campaigns, weather) without anything having changed.
 */
function simulate(
  rng: Rng,
  opts: { dip?: { step: FunnelStep; fromIndex: number; toIndex: number; rate: number }; swing?: number } = {},
): { current: FunnelCohortDay[]; previous: FunnelCohortDay[] } {
  const { dip, swing = 0 } = opts;
  const days = (isCurrent: boolean): FunnelCohortDay[] =>
    Array.from({ length: 30 }, (_, i) => {
      const day = (isCurrent ? CURRENT_DAYS : PREVIOUS_DAYS)[i] ?? '';
      // Days before today: a cohort is judged once its whole window lies in the past.
      const age = isCurrent ? 29 - i : 30 + 29 - i;
      const steps = {} as FunnelCohortDay['steps'];
      for (const step of FUNNEL_STEPS) {
        // Volume varies from day to day (weekdays, growth); the rate does not.
        const reached = Math.round(SIZE[step] * (0.7 + 0.6 * rng.next()));
        const rate = isCurrent && dip && dip.step === step && i >= dip.fromIndex && i <= dip.toIndex ? dip.rate : RATE[step];
        // Rng.normal's spread is about two standard deviations.
        const today = swing > 0 ? rng.normal(rate, 2 * swing, 0.01, 0.99) : rate;
        steps[step] = {
          reached,
          converted: binomial(rng, reached, today),
          mature: age >= FUNNEL_WINDOW_DAYS[step] + 1,
        };
      }
      return { day, steps };
    });
  return { current: days(true), previous: days(false) };
}

describe('funnel insights keep their stated error rate', () => {
  it('at constant rates, at most 5 % of 1,000 simulated periods make any "significant" claim', () => {
    const rng = new Rng(20261130);
    const runs = 1_000;
    let flagged = 0;
    let tests = 0;
    for (let r = 0; r < runs; r++) {
      const { current, previous } = simulate(rng);
      const a = analyseFunnel(current, previous);
      tests = a.tests;
      if (a.insights.some((i) => i.significant === true) || a.stages.some((s) => s.significant)) flagged++;
    }
    // Five steps × (one comparison + every 7-day window of mature days): the family the correction covers.
    expect(tests).toBeGreaterThan(50);
    expect(flagged / runs).toBeLessThanOrEqual(INSIGHT_ERROR_RATE);
  });

  it('when rates swing from day to day by chance, still at most 5 % of 1,000 periods make a "significant" claim', () => {
    // Four points of day-to-day swing doubles the variance of a day's cohort (about 95 people): a test that assumes
    // every person converts independently at one rate would call one period in three "significant".
    const rng = new Rng(20261202);
    const runs = 1_000;
    let flagged = 0;
    for (let r = 0; r < runs; r++) {
      const { current, previous } = simulate(rng, { swing: 0.04 });
      const a = analyseFunnel(current, previous);
      if (a.insights.some((i) => i.significant === true) || a.stages.some((s) => s.significant)) flagged++;
    }
    expect(flagged / runs).toBeLessThanOrEqual(INSIGHT_ERROR_RATE);
  });

  it('still finds a week-long dip like the planted one, at the right step and days, with its interval', () => {
    const rng = new Rng(7);
    const runs = 200;
    let found = 0;
    let elsewhere = 0;
    for (let r = 0; r < runs; r++) {
      const { current, previous } = simulate(rng, { dip: { step: 'booking_confirmed', fromIndex: 16, toIndex: 22, rate: 0.45 } });
      const a = analyseFunnel(current, previous);
      const dip = a.insights.find((i) => i.significant === true && i.stage === 'booking_confirmed' && i.text.startsWith('Dip'));
      if (dip) {
        found++;
        // The true effect (−25 pts against the other days, a bit less as windows straddle) lies in the interval.
        expect(dip.effect?.low ?? 0).toBeLessThan(-1_500);
        expect(dip.effect?.high ?? 0).toBeLessThan(0);
        expect(dip.text).toContain(current[16]?.day.slice(0, 7));
      }
      if (a.insights.some((i) => i.significant === true && i.stage !== 'booking_confirmed')) elsewhere++;
    }
    expect(found / runs).toBeGreaterThanOrEqual(0.95);
    expect(elsewhere / runs).toBeLessThanOrEqual(INSIGHT_ERROR_RATE);
  });

  it('rates are shares of one cohort: never above 100 %, and young cohorts are left out and counted', () => {
    const rng = new Rng(3);
    const { current, previous } = simulate(rng);
    const a = analyseFunnel(current, previous);
    for (const s of a.stages) {
      expect(s.stepConversionBps ?? 0).toBeLessThanOrEqual(10_000);
      expect(s.converted).toBeLessThanOrEqual(s.cohort);
    }
    const completed = a.stages.find((s) => s.stage === 'lesson_completed');
    // A 14-day window: the last 15 days of a 30-day period are too young to judge.
    expect(completed?.immatureDays).toBe(15);
    const young = current
      .filter((d) => !d.steps.lesson_completed.mature)
      .reduce((n, d) => n + d.steps.lesson_completed.reached, 0);
    const all = current.reduce((n, d) => n + d.steps.lesson_completed.reached, 0);
    expect(completed?.cohort).toBe(all - young);
  });

  it('a change against the comparison carries its effect and interval, and a tiny sample is not significant', () => {
    const mk = (n: number, x: number, day: string): FunnelCohortDay => ({
      day,
      steps: Object.fromEntries(
        FUNNEL_STEPS.map((s) => [s, { reached: n, converted: x, mature: true }]),
      ) as FunnelCohortDay['steps'],
    });
    const now = [mk(4, 2, '2026-06-01')];
    const then = [mk(4, 3, '2026-05-01')];
    const small = analyseFunnel(now, then);
    expect(small.insights.filter((i) => i.significant === true)).toEqual([]);
    const big = analyseFunnel([mk(2_000, 900, '2026-06-01')], [mk(2_000, 1_400, '2026-05-01')]);
    const row = big.stages.find((s) => s.stage === 'booking_confirmed');
    expect(row?.significant).toBe(true);
    expect(row?.changeBps).toBe(-2_500);
    expect(row?.changeLowBps ?? 0).toBeLessThan(-2_500);
    expect(row?.changeHighBps ?? 0).toBeGreaterThan(-2_500);
    expect(row?.changeHighBps ?? 0).toBeLessThan(0);
  });
});

describe('a stage with no events', () => {
  const users = (n: number): Record<FunnelStageName, number> =>
    Object.fromEntries(FUNNEL_STAGES.map((s) => [s, s === 'lesson_completed' ? n : 100])) as Record<FunnelStageName, number>;
  const said = (previous: Record<FunnelStageName, number> | null) =>
    analyseFunnel([], null, { users: { current: users(0), previous } }).insights.filter((i) => i.stage === 'lesson_completed');

  it('suspects tracking only when the comparison, as long and cut at the same time, had too many for none to be chance', () => {
    expect(said(users(12))).toEqual([
      {
        tone: 'concern',
        stage: 'lesson_completed',
        text: 'No lesson completed events in this period against 12 in the comparison period: tracking may be broken.',
      },
    ]);
  });

  it('says so plainly early in the day, before any data, or without a comparison', () => {
    const plain = {
      tone: 'info',
      stage: 'lesson_completed',
      text: 'No lesson completed events in this period: the stage shows no data.',
    };
    expect(said(users(0))).toEqual([plain]);
    expect(said(users(2))).toEqual([plain]);
    expect(said(null)).toEqual([plain]);
  });

  it('before the first funnel event, says once that there is no data before that day, not one stage after another', () => {
    const before = (firstDataDay: string | null) =>
      analyseFunnel([], null, { users: { current: users(0), previous: null }, beforeData: { firstDataDay } }).insights;
    expect(before('2025-11-03')).toEqual([{ tone: 'info', text: 'No funnel events in this period: no data before 2025-11-03.' }]);
    expect(before(null)).toEqual([{ tone: 'info', text: 'No funnel events in this period: no data yet.' }]);
  });
});
