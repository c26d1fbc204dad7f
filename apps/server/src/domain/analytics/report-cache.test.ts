import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@ops/db/testing';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import type { Db } from '@ops/db';
import { DEFAULT_TIME_ZONE, addDays, localDate, startOfDayInstant } from '@ops/shared';
import { ROLLUP_VERSION_TTL_MS, cachedCohortsReport, cachedFunnelReport, cachedRevenueReport } from './report-cache.js';
import { funnelReport, type ReportDeps } from './reports.js';
import { refreshRollups, rollupsAsOf } from './rollups.js';
import { refreshChangedDays } from './worker.js';
import { statementsOf } from '../../testing.js';

/**
 * The report cache against a real database: what it serves always matches the rollups it states it read, and a rollup
 * write or a deploy on any replica shows within ROLLUP_VERSION_TTL_MS (≤ 1 s). A second replica is a second Kysely
 * instance over the same database: its own process memory, the same data. Requests carry a hand-driven clock (as
 * `ctx.now` does), so the window is crossed without waiting.
 */
const TZ = DEFAULT_TIME_ZONE;
let h: TestDatabase;
let studentId: string;
let instructorId: string;
let replicaB: Db;

let clock = Date.now();
const depsOn = (analytics: Db): ReportDeps => ({ analytics, write: h.dbs.worker, timeZone: TZ, now: new Date(clock) });
/** The next request comes after the window in which a replica answers from the version it last read. */
const afterWindow = (): void => {
  clock += ROLLUP_VERSION_TTL_MS;
};
const today = (): string => localDate(new Date(), TZ);
/** Noon (business time) of a day `offset` days from today. */
const noonOf = (offset: number): Date => new Date(startOfDayInstant(addDays(today(), offset), TZ).getTime() + 12 * 3_600_000);

async function completedLesson(offset: number): Promise<void> {
  await seedBooking(h.dbs.api, { studentId, instructorId, status: 'completed', lessonStart: noonOf(offset), priceCents: 10_000 });
}

const reading = (table: string) => (statements: string[]) =>
  statements.filter((s) => new RegExp(`\\b${table}\\b`).test(s)).length;

/** One refresher pass (as the worker runs it), whatever the time since the last. */
const refresherPass = () => refreshChangedDays(h.dbs.worker, TZ, new Date(), { minIntervalMs: 0 });

beforeAll(async () => {
  h = await createTestDatabase();
  studentId = (await seedStudent(h.dbs.api)).id;
  instructorId = (await seedInstructor(h.dbs.api)).user.id;
  replicaB = h.dbs.analytics.withoutPlugins();
  await completedLesson(-2);
  await refresherPass();
}, 120_000);
afterAll(async () => {
  await h.drop();
});

describe('cached exec reports', () => {
  it('serve the same report from memory while the rollups are unchanged', async () => {
    const input = { preset: 'last_30_days', compare: 'previous_period' } as const;
    const first = await cachedRevenueReport(depsOn(h.dbs.analytics), input);
    expect(first.totals.bookings).toBe(1);
    const again = await statementsOf(h.dbs, () => cachedRevenueReport(depsOn(h.dbs.analytics), input));
    expect(reading('daily_revenue_rollup')(again)).toBe(0);
    // Within the window the version itself is not read again either: a burst of requests costs no round trip.
    expect(reading('rollup_state')(again)).toBe(0);
    afterWindow();
    const later = await statementsOf(h.dbs, () => cachedRevenueReport(depsOn(h.dbs.analytics), input));
    expect([reading('rollup_state')(later), reading('daily_revenue_rollup')(later)]).toEqual([1, 0]);
    expect(await cachedRevenueReport(depsOn(h.dbs.analytics), input)).toEqual(first);
  });

  it('show a refresher pass on another replica within the window, with the freshness that pass recorded', async () => {
    const input = { preset: 'last_7_days' } as const;
    const before = await cachedRevenueReport(depsOn(h.dbs.analytics), input);
    const cohortsBefore = await cachedCohortsReport(depsOn(h.dbs.analytics), 3);
    await completedLesson(-1);
    // The lesson is in the tables, not yet in the rollups: the cached report still says one lesson, as of the last pass.
    expect((await cachedRevenueReport(depsOn(h.dbs.analytics), input)).totals.bookings).toBe(before.totals.bookings);

    await new Promise((r) => setTimeout(r, 5));
    const pass = await refreshChangedDays(replicaB, TZ, new Date(), { minIntervalMs: 0 });
    expect(pass.outcome).toBe('refreshed');
    afterWindow();
    const after = await cachedRevenueReport(depsOn(h.dbs.analytics), input);
    expect(after.totals.bookings).toBe(before.totals.bookings + 1);
    expect(after.dataAsOf).toBe(await rollupsAsOf(h.dbs.analytics, TZ));
    expect(after.dataAsOf).not.toBe(before.dataAsOf);
    const cohortsAfter = await cachedCohortsReport(depsOn(h.dbs.analytics), 3);
    expect(cohortsAfter.dataAsOf).toBe(await rollupsAsOf(h.dbs.analytics, TZ, 'cohorts'));
    expect(cohortsAfter.dataAsOf).not.toBe(cohortsBefore.dataAsOf);
  });

  it('show a rebuild of old days that no refresher pass recorded', async () => {
    const day = addDays(today(), -200);
    const input = { preset: 'custom', from: day, to: day, compare: 'none' } as const;
    expect((await cachedRevenueReport(depsOn(h.dbs.analytics), input)).totals.bookings).toBe(0);
    await completedLesson(-200);
    // A ranged rebuild of that day only: neither the refresher's state nor the cohort months move.
    await refreshRollups(h.dbs.worker, { from: day, to: day, timeZone: TZ });
    afterWindow();
    expect((await cachedRevenueReport(depsOn(h.dbs.analytics), input)).totals.bookings).toBe(1);
  });

  it('show a new deploy within the window, without recomputing the report', async () => {
    const input = { preset: 'last_30_days', compare: 'previous_period' } as const;
    await cachedFunnelReport(depsOn(h.dbs.analytics), input);
    await h.dbs.api
      .insertInto('deploys')
      .values({ service: 'api', version: 'v9.9.9', sha: 'abcdef0123456', deployed_at: noonOf(-1).toISOString() })
      .execute();
    afterWindow();
    let report = await cachedFunnelReport(depsOn(h.dbs.analytics), input);
    const served = await statementsOf(h.dbs, async () => {
      report = await cachedFunnelReport(depsOn(h.dbs.analytics), input);
    });
    expect(reading('daily_funnel_rollup')(served)).toBe(0);
    expect(report.annotations.filter((a) => a.kind === 'deploy').map((a) => a.label)).toEqual(['Deploy api v9.9.9 (abcdef0)']);
    const revenue = await cachedRevenueReport(depsOn(h.dbs.analytics), input);
    expect(revenue.annotations.some((a) => a.label === 'Deploy api v9.9.9 (abcdef0)')).toBe(true);
  });

  it('compute a missing report once, however many requests ask for it at the same time', async () => {
    const input = { preset: 'this_month', compare: 'year' } as const;
    const once = reading('daily_funnel_rollup')(await statementsOf(h.dbs, () => funnelReport(depsOn(h.dbs.analytics), input)));
    expect(once).toBeGreaterThan(0);
    let reports: unknown[] = [];
    const together = await statementsOf(h.dbs, async () => {
      reports = await Promise.all(Array.from({ length: 8 }, () => cachedFunnelReport(depsOn(h.dbs.analytics), input)));
    });
    expect(reading('daily_funnel_rollup')(together)).toBe(once);
    expect(new Set(reports.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('keep each replica to its own memory: a replica serves what it read, never what another computed', async () => {
    const input = { preset: 'last_90_days' } as const;
    const a = await cachedRevenueReport(depsOn(h.dbs.analytics), input);
    const onB = await statementsOf(h.dbs, () => cachedRevenueReport(depsOn(replicaB), input));
    expect(reading('daily_revenue_rollup')(onB)).toBeGreaterThan(0);
    expect(await cachedRevenueReport(depsOn(replicaB), input)).toEqual(a);
  });
});
