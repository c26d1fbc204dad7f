import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleData } from '@ops/db/seed/sample';
import { FUNNEL_DIP, REVENUE_SPIKE, ZERO_RESULT_SEARCHES } from '@ops/db/seed/stories';
import {
  COMPARISONS,
  comparisonBeforeData,
  DEFAULT_TIME_ZONE,
  FUNNEL_STAGES,
  INSIGHT_ERROR_RATE,
  FUNNEL_WINDOW_DAYS,
  PERIOD_PRESETS,
  comparisonMisfit,
  SEARCH_CONVERSION_DAYS,
  periodFromDates,
  sameTimeOfDay,
  comparisonPeriod,
  resolvePeriod,
  startOfDayInstant,
  chargeFeeCents,
  netRevenueCents,
  addDays,
  addMonths,
  localDate,
  ratioBps,
  yesterdayByNow,
  type FunnelStageName,
  type FunnelStep,
  type ResolvedPeriod,
} from '@ops/shared';
import { createTestDatabase, type TestDatabase } from '@ops/db/testing';
import { briefReport } from './brief.js';
import { takeRateBps } from './maths.js';
import { cohortsReport, funnelReport, liabilitiesReport, revenueReport, supplyReport, type ReportDeps } from './reports.js';
import { refreshRollups } from './rollups.js';
import { countSignups } from './signups.js';
import { searchDemandBetween, searchDemandReport } from './search-demand.js';
import { refreshChangedDays } from './worker.js';

/**
 * The proof that the rollups are right: on the generated sample data set, every figure the reports show is
 * recomputed here from the raw tables by plain SQL, bucketed into business days by the shared JS helper (not by
 * the database's `at time zone`), and compared. Reports never write rollups: the worker's refresher builds them
 * (its first pass builds everything) and later passes rebuild only the days that changed.
 */
const TZ = DEFAULT_TIME_ZONE;
const NOW = new Date();
let h: TestDatabase;
const deps = (): ReportDeps => ({ analytics: h.dbs.analytics, write: h.dbs.worker, timeZone: TZ, now: NOW });
/** The reports as the routers call them (the routers only add the permission check and input parsing). */
const exec = {
  revenue: {
    report: (i: Parameters<typeof revenueReport>[1]) => revenueReport(deps(), i),
    liabilities: (i: Parameters<typeof liabilitiesReport>[1]) => liabilitiesReport(deps(), i),
  },
  supply: { report: (i: Parameters<typeof supplyReport>[1]) => supplyReport(deps(), i) },
  funnel: { report: (i: Parameters<typeof funnelReport>[1]) => funnelReport(deps(), i) },
  cohorts: { report: (i: { months: number }) => cohortsReport(deps(), i.months) },
};

beforeAll(async () => {
  h = await createTestDatabase();
  await loadSampleData(h.dbs.api, {
    now: NOW,
    staff: [
      { email: 'seed-admin@sample.example', name: 'Seed Admin', role: 'admin', passwordHash: 'scrypt$unusable' },
      { email: 'seed-admin2@sample.example', name: 'Seed Admin Two', role: 'admin', passwordHash: 'scrypt$unusable' },
      { email: 'seed-support@sample.example', name: 'Seed Support', role: 'support', passwordHash: 'scrypt$unusable' },
      { email: 'seed-oncall@sample.example', name: 'Seed Oncall', role: 'oncall', passwordHash: 'scrypt$unusable' },
    ],
  });
  // A report on rollups nobody built yet shows no data and says so; it does not build them itself.
  const unbuilt = await exec.revenue.report({ preset: 'last_30_days' });
  expect(unbuilt.dataAsOf).toBeNull();
  expect(unbuilt.totals.bookings).toBe(0);
  expect(await h.dbs.api.selectFrom('daily_revenue_rollup').select('day').limit(1).execute()).toEqual([]);
  const first = await refreshChangedDays(h.dbs.worker, TZ, NOW);
  expect(first).toMatchObject({ outcome: 'refreshed', full: true });
}, 600_000);
afterAll(async () => {
  await h.drop();
});

const inPeriod = (iso: string, p: ResolvedPeriod): boolean => {
  const ms = Date.parse(iso);
  return ms >= Date.parse(p.start) && ms < Date.parse(p.end);
};

interface Sums {
  bookings: number;
  gmv: number;
  fee: number;
  payouts: number;
  refunds: number;
  refundsCents: number;
  gmvRefunds: number;
  charges: number;
  kept: number;
  chargeFee: number;
}
const zero = (): Sums => ({
  bookings: 0,
  gmv: 0,
  fee: 0,
  payouts: 0,
  refunds: 0,
  refundsCents: 0,
  gmvRefunds: 0,
  charges: 0,
  kept: 0,
  chargeFee: 0,
});
const net = (s: Sums): number =>
  netRevenueCents({ platformFeeCents: s.fee, gmvRefundsCents: s.gmvRefunds, chargeFeeCents: s.chargeFee });
/** The figures every row of the report has (a day, a category, the totals), under the report's names. */
const rowFigures = (s: Sums) => ({ bookings: s.bookings, gmvCents: s.gmv, platformFeeCents: s.fee });

/**
 * Plain SQL over bookings + refunds, bucketed in JS. `cut`: the period's days from `from` on (its last day, cut at the
 * same time of day as now) as they stood at `asOf`: lessons marked completed by then, refunds issued by then, charges
 * captured by then (of bookings cancelled by then).
 */
async function rawRevenue(
  p: ResolvedPeriod,
  cut?: { from: string; asOf: string },
): Promise<{ byDay: Map<string, Sums>; byCategory: Map<string, Sums>; byService: Map<string, Sums>; total: Sums }> {
  // The instant each booking's day is read at: its cut, or no cut at all.
  const byOf = sql`case when b.lesson_start >= ${cut?.from ?? null}::timestamptz then ${cut?.asOf ?? null}::timestamptz
    else 'infinity'::timestamptz end`;
  const lessons = await sql<{
    lesson_start: string;
    service_id: string;
    category_id: string;
    price_cents: number;
    platform_fee_cents: number;
    instructor_payout_cents: number;
  }>`
    select b.lesson_start, b.service_id, s.category_id, b.price_cents, b.platform_fee_cents, b.instructor_payout_cents
    from bookings b join services s on s.id = b.service_id
    where b.status = 'completed' and b.lesson_start >= ${p.start}::timestamptz and b.lesson_start < ${p.end}::timestamptz
      and (${byOf} = 'infinity' or b.completed_at < ${byOf})`.execute(h.dbs.api);
  const refunds = await sql<{
    created_at: string;
    service_id: string;
    category_id: string;
    amount_cents: number;
    status: string;
    completed_at: string | null;
    kind: string;
  }>`
    select r.created_at, b.service_id, s.category_id, r.amount_cents, b.status, b.completed_at, r.kind
    from refunds r join bookings b on b.id = r.booking_id join services s on s.id = b.service_id
    where r.status <> 'failed' and r.created_at >= ${p.start}::timestamptz and r.created_at < ${p.end}::timestamptz
      and r.created_at < ${cut?.asOf ?? 'infinity'}::timestamptz`.execute(h.dbs.api);
  const byDay = new Map<string, Sums>();
  const byCategory = new Map<string, Sums>();
  const byService = new Map<string, Sums>();
  const total = zero();
  const add = (m: Map<string, Sums>, k: string, f: (s: Sums) => void): void => {
    const s = m.get(k) ?? zero();
    f(s);
    m.set(k, s);
  };
  for (const l of lessons.rows) {
    const f = (s: Sums): void => {
      s.bookings += 1;
      s.gmv += l.price_cents;
      s.fee += l.platform_fee_cents;
      s.payouts += l.instructor_payout_cents;
    };
    add(byDay, localDate(l.lesson_start, TZ), f);
    add(byCategory, l.category_id, f);
    add(byService, l.service_id, f);
    f(total);
  }
  // Charges: cancelled / no-show bookings with a captured payment, what was kept of them (captured − refunds).
  const charged = await sql<{
    lesson_start: string;
    service_id: string;
    category_id: string;
    price_cents: number;
    platform_fee_cents: number;
    captured: number;
    refunded: number;
  }>`
    select b.lesson_start, b.service_id, s.category_id, b.price_cents, b.platform_fee_cents,
      (select sum(p.amount_cents) from payments p where p.booking_id = b.id and p.captured_at < ${byOf})::bigint as captured,
      coalesce((select sum(r.amount_cents) from refunds r where r.booking_id = b.id and r.status <> 'failed'
        and r.created_at < ${byOf}), 0)::bigint as refunded
    from bookings b join services s on s.id = b.service_id
    where b.status in ('cancelled', 'no_show') and b.lesson_start >= ${p.start}::timestamptz and b.lesson_start < ${p.end}::timestamptz
      and (b.cancelled_at is null or b.cancelled_at < ${byOf})
      and exists (select 1 from payments p where p.booking_id = b.id and p.captured_at < ${byOf})`.execute(h.dbs.api);
  for (const c of charged.rows) {
    const kept = Math.max(0, Number(c.captured) - Number(c.refunded));
    const f = (s: Sums): void => {
      s.charges += 1;
      s.kept += kept;
      s.chargeFee += chargeFeeCents(kept, c.platform_fee_cents, c.price_cents);
    };
    add(byDay, localDate(c.lesson_start, TZ), f);
    add(byCategory, c.category_id, f);
    f(total);
  }
  for (const r of refunds.rows) {
    const f = (s: Sums): void => {
      // A release is no refund (no money moved), but on a lesson in GMV it is money the lesson did not bring in.
      if (r.kind === 'refund') {
        s.refunds += 1;
        s.refundsCents += r.amount_cents;
      }
      // On a cut day a refund is of a lesson in GMV only if the lesson was marked completed by the cut-off.
      const completedBy =
        cut === undefined ||
        Date.parse(r.created_at) < Date.parse(cut.from) ||
        (r.completed_at !== null && Date.parse(r.completed_at) < Date.parse(cut.asOf));
      if (r.status === 'completed' && completedBy) s.gmvRefunds += r.amount_cents;
    };
    add(byDay, localDate(r.created_at, TZ), f);
    add(byCategory, r.category_id, f);
    f(total);
  }
  return { byDay, byCategory, byService, total };
}

/** Plain SQL: each user's first event per stage; counted in the period of that first event. */
async function rawFunnel(
  p: ResolvedPeriod,
): Promise<{ total: Record<FunnelStageName, number>; byDay: Map<string, Record<FunnelStageName, number>> }> {
  const firsts = await sql<{ stage: FunnelStageName; first_at: string }>`
    select stage, min(occurred_at) as first_at from funnel_events where user_id is not null group by user_id, stage`.execute(
    h.dbs.api,
  );
  const total = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])) as Record<FunnelStageName, number>;
  const byDay = new Map<string, Record<FunnelStageName, number>>();
  for (const f of firsts.rows) {
    if (!inPeriod(f.first_at, p)) continue;
    total[f.stage] += 1;
    const day = localDate(f.first_at, TZ);
    const d = byDay.get(day) ?? (Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])) as Record<FunnelStageName, number>);
    d[f.stage] += 1;
    byDay.set(day, d);
  }
  return { total, byDay };
}

describe('revenue report = plain SQL over the raw tables', () => {
  for (const input of [
    { preset: 'last_90_days', compare: 'previous_period' },
    { preset: 'last_30_days', compare: 'year' },
    { preset: 'this_month', compare: 'month' },
    { preset: 'today', compare: 'week' },
  ] as const) {
    it(`${input.preset} vs ${input.compare}: totals, every day, every category and the top services`, async () => {
      const report = await exec.revenue.report(input);
      const comparison = report.comparison;
      if (comparison === null) throw new Error('expected a comparison period');
      // Today is compared with its comparison day as it stood at the same time of day.
      const until = report.comparisonUntil;
      const cut = until === null ? undefined : { from: startOfDayInstant(comparison.to, TZ).toISOString(), asOf: until };
      if (input.preset === 'today') expect(until).not.toBeNull();
      for (const [period, totals, periodCut] of [
        [report.period, report.totals, undefined],
        [comparison, report.previous, cut],
      ] as const) {
        const raw = await rawRevenue(period, periodCut);
        expect(totals).toEqual({
          ...rowFigures(raw.total),
          payoutsCents: raw.total.payouts,
          refunds: raw.total.refunds,
          refundsCents: raw.total.refundsCents,
          gmvRefundsCents: raw.total.gmvRefunds,
          charges: raw.total.charges,
          chargesKeptCents: raw.total.kept,
          chargeFeeCents: raw.total.chargeFee,
          netRevenueCents: net(raw.total),
          takeRateBps: takeRateBps(raw.total.fee, raw.total.gmv),
        });
      }
      const raw = await rawRevenue(report.period);
      const prevRaw = await rawRevenue(comparison, cut);
      expect(report.daily.length).toBe(report.period.days);
      for (const d of report.daily) {
        const r = raw.byDay.get(d.day) ?? zero();
        // The whole day is in the diff when one figure is off, so the failing day is named.
        expect(d).toMatchObject({
          ...rowFigures(r),
          payoutsCents: r.payouts,
          refundsCents: r.refundsCents,
          netRevenueCents: net(r),
        });
        // A comparison day before the first revenue was never observed: no figure, not $0 (comparisonBeforeData).
        const unobserved = d.previousDay === null || d.previousDay < (report.firstDataDay ?? '');
        expect(d.previousGmvCents).toBe(unobserved ? null : (prevRaw.byDay.get(d.previousDay ?? '')?.gmv ?? 0));
      }
      for (const c of report.byCategory) {
        const r = raw.byCategory.get(c.categoryId) ?? zero();
        expect(c).toMatchObject({
          ...rowFigures(r),
          // A comparison that starts before the first revenue gives the categories no total to set against.
          previousGmvCents: comparisonBeforeData(comparison.from, report.firstDataDay)
            ? null
            : (prevRaw.byCategory.get(c.categoryId)?.gmv ?? 0),
        });
      }
      const top = [...raw.byService].sort((a, b) => b[1].gmv - a[1].gmv || a[0].localeCompare(b[0])).slice(0, 10);
      expect(report.topServices.map((s) => [s.serviceId, s.bookings, s.gmvCents])).toEqual(
        top.map(([id, s]) => [id, s.bookings, s.gmv]),
      );
    });
  }

  it('shows the planted revenue spike as a highlight naming its day', async () => {
    const report = await exec.revenue.report({ preset: 'last_30_days', compare: 'year' });
    const spikeDay = addDays(localDate(NOW, TZ), -REVENUE_SPIKE.daysAgo);
    expect(report.insights.some((i) => i.tone === 'highlight' && i.text.startsWith(`Revenue spike on ${spikeDay}`))).toBe(true);
    const max = report.daily.reduce((a, b) => (b.gmvCents > a.gmvCents ? b : a));
    expect(max.day).toBe(spikeDay);
  });

  it('draws staff actions and deploys of the period as annotations, from audit_log and deploys', async () => {
    const report = await exec.revenue.report({ preset: 'last_90_days' });
    const p = report.period;
    const audit = await sql<{ id: number; occurred_at: string; action: string }>`
      select id, occurred_at, action from audit_log
      where occurred_at >= ${p.start}::timestamptz and occurred_at < ${p.end}::timestamptz
        and (action like 'refunds.%' or action = 'instructors.suspend' or action like 'communications.%' or action like 'campaigns.%')
      order by id`.execute(h.dbs.api);
    expect(audit.rows.length).toBeGreaterThan(0);
    const expected = new Map<string, { count: number; first: number }>();
    for (const a of audit.rows) {
      const kind = a.action.startsWith('refunds.')
        ? 'refund'
        : a.action === 'instructors.suspend'
          ? 'suspension'
          : 'communication';
      const key = `${localDate(a.occurred_at, TZ)}|${kind}`;
      const e = expected.get(key) ?? { count: 0, first: a.id };
      e.count += 1;
      expected.set(key, e);
    }
    const actions = report.annotations.filter((a) => a.kind !== 'deploy');
    expect(new Map(actions.map((a) => [`${a.day}|${a.kind}`, { count: a.count, first: a.auditId }]))).toEqual(expected);
    const deploys = await h.dbs.api
      .selectFrom('deploys')
      .select('id')
      .where('deployed_at', '>=', p.start)
      .where('deployed_at', '<', p.end)
      .execute();
    expect(
      report.annotations
        .filter((a) => a.kind === 'deploy')
        .map((a) => a.deployId)
        .sort(),
    ).toEqual(deploys.map((d) => d.id).sort());
    // The funnel marks what can move sign-ups and bookings: the same deploys, suspensions and messages, no refunds.
    const funnel = await exec.funnel.report({ preset: 'last_90_days' });
    expect(funnel.annotations).toEqual(report.annotations.filter((a) => a.kind !== 'refund'));
    expect(report.annotations.some((a) => a.kind === 'refund')).toBe(true);
  });
});

describe('funnel report = plain SQL over funnel_events', () => {
  it('last 30 days vs previous: every stage, every day, conversions', async () => {
    const report = await exec.funnel.report({ preset: 'last_30_days', compare: 'previous_period' });
    const raw = await rawFunnel(report.period);
    const comparison = report.comparison;
    if (comparison === null) throw new Error('expected a comparison period');
    // The period ends today: the comparison's counts stop at the same time of day on its last day.
    expect(report.comparisonUntil).not.toBeNull();
    const prev = await rawFunnel({ ...comparison, end: report.comparisonUntil ?? comparison.end });
    expect(Object.fromEntries(report.stages.map((s) => [s.stage, s.users]))).toEqual(raw.total);
    expect(Object.fromEntries(report.stages.map((s) => [s.stage, s.previousUsers]))).toEqual(prev.total);
    for (const d of report.daily) {
      expect(d.users).toEqual(raw.byDay.get(d.day) ?? Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])));
    }
    // Cohort conversion, recomputed from the raw events: of the people who first reached booking_started on a
    // mature day of the period, those who reached booking_confirmed within the window.
    const today = localDate(NOW, TZ);
    const windowDays = FUNNEL_WINDOW_DAYS.booking_confirmed;
    const pairs = await sql<{ started: string; confirmed: string | null }>`
      select s.first_at as started,
        (select min(c.occurred_at) from funnel_events c where c.user_id = s.user_id and c.stage = 'booking_confirmed' and c.occurred_at >= s.first_at) as confirmed
      from (select user_id, min(occurred_at) as first_at from funnel_events where stage = 'booking_started' and user_id is not null group by user_id) s`.execute(
      h.dbs.api,
    );
    let cohort = 0;
    let converted = 0;
    for (const r of pairs.rows) {
      if (!inPeriod(r.started, report.period)) continue;
      const day = localDate(r.started, TZ);
      if (addDays(day, windowDays + 1) > today) continue;
      cohort += 1;
      if (r.confirmed !== null && Date.parse(r.confirmed) < Date.parse(r.started) + windowDays * 86_400_000) converted += 1;
    }
    const confirmed = report.stages.find((s) => s.stage === 'booking_confirmed');
    expect({ cohort: confirmed?.cohort, converted: confirmed?.converted }).toEqual({ cohort, converted });
    expect(confirmed?.immatureDays).toBe(windowDays + 1);
  });

  it('an exec on the default view sees the planted dip, and no other "significant" claim', async () => {
    const report = await exec.funnel.report({ preset: 'last_30_days', compare: 'previous_period' });
    const claims = report.insights.filter((i) => i.significant === true);
    expect(claims.map((i) => i.stage)).toEqual(['booking_confirmed']);
    const dip = claims[0];
    expect(dip?.text).toMatch(/^Dip: Started a booking → Booking confirmed converted/);
    // The flagged week lies on the planted one (give or take the days a sliding window straddles).
    const [, first] = /cohorts of (\d{4}-\d{2}-\d{2})/.exec(dip?.text ?? '') ?? [];
    const plantedFirst = addDays(localDate(NOW, TZ), -FUNNEL_DIP.daysAgoFrom);
    expect(first !== undefined && first >= addDays(plantedFirst, -3) && first <= addDays(plantedFirst, 3)).toBe(true);
    expect(dip?.effect?.high ?? 0).toBeLessThan(0);
    expect(dip?.href).toBe('/funnel?preset=last_30_days&compare=previous_period');
    expect(report.testing.tests).toBeGreaterThan(20);
    expect(report.stages.filter((s) => s.significant && s.stage !== 'booking_confirmed')).toEqual([]);
  });

  it('no conversion rate exceeds 100 % in any period / comparison combination', async () => {
    const today = localDate(NOW, TZ);
    const presets = [
      ...PERIOD_PRESETS.filter((p) => p !== 'custom').map((preset) => ({ preset })),
      { preset: 'custom' as const, from: addDays(today, -3), to: today },
    ];
    for (const p of presets) {
      for (const compare of COMPARISONS) {
        // A comparison longer than its shift is refused (periods.test.ts), not read.
        if (comparisonMisfit(compare, resolvePeriod(p, NOW, TZ).days)) continue;
        const report = await exec.funnel.report({ ...p, compare });
        for (const s of report.stages) {
          for (const rate of [s.stepConversionBps, s.previousStepConversionBps]) {
            if (rate !== null) expect(rate, `${p.preset}/${compare}/${s.stage}`).toBeLessThanOrEqual(10_000);
          }
          expect(s.converted).toBeLessThanOrEqual(s.cohort);
        }
        for (const d of report.cohorts)
          for (const c of Object.values(d.steps)) expect(c.converted).toBeLessThanOrEqual(c.reached);
        // A day's cohort too young to judge never enters a rate or a test.
        if (p.preset === 'today' || p.preset === 'yesterday')
          expect(report.insights.filter((i) => i.significant === true)).toEqual([]);
      }
    }
  }, 600_000);

  it('a period before any event shows no data instead of a fake 0 %', async () => {
    const report = await exec.funnel.report({ preset: 'custom', from: '2001-01-01', to: '2001-01-31', compare: 'none' });
    expect(report.stages.every((s) => s.users === 0 && s.stepConversionBps === null && s.cohort === 0)).toBe(true);
    // One insight says why, as every other page does, not one "no events" per stage.
    expect(report.insights).toEqual([
      { tone: 'info', text: `No funnel events in this period: no data before ${report.firstDataDay ?? ''}.` },
    ]);
  });
});

describe('cohorts, supply and liabilities = plain SQL', () => {
  it('cohorts: sizes and every retention cell for students and instructors', async () => {
    const report = await exec.cohorts.report({ months: 12 });
    expect(report.months.length).toBe(12);
    const users = await sql<{
      id: string;
      role: 'student' | 'instructor';
      created_at: string;
    }>`select id, role, created_at from users`.execute(h.dbs.api);
    const bookings = await sql<{
      student_id: string;
      instructor_id: string;
      created_at: string;
      lesson_start: string;
      status: string;
    }>`
      select student_id, instructor_id, created_at, lesson_start, status from bookings`.execute(h.dbs.api);
    const cohortOf = new Map(users.rows.map((u) => [u.id, localDate(u.created_at, TZ).slice(0, 7)]));
    const active = new Set<string>();
    for (const b of bookings.rows) {
      active.add(`student|${b.student_id}|${localDate(b.created_at, TZ).slice(0, 7)}`);
      if (b.status === 'completed') active.add(`instructor|${b.instructor_id}|${localDate(b.lesson_start, TZ).slice(0, 7)}`);
    }
    for (const role of ['student', 'instructor'] as const) {
      for (const row of report[role === 'student' ? 'students' : 'instructors']) {
        const members = users.rows.filter((u) => u.role === role && cohortOf.get(u.id) === row.month);
        expect(row.size).toBe(members.length);
        for (const cell of row.cells) {
          const month = addMonths(`${row.month}-01`, cell.offset).slice(0, 7);
          const n = members.filter((u) => active.has(`${role}|${u.id}|${month}`)).length;
          // A month that ended before the side's first data has no count at all (the next test).
          expect({ month: row.month, offset: cell.offset, users: cell.users, partial: cell.partial }).toEqual({
            month: row.month,
            offset: cell.offset,
            users: cell.beforeData ? null : n,
            // The month under way reads "so far"; every earlier month is whole.
            partial: month === localDate(NOW, TZ).slice(0, 7),
          });
        }
      }
    }
    expect(report.students.some((r) => r.cells.some((c) => c.offset > 0 && (c.users ?? 0) > 0))).toBe(true);
    expect(report.instructors.some((r) => r.cells.some((c) => c.offset > 0 && (c.users ?? 0) > 0))).toBe(true);
  });

  it('cohorts: a month that ended before the first booking or lesson is no data, not 0.0%', async () => {
    const report = await exec.cohorts.report({ months: 24 });
    const r = await sql<{ booked: string; taught: string }>`
      select (select min(created_at) from bookings) as booked,
        (select min(lesson_start) from bookings where status = 'completed') as taught`.execute(h.dbs.api);
    const x = r.rows[0];
    if (!x) throw new Error('no row');
    const first = { students: localDate(x.booked, TZ), instructors: localDate(x.taught, TZ) };
    expect(report.firstDataDay).toEqual(first);
    let before = 0;
    for (const role of ['students', 'instructors'] as const) {
      for (const row of report[role]) {
        for (const cell of row.cells) {
          const month = addMonths(`${row.month}-01`, cell.offset);
          const lastDay = addDays(addMonths(month, 1), -1);
          const unobserved = lastDay < first[role];
          expect({ role, month, beforeData: cell.beforeData }).toEqual({ role, month, beforeData: unobserved });
          if (unobserved) {
            before++;
            expect([cell.users, cell.rateBps]).toEqual([null, null]);
          } else if (row.size > 0) expect(cell.rateBps).not.toBeNull();
        }
      }
    }
    // The sample marketplace is younger than 24 months, so the test sees such months.
    expect(before).toBeGreaterThan(0);
    // Leading cohort months before the data with nobody in them are left out; the rest run to this month unbroken.
    for (const role of ['students', 'instructors'] as const) {
      const rows = report[role];
      const top = rows[0];
      if (!top) throw new Error(`no ${role} cohort`);
      expect(top.size > 0 || addDays(addMonths(`${top.month}-01`, 1), -1) >= first[role]).toBe(true);
      const shown = report.months.indexOf(top.month);
      expect(rows.map((r) => r.month)).toEqual(report.months.slice(shown));
      for (const month of report.months.slice(0, shown))
        expect(addDays(addMonths(`${month}-01`, 1), -1) < first[role]).toBe(true);
    }
    // Sample students sign up from the first day of bookings, so the test sees their earlier months left out.
    expect(report.students.length).toBeLessThan(report.months.length);
  });

  it('supply: utilisation against an earlier period counts only the instructors who had joined by then', async () => {
    const report = await exec.supply.report({ preset: 'last_90_days', compare: 'previous_period' });
    const c = report.comparison;
    if (c === null) throw new Error('expected a comparison');
    const end = report.comparisonUntil ?? c.end;
    // Plain SQL: who can be booked now (active, checked, with an active service), who of them had joined, who taught.
    const bookableNow = sql`
      select u.id, u.created_at from users u join instructor_profiles ip on ip.user_id = u.id
      where u.role = 'instructor' and u.status = 'active'
        and (ip.background_check_status = 'passed' or ip.verification_override)
        and exists (select 1 from instructor_services s where s.instructor_id = u.id and s.active)`;
    const r = await sql<{ now: number; then: number; taught_then: number }>`
      with b as (${bookableNow})
      select (select count(*) from b)::int as now,
        (select count(*) from b where created_at < ${end}::timestamptz)::int as then,
        (select count(distinct k.instructor_id) from bookings k join b on b.id = k.instructor_id
          where k.status = 'completed' and b.created_at < ${end}::timestamptz and k.completed_at < ${end}::timestamptz
            and k.lesson_start >= ${c.start}::timestamptz and k.lesson_start < ${c.end}::timestamptz)::int as taught_then`.execute(
      h.dbs.api,
    );
    const raw = r.rows[0];
    if (!raw) throw new Error('no row');
    expect(report.bookableInstructors).toBe(raw.now);
    // The period ends today: its set is everyone bookable now.
    expect(report.utilisationInstructors).toBe(raw.now);
    expect([report.previousUtilisationInstructors, report.previousActiveBookableInstructors]).toEqual([
      raw.then,
      raw.taught_then,
    ]);
    expect(report.previousUtilisationBps).toBe(ratioBps(raw.taught_then, raw.then));
    // Instructors have joined since, so today's bookable set would have understated utilisation then.
    expect(raw.then).toBeLessThan(raw.now);
  });

  it('supply: active instructors, searches by category, zero-result searches', async () => {
    const report = await exec.supply.report({ preset: 'last_30_days' });
    const p = report.period;
    const active = await sql<{ n: number }>`
      select count(distinct instructor_id)::int as n from bookings
      where status = 'completed' and lesson_start >= ${p.start}::timestamptz and lesson_start < ${p.end}::timestamptz`.execute(
      h.dbs.api,
    );
    expect(report.activeInstructors).toBe(active.rows[0]?.n);
    // Lesson hours per active instructor, in this period and in the comparison, from the same bookings: the comparison
    // as it stood at its cut-off (lessons marked completed by then), as the period stands now.
    const hoursX100 = async (from: string, to: string, asOf?: string) => {
      const r = await sql<{ n: number; minutes: number }>`
        select count(distinct instructor_id)::int as n, coalesce(sum(duration_minutes), 0)::int as minutes from bookings
        where status = 'completed' and lesson_start >= ${from}::timestamptz and lesson_start < ${to}::timestamptz
          and ${asOf === undefined ? sql`true` : sql`completed_at < ${asOf}::timestamptz`}`.execute(h.dbs.api);
      const row = r.rows[0];
      return row && row.n > 0 ? Math.round((row.minutes * 100) / 60 / row.n) : null;
    };
    expect(report.hoursPerActiveInstructorX100).toBe(await hoursX100(p.start, p.end));
    const c = report.comparison;
    if (!c) throw new Error('last_30_days compares with the previous period by default');
    // The period runs to now, so its comparison stops at the same time of its last day (not that day's end).
    expect(report.comparisonUntil).toBe(sameTimeOfDay(c.to, NOW, TZ).toISOString());
    expect(report.previousHoursPerActiveInstructorX100).toBe(await hoursX100(c.start, c.end, report.comparisonUntil ?? ''));
    expect(report.previousHoursPerActiveInstructorX100).not.toBeNull();
    const searches = await sql<{ occurred_at: string; category_id: string | null; query: string; results_count: number }>`
      select occurred_at, category_id, query, results_count from search_events
      where occurred_at >= ${p.start}::timestamptz and occurred_at < ${p.end}::timestamptz`.execute(h.dbs.api);
    for (const c of report.byCategory) {
      const mine = searches.rows.filter((s) => s.category_id === c.categoryId);
      expect([c.categoryId, c.searches, c.zeroResultSearches]).toEqual([
        c.categoryId,
        mine.length,
        mine.filter((s) => s.results_count === 0).length,
      ]);
    }
    const zeroCounts = new Map<string, number>();
    for (const s of searches.rows)
      if (s.results_count === 0)
        zeroCounts.set(
          `${s.query.trim().toLowerCase()}|${s.category_id ?? ''}`,
          (zeroCounts.get(`${s.query.trim().toLowerCase()}|${s.category_id ?? ''}`) ?? 0) + 1,
        );
    expect(report.topZeroResultSearches.length).toBeGreaterThan(0);
    for (const z of report.topZeroResultSearches) {
      const n = [...zeroCounts].filter(([k]) => k.startsWith(`${z.query}|`)).reduce((s, [, v]) => s + v, 0);
      expect(z.searches).toBeLessThanOrEqual(n);
      expect(z.searches).toBeGreaterThan(0);
    }
    const most = Math.max(...zeroCounts.values());
    expect(report.topZeroResultSearches[0]?.searches).toBe(most);
  });

  it('liabilities: credit, pending and held payouts, pending refunds now', async () => {
    const report = await exec.revenue.liabilities({ preset: 'last_30_days' });
    const r = await sql<{ credit: number; pending: number; held: number; refunds: number; credit_then: number }>`
      select (select coalesce(sum(amount_cents), 0)::bigint from credit_ledger) as credit,
        (select coalesce(sum(amount_cents), 0)::bigint from credit_ledger where created_at < ${report.comparedTo}::timestamptz) as credit_then,
        (select coalesce(sum(amount_cents), 0)::bigint from payouts where status = 'pending') as pending,
        (select coalesce(sum(amount_cents), 0)::bigint from payouts where status = 'held') as held,
        (select coalesce(sum(amount_cents), 0)::bigint from refunds where status = 'pending' and kind = 'refund') as refunds`.execute(
      h.dbs.api,
    );
    const x = r.rows[0];
    const by = Object.fromEntries(report.items.map((i) => [i.key, i.nowCents]));
    expect(by).toEqual({
      student_credit: x?.credit,
      pending_payouts: x?.pending,
      held_payouts: x?.held,
      pending_refunds: x?.refunds,
    });
    expect(report.items.find((i) => i.key === 'student_credit')?.thenCents).toBe(x?.credit_then);
    expect(report.totalNowCents).toBe((x?.credit ?? 0) + (x?.pending ?? 0) + (x?.held ?? 0) + (x?.refunds ?? 0));
    expect((x?.held ?? 0) + (x?.pending ?? 0)).toBeGreaterThan(0);
  });

  it('liabilities stand now against the same moment one comparison step back, like the revenue figures beside them', async () => {
    const today = localDate(NOW, TZ);
    const at = async (input: Parameters<typeof liabilitiesReport>[1]) => (await exec.revenue.liabilities(input)).comparedTo;
    // The 30 days before, by this time of day on their last day: 30 days ago, not 60.
    const thirtyDaysAgo = await at({ preset: 'last_30_days', compare: 'previous_period' });
    expect(thirtyDaysAgo).toBe(sameTimeOfDay(addDays(today, -30), NOW, TZ).toISOString());
    // About a year ago today (the same days a year earlier end there), not a year and 29 days ago.
    const yearAgo = await at({ preset: 'last_30_days', compare: 'year' });
    const year = comparisonPeriod(resolvePeriod({ preset: 'last_30_days' }, NOW, TZ), 'year', TZ);
    expect(yearAgo).toBe(sameTimeOfDay(year?.to ?? '', NOW, TZ).toISOString());
    expect(Math.abs(NOW.getTime() - Date.parse(yearAgo) - 365 * 86_400_000)).toBeLessThanOrEqual(3 * 86_400_000);
    // No comparison: the start of the period. A period that ended before today: the end of its comparison.
    const since = await at({ preset: 'last_30_days', compare: 'none' });
    expect(localDate(since, TZ)).toBe(addDays(today, -29));
    expect(since).toBe(startOfDayInstant(addDays(today, -29), TZ).toISOString());
    const lastWeek = await at({
      preset: 'custom',
      from: addDays(today, -14),
      to: addDays(today, -8),
      compare: 'previous_period',
    });
    expect(lastWeek).toBe(startOfDayInstant(addDays(today, -14), TZ).toISOString());
  });

  it('liabilities tell no change against a moment before the first money was recorded', async () => {
    const r = await sql<{ first: string }>`
      select least((select min(created_at) from bookings), (select min(created_at) from credit_ledger)) as first`.execute(
      h.dbs.api,
    );
    const first = localDate(r.rows[0]?.first ?? '', TZ);
    // A month from the first day against the month before it: "then" is the first day's first instant, before anything.
    const from = (day: string) => ({ preset: 'custom', from: day, to: addDays(day, 29), compare: 'previous_period' }) as const;
    const before = await exec.revenue.liabilities(from(first));
    expect(before.comparedTo).toBe(startOfDayInstant(first, TZ).toISOString());
    expect([before.firstDataDay, before.thenBeforeData]).toEqual([first, true]);
    expect(before.items.map((i) => i.thenCents)).toEqual(before.items.map(() => null));
    // The then totals are no figures either: not zeros beside "before the data".
    expect([before.payoutsOwedThenCents, before.totalThenCents]).toEqual([null, null]);
    // No comparison: the period's start, the same instant.
    expect((await exec.revenue.liabilities({ ...from(first), compare: 'none' })).thenBeforeData).toBe(true);
    // A day later the ledgers had begun: "then" is an observation again.
    const after = await exec.revenue.liabilities(from(addDays(first, 1)));
    expect(after.thenBeforeData).toBe(false);
    expect(after.items.find((i) => i.key === 'student_credit')?.thenCents).not.toBeNull();
    expect([typeof after.payoutsOwedThenCents, typeof after.totalThenCents]).toEqual(['number', 'number']);
  });

  it('liabilities are compared to the same instant as the revenue figures, their last refresh, not the clock', async () => {
    // A minute after the last refresh: the revenue figures stand as of the refresh, and so must the liabilities.
    const later = { ...deps(), now: new Date(NOW.getTime() + 60_000) };
    for (const compare of ['previous_period', 'year'] as const) {
      const input = { preset: 'last_30_days', compare } as const;
      const [revenue, liabilities] = await Promise.all([revenueReport(later, input), liabilitiesReport(later, input)]);
      expect(revenue.comparisonUntil).not.toBeNull();
      expect(liabilities.comparedTo).toBe(revenue.comparisonUntil);
    }
  });
});

describe('refreshing', () => {
  it('reports say how fresh their rollups are', async () => {
    const [revenue, funnel, cohorts] = await Promise.all([
      exec.revenue.report({ preset: 'last_7_days' }),
      exec.funnel.report({ preset: 'last_7_days' }),
      exec.cohorts.report({ months: 12 }),
    ]);
    expect(revenue.dataAsOf).toBe(NOW.toISOString());
    expect(funnel.dataAsOf).toBe(NOW.toISOString());
    expect(cohorts.dataAsOf).not.toBeNull();
  });

  it('one refresher: concurrent passes share one, and a pass right after a refresh finds nothing to do', async () => {
    const later = new Date(NOW.getTime() + 120_000);
    const [a, b, c] = await Promise.all([
      refreshChangedDays(h.dbs.worker, TZ, later),
      refreshChangedDays(h.dbs.worker, TZ, later),
      refreshChangedDays(h.dbs.worker, TZ, later),
    ]);
    expect(a).toMatchObject({ outcome: 'refreshed', full: false });
    expect(b).toBe(a);
    expect(c).toBe(a);
    // Only the recent days were rebuilt, not the history.
    expect(a.days).toBeLessThan(40);
    // Another replica (another pool) that took the lock after that pass re-checks and skips.
    expect(await refreshChangedDays(h.dbs.api, TZ, new Date(later.getTime() + 1_000))).toMatchObject({
      outcome: 'fresh',
      days: 0,
    });
  });

  it('a full rebuild gives the same numbers as the incrementally refreshed days', async () => {
    const before = await exec.revenue.report({ preset: 'last_90_days' });
    const funnelBefore = await exec.funnel.report({ preset: 'last_90_days' });
    const result = await refreshRollups(h.dbs.api, { timeZone: TZ, now: NOW });
    expect(result.full).toBe(true);
    expect(result.days).toBeGreaterThan(390);
    const after = await exec.revenue.report({ preset: 'last_90_days' });
    const funnelAfter = await exec.funnel.report({ preset: 'last_90_days' });
    expect(after.daily).toEqual(before.daily);
    expect(after.totals).toEqual(before.totals);
    expect(funnelAfter.stages).toEqual(funnelBefore.stages);
  });

  it('a change to the raw tables reaches the report once the recent day is refreshed', async () => {
    const today = localDate(NOW, TZ);
    const before = await exec.revenue.report({ preset: 'today', compare: 'none' });
    // An upcoming lesson moved to the start of today and completed: works at any time of day.
    const b = await h.dbs.api
      .selectFrom('bookings')
      .select(['id', 'price_cents'])
      .where('status', '=', 'confirmed')
      .where('lesson_start', '>=', before.period.end)
      .limit(1)
      .executeTakeFirst();
    if (!b) throw new Error('the sample has no upcoming confirmed lesson');
    await h.dbs.api
      .updateTable('bookings')
      .set({ status: 'completed', lesson_start: before.period.start, completed_at: NOW.toISOString() })
      .where('id', '=', b.id)
      .execute();
    await refreshRollups(h.dbs.api, { from: today, to: today, timeZone: TZ, now: NOW });
    const after = await exec.revenue.report({ preset: 'today', compare: 'none' });
    expect(after.totals.gmvCents - before.totals.gmvCents).toBe(b.price_cents);
    expect(after.totals.bookings - before.totals.bookings).toBe(1);
  });
});

describe('releases are not refunds', () => {
  it('a release leaves the refunds and the pending refunds owed alone; on a lesson in GMV it lowers net revenue', async () => {
    const today = localDate(NOW, TZ);
    const { period } = await exec.revenue.report({ preset: 'today', compare: 'none' });
    // A lesson held at the start of today (so at any time of day), paid on a card only authorized so far.
    const lesson = await h.dbs.api
      .selectFrom('bookings')
      .innerJoin('payments', 'payments.booking_id', 'bookings.id')
      .select(['bookings.id', 'bookings.student_id', 'payments.id as paymentId'])
      .where('bookings.status', '=', 'completed')
      .where('payments.status', '=', 'authorized')
      .limit(1)
      .executeTakeFirst();
    if (!lesson) throw new Error('the sample has no completed lesson whose payment is only authorized');
    await h.dbs.api.updateTable('bookings').set({ lesson_start: period.start }).where('id', '=', lesson.id).execute();
    await refreshRollups(h.dbs.api, { from: today, to: today, timeZone: TZ, now: NOW });
    const revenueBefore = await exec.revenue.report({ preset: 'today', compare: 'none' });
    const owedBefore = await exec.revenue.liabilities({ preset: 'today' });
    // $10 of the authorization released, and $5 more about to be.
    const release = (amountCents: number, status: 'succeeded' | 'pending') => ({
      booking_id: lesson.id,
      payment_id: lesson.paymentId,
      student_id: lesson.student_id,
      amount_cents: amountCents,
      method: 'card' as const,
      policy_rule: 'full_refund_24h',
      status,
      kind: 'release' as const,
      origin: 'staff' as const,
      created_at: NOW.toISOString(),
      stripe_refund_id: null,
      idempotency_key: null,
      error: null,
      created_by_staff_id: null,
      stripe_status: null,
    });
    await h.dbs.api
      .insertInto('refunds')
      .values([release(1_000, 'succeeded'), release(500, 'pending')])
      .execute();
    await refreshRollups(h.dbs.api, { from: today, to: today, timeZone: TZ, now: NOW });

    const revenue = await exec.revenue.report({ preset: 'today', compare: 'none' });
    expect(revenue.totals.refunds).toBe(revenueBefore.totals.refunds);
    expect(revenue.totals.refundsCents).toBe(revenueBefore.totals.refundsCents);
    expect(revenue.totals.netRevenueCents).toBe(revenueBefore.totals.netRevenueCents - 1_500);
    const owed = await exec.revenue.liabilities({ preset: 'today' });
    expect(owed.items.find((i) => i.key === 'pending_refunds')).toEqual(
      owedBefore.items.find((i) => i.key === 'pending_refunds'),
    );
    expect(owed.totalNowCents).toBe(owedBefore.totalNowCents);
  });
});

describe('funnel cohorts', () => {
  it("a refresh of today rebuilds each step's cohorts as far back as its window, as a full rebuild has them", async () => {
    const today = localDate(NOW, TZ);
    const cohorts = async () =>
      (
        await sql<{ day: string; stage: string; reached: number; converted: number }>`
          select day::text as day, stage, reached, converted from daily_funnel_cohort_rollup order by day, stage`.execute(
          h.dbs.api,
        )
      ).rows;
    // People who first reached `stage` `daysAgo` days ago and never reached `next`: each reaches it now, inside the window.
    const convertNow = async (stage: FunnelStageName, next: FunnelStep, daysAgo: number): Promise<number> => {
      const { start, end } = periodFromDates(addDays(today, -daysAgo), addDays(today, -daysAgo), TZ);
      const people = await sql<{ user_id: string }>`
        select distinct e.user_id from funnel_events e
        where e.stage = ${stage} and e.occurred_at >= ${start}::timestamptz and e.occurred_at < ${end}::timestamptz
          and e.user_id is not null
          and not exists (select 1 from funnel_events p where p.user_id = e.user_id and p.stage = ${stage} and p.occurred_at < ${start}::timestamptz)
          and not exists (select 1 from funnel_events n where n.user_id = e.user_id and n.stage = ${next})
        limit 3`.execute(h.dbs.api);
      if (people.rows.length > 0) {
        await h.dbs.api
          .insertInto('funnel_events')
          .values(people.rows.map((r) => ({ user_id: r.user_id, stage: next, occurred_at: NOW.toISOString() })))
          .execute();
      }
      return people.rows.length;
    };
    const before = await cohorts();
    // The longest window (a confirmed booking's lesson within 14 days) and a shorter one (a search's booking within 7).
    expect(await convertNow('booking_confirmed', 'lesson_completed', 10)).toBeGreaterThan(0);
    expect(await convertNow('search', 'booking_started', 5)).toBeGreaterThan(0);
    await refreshRollups(h.dbs.api, { from: today, to: today, timeZone: TZ, now: NOW });
    const incremental = await cohorts();
    const on = (rows: typeof before, day: string, stage: string) => rows.find((r) => r.day === day && r.stage === stage);
    expect(on(incremental, addDays(today, -10), 'booking_confirmed')?.converted).toBeGreaterThan(
      on(before, addDays(today, -10), 'booking_confirmed')?.converted ?? 0,
    );
    expect(on(incremental, addDays(today, -5), 'search')?.converted).toBeGreaterThan(
      on(before, addDays(today, -5), 'search')?.converted ?? 0,
    );
    const full = await refreshRollups(h.dbs.api, { timeZone: TZ, now: NOW });
    expect(full.full).toBe(true);
    expect(await cohorts()).toEqual(incremental);
  });
});

describe('search demand and the growth brief', () => {
  it('search demand = plain SQL over search_events; the planted zero-result searches lead their list', async () => {
    const report = await searchDemandReport(deps(), { preset: 'last_30_days' });
    const p = periodFromDates(report.from, report.to, TZ);
    const raw = await sql<{ query: string; occurred_at: string; results_count: number }>`
      select lower(btrim(query)) as query, occurred_at, results_count from search_events
      where occurred_at >= ${p.start}::timestamptz and occurred_at < ${p.end}::timestamptz`.execute(h.dbs.api);
    expect(report.totals.searches).toBe(raw.rows.length);
    const zero = new Map<string, number>();
    for (const r of raw.rows) if (r.results_count === 0) zero.set(r.query, (zero.get(r.query) ?? 0) + 1);
    expect(report.totals.zeroResultSearches).toBe([...zero.values()].reduce((a, b) => a + b, 0));
    const expected = [...zero].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20);
    expect(report.topZeroResultQueries.map((q) => [q.query, q.zeroResultSearches])).toEqual(expected);
    const planted = new Set<string>(Object.values(ZERO_RESULT_SEARCHES).flat());
    expect(report.topZeroResultQueries.slice(0, 5).every((q) => planted.has(q.query))).toBe(true);
    // Search → booking conversion is a share of judged searches: never above 100 %, young days excluded.
    expect(report.totals.convertedSearches).toBeLessThanOrEqual(report.totals.judgedSearches);
    expect(report.daily.filter((d) => !d.judged).length).toBe(SEARCH_CONVERSION_DAYS + 1);
    for (const [preset, days] of [
      ['last_7_days', 7],
      ['last_90_days', 90],
    ] as const) {
      const r = await searchDemandReport(deps(), { preset });
      expect(r.daily.length).toBe(days);
      for (const q of [...r.topQueries, ...r.topZeroResultQueries]) expect(q.conversionBps ?? 0).toBeLessThanOrEqual(10_000);
    }
  });

  it('search demand compares each window with as many days just before it, in total and query by query', async () => {
    const report = await searchDemandReport(deps(), { preset: 'last_30_days' });
    expect(report.previous).toMatchObject({ from: addDays(report.from, -30), to: addDays(report.from, -1) });
    // Up to the same time of day on the window's last day, as the period has only part of today.
    const until = report.previous?.until;
    if (!until) throw new Error('a window ending today is compared up to the same time of day');
    const p = { ...periodFromDates(addDays(report.from, -30), addDays(report.from, -1), TZ), end: until };
    const raw = await sql<{ query: string; results_count: number }>`
      select lower(btrim(query)) as query, results_count from search_events
      where occurred_at >= ${p.start}::timestamptz and occurred_at < ${p.end}::timestamptz`.execute(h.dbs.api);
    expect(raw.rows.length).toBeGreaterThan(0);
    expect(report.previous?.totals.searches).toBe(raw.rows.length);
    expect(report.previous?.totals.zeroResultSearches).toBe(raw.rows.filter((r) => r.results_count === 0).length);
    // The window before is old enough to judge whole; today's is not.
    expect(report.previous?.totals.judgedSearches).toBe(raw.rows.length);
    const count = (query: string, zeroOnly: boolean) =>
      raw.rows.filter((r) => r.query === query && (!zeroOnly || r.results_count === 0)).length;
    for (const q of [...report.topQueries, ...report.topZeroResultQueries]) {
      expect([q.query, q.previousSearches, q.previousZeroResultSearches]).toEqual([
        q.query,
        count(q.query, false),
        count(q.query, true),
      ]);
    }
    // A window's own figures are not changed by reading the one before beside it.
    const alone = await searchDemandBetween(deps(), report.from, report.to);
    expect(alone.previous).toBeNull();
    expect(alone.totals).toEqual(report.totals);
    expect(alone.topQueries.map((q) => [q.query, q.searches, q.previousSearches])).toEqual(
      report.topQueries.map((q) => [q.query, q.searches, null]),
    );
  });

  it('search demand reads the period and comparison the exec picked, as every other report does', async () => {
    const month = await searchDemandReport(deps(), { preset: 'this_month', compare: 'none' });
    expect(month.from).toBe(`${localDate(NOW, TZ).slice(0, 8)}01`);
    expect(month.previous).toBeNull();
    const custom = await searchDemandReport(deps(), { preset: 'custom', from: '2026-10-05', to: '2026-10-11', compare: 'week' });
    expect([custom.from, custom.to, custom.days]).toEqual(['2026-10-05', '2026-10-11', 7]);
    expect(custom.previous).toMatchObject({ from: '2026-09-28', to: '2026-10-04' });
    await expect(
      searchDemandReport(deps(), { preset: 'custom', from: '2026-10-05', to: '2026-10-18', compare: 'week' }),
    ).rejects.toThrow(/^compare: "Same period last week" needs a period of 7 days or fewer \(this one has 14\)/);
    const p = periodFromDates('2026-09-28', '2026-10-04', TZ);
    const raw = await sql<{ n: number }>`
      select count(*)::int as n from search_events
      where occurred_at >= ${p.start}::timestamptz and occurred_at < ${p.end}::timestamptz`.execute(h.dbs.api);
    expect(custom.previous?.totals.searches).toBe(raw.rows[0]?.n);
  });

  it('today is compared with yesterday up to the same time of day on the brief and search demand, as on the command centre', async () => {
    const { yesterdayStart, yesterdaySameTime } = yesterdayByNow(NOW, TZ);
    const yesterday = periodFromDates(localDate(yesterdayStart, TZ), localDate(yesterdayStart, TZ), TZ);
    const byNow = { ...yesterday, end: yesterdaySameTime.toISOString() };
    const brief = await briefReport(deps(), { preset: 'today', compare: 'previous_period' });
    expect(brief.comparisonUntil).toBe(yesterdaySameTime.toISOString());
    const previous = (metric: string) => brief.headlines.find((x) => x.metric === metric)?.previous;
    // The command centre's count of yesterday's signups by now, not the whole of yesterday.
    const [signups] = await countSignups(h.dbs.api, [{ start: yesterdayStart, end: yesterdaySameTime }]);
    expect(previous('signups')).toBe(signups);
    const raw = await rawRevenue(yesterday, { from: yesterday.start, asOf: yesterdaySameTime.toISOString() });
    expect([previous('gmv'), previous('bookings')]).toEqual([raw.total.gmv, raw.total.bookings]);
    const searches = await sql<{ n: number; zero: number }>`
      select count(*)::int as n, (count(*) filter (where results_count = 0))::int as zero from search_events
      where occurred_at >= ${byNow.start}::timestamptz and occurred_at < ${byNow.end}::timestamptz`.execute(h.dbs.api);
    expect(previous('zeroResultSearches')).toBe(searches.rows[0]?.zero);
    const search = await searchDemandReport(deps(), { preset: 'today' });
    expect(search.previous?.until).toBe(yesterdaySameTime.toISOString());
    expect(search.previous?.totals.searches).toBe(searches.rows[0]?.n);
    // A rate of cohorts too young to judge is missing for that reason, on both sides.
    expect(brief.headlines.find((x) => x.metric === 'stepConversion')).toMatchObject({
      value: null,
      previous: null,
      missing: { value: 'too_young', previous: 'too_young' },
    });
    // A period of whole days is compared with whole days.
    expect((await briefReport(deps(), { preset: 'yesterday' })).comparisonUntil).toBeNull();
  });

  it('the brief shows the spike as a highlight, the dip as a concern, nothing else, and the zero-result searches', async () => {
    const report = await briefReport(deps(), { preset: 'last_30_days', compare: 'previous_period' });
    const spikeDay = addDays(localDate(NOW, TZ), -REVENUE_SPIKE.daysAgo);
    expect(report.highlights.some((i) => i.text.startsWith(`Revenue spike on ${spikeDay}`))).toBe(true);
    expect(report.concerns.map((i) => i.stage)).toContain('booking_confirmed');
    expect(report.concerns.filter((i) => i.stage !== undefined && i.stage !== 'booking_confirmed')).toEqual([]);
    for (const i of [...report.highlights, ...report.concerns]) {
      expect(i.significant).toBe(true);
      expect(i.href).toMatch(/^\/(revenue|funnel)\?preset=last_30_days/);
      expect(i.effect).toBeDefined();
    }
    expect(report.headlines.map((x) => x.metric)).toEqual([
      'gmv',
      'netRevenue',
      'bookings',
      'signups',
      'stepConversion',
      'searchConversion',
      'zeroResultSearches',
    ]);
    // Only the step conversion has a test of its change; the other tiles are figures, not claims.
    expect(report.headlines.filter((x) => x.significant !== null).map((x) => x.metric)).toEqual(['stepConversion']);
    const planted = new Set<string>(Object.values(ZERO_RESULT_SEARCHES).flat());
    // Only the step conversion has a test of its change; the other tiles are figures, not claims.
    expect(report.headlines.filter((x) => x.significant !== null).map((x) => x.metric)).toEqual(['stepConversion']);
    expect(report.topZeroResultQueries.length).toBe(5);
    expect(report.topZeroResultQueries.every((q) => planted.has(q.query))).toBe(true);
  });
});

describe('the brief tells a rate change with its test', () => {
  it("marks the step conversion tile as the funnel's test judges its change: a change within its 95 % CI of zero passes none", async () => {
    const inputs = PERIOD_PRESETS.filter((p) => p !== 'custom').flatMap((preset) =>
      (['previous_period', 'year'] as const).map((compare) => ({ preset, compare })),
    );
    const seen = new Set<boolean | null>();
    for (const input of inputs) {
      const [brief, page, budget] = await Promise.all([
        briefReport(deps(), input),
        exec.funnel.report(input),
        funnelReport(deps(), input, { errorRate: INSIGHT_ERROR_RATE / 2 }),
      ]);
      const tile = brief.headlines.find((x) => x.metric === 'stepConversion');
      const stage = page.stages.find((s) => s.stage === 'booking_confirmed');
      const tested = budget.stages.find((s) => s.stage === 'booking_confirmed');
      const label = JSON.stringify(input);
      seen.add(tile?.significant ?? null);
      if (tile?.value === null || tile?.previous === null) {
        expect(tile.significant, label).toBeNull();
        continue;
      }
      // The same test as the funnel's, under the brief's share of the error rate (its header's promise).
      expect(tile?.significant, label).toBe(tested?.significant);
      if ((stage?.changeLowBps ?? -1) <= 0 && (stage?.changeHighBps ?? 1) >= 0) expect(tile?.significant, label).toBe(false);
    }
    expect(seen.has(false)).toBe(true);
  });
});

describe('a comparison before the first data claims no change', () => {
  /** Each source's first business day, from the raw tables, bucketed in JS. */
  async function rawFirstDays(): Promise<{ revenue: string; funnel: string; searches: string; lessons: string }> {
    const r = await sql<{ lesson: string; funnel: string; search: string }>`
      select (select min(lesson_start) from bookings where status = 'completed') as lesson,
        (select min(occurred_at) from funnel_events where user_id is not null) as funnel,
        (select min(occurred_at) from search_events) as search`.execute(h.dbs.api);
    const x = r.rows[0];
    if (!x) throw new Error('no row');
    const lessons = localDate(x.lesson, TZ);
    // Revenue's first day is its first completed lesson's, or an earlier refund or charge: the rollup's own first row.
    const revenue = await sql<{ day: string }>`select min(day)::text as day from daily_revenue_rollup`.execute(h.dbs.api);
    return { revenue: revenue.rows[0]?.day ?? '', funnel: localDate(x.funnel, TZ), searches: localDate(x.search, TZ), lessons };
  }

  it('each report names the first day of its data, as the raw tables have it', async () => {
    const first = await rawFirstDays();
    expect(first.revenue <= first.lessons).toBe(true);
    const input = { preset: 'last_30_days' } as const;
    expect((await exec.revenue.report(input)).firstDataDay).toBe(first.revenue);
    expect((await exec.funnel.report(input)).firstDataDay).toBe(first.funnel);
    expect((await searchDemandReport(deps(), input)).firstDataDay).toBe(first.searches);
    const supply = await exec.supply.report(input);
    expect([supply.firstDataDay, supply.firstSearchDay]).toEqual([first.lessons, first.searches]);
  });

  it('the last 90 days against a year before, when there was no marketplace yet: no change on the brief or the revenue page', async () => {
    const input = { preset: 'last_90_days', compare: 'year' } as const;
    const first = await rawFirstDays();
    const brief = await briefReport(deps(), input);
    const from = brief.comparison?.from ?? '';
    expect(from < first.revenue && from < first.funnel && from < first.searches).toBe(true);
    for (const h of brief.headlines) {
      expect({ metric: h.metric, previous: h.previous, changeBps: h.changeBps, missing: h.missing.previous }).toEqual({
        metric: h.metric,
        previous: null,
        changeBps: null,
        missing: 'before_data',
      });
      expect(h.value).not.toBeNull();
    }
    expect(brief.headlines.find((h) => h.metric === 'gmv')?.firstDataDay).toBe(first.revenue);
    expect(brief.headlines.find((h) => h.metric === 'signups')?.firstDataDay).toBe(first.funnel);
    expect(brief.headlines.find((h) => h.metric === 'zeroResultSearches')?.firstDataDay).toBe(first.searches);
    // No claim against the comparison: neither revenue up or down, nor a funnel step's change.
    for (const i of [...brief.highlights, ...brief.concerns]) expect(i.text).not.toMatch(/comparison period/);
    const revenue = await exec.revenue.report(input);
    expect(Object.values(revenue.changes).every((c) => c === null)).toBe(true);
    expect(revenue.previous).not.toBeNull();
    expect(revenue.insights.map((i) => i.text)).toContain(
      `No change against the comparison period is claimed: it starts on ${from}, before the first revenue (${first.revenue}).`,
    );
    // The chart's comparison line has no points before the first revenue (not $0 days), and the categories no total.
    const compared = revenue.daily.filter((d) => d.previousDay !== null);
    expect(compared.some((d) => (d.previousDay ?? '') < first.revenue)).toBe(true);
    for (const d of compared) expect(d.previousGmvCents === null).toBe((d.previousDay ?? '') < first.revenue);
    expect(revenue.byCategory.every((c) => c.previousGmvCents === null)).toBe(true);
    const funnel = await exec.funnel.report(input);
    expect(funnel.stages.every((s) => s.previousUsers === null && s.previousStepConversionBps === null)).toBe(true);
  });

  it('a revenue period wholly before the first revenue says so instead of nothing standing out', async () => {
    const first = await rawFirstDays();
    const month = addMonths(`${first.revenue.slice(0, 7)}-01`, -1);
    const report = await exec.revenue.report({
      preset: 'custom',
      from: month,
      to: addDays(addMonths(month, 1), -1),
      compare: 'none',
    });
    expect(report.period.to < first.revenue).toBe(true);
    expect(report.insights.map((i) => [i.tone, i.text])).toEqual([
      ['info', `No revenue was recorded in this period: no data before ${first.revenue}.`],
    ]);
    // A period that reaches the first revenue day is observed: no such note.
    const reaching = await exec.revenue.report({ preset: 'custom', from: month, to: first.revenue, compare: 'none' });
    expect(reaching.insights.some((i) => i.text.startsWith('No revenue was recorded'))).toBe(false);
  });

  it('a comparison wholly after the first data still tells its change', async () => {
    const brief = await briefReport(deps(), { preset: 'last_30_days', compare: 'previous_period' });
    for (const h of brief.headlines) {
      expect(h.missing.previous).not.toBe('before_data');
      if (h.unit !== 'bps') expect(h.changeBps).not.toBeNull();
    }
    const revenue = await exec.revenue.report({ preset: 'last_30_days', compare: 'previous_period' });
    expect(revenue.changes.gmvCents).not.toBeNull();
    expect(revenue.insights.some((i) => i.text.startsWith('No change against the comparison period'))).toBe(false);
    const funnel = await exec.funnel.report({ preset: 'last_30_days', compare: 'previous_period' });
    expect(funnel.stages.every((s) => s.previousUsers !== null)).toBe(true);
  });

  it('search demand and supply name the first day a comparison or a period starts before', async () => {
    const first = await rawFirstDays();
    // A month of searches against the same month a year before the first search.
    const month = addMonths(`${first.searches.slice(0, 7)}-01`, 12);
    const to = addDays(addMonths(month, 1), -1);
    const search = await searchDemandReport(deps(), { preset: 'custom', from: month, to, compare: 'year' });
    expect(search.previous?.from).toBe(addMonths(month, -12));
    expect((search.previous?.from ?? '') < (search.firstDataDay ?? '')).toBe(true);
    expect(search.firstDataDay).toBe(first.searches);
    // No query reads as new demand against days before the first search.
    expect(search.topQueries.length).toBeGreaterThan(0);
    for (const q of [...search.topQueries, ...search.topZeroResultQueries])
      expect([q.previousSearches, q.previousZeroResultSearches]).toEqual([null, null]);
    const brief = await briefReport(deps(), { preset: 'custom', from: month, to, compare: 'year' });
    expect(brief.headlines.find((h) => h.metric === 'zeroResultSearches')?.missing.previous).toBe('before_data');
    // The same month against the month before it, once there were searches, still compares query by query.
    const after = await searchDemandReport(deps(), { preset: 'custom', from: month, to, compare: 'previous_period' });
    expect(after.topQueries.every((q) => q.previousSearches !== null)).toBe(true);
    // A month wholly before the first completed lesson.
    const before = addMonths(`${first.lessons.slice(0, 7)}-01`, -1);
    const supply = await exec.supply.report({ preset: 'custom', from: before, to: addDays(addMonths(before, 1), -1) });
    expect(supply.period.to < (supply.firstDataDay ?? '')).toBe(true);
    expect(supply.activeInstructors).toBe(0);
    // The last 90 days against a year before: no change in active instructors, utilisation or hours.
    const year = await exec.supply.report({ preset: 'last_90_days', compare: 'year' });
    expect((year.comparison?.from ?? '') < first.lessons).toBe(true);
    expect([year.previousActiveInstructors, year.previousUtilisationBps, year.previousHoursPerActiveInstructorX100]).toEqual([
      null,
      null,
      null,
    ]);
    expect(year.activeInstructors).toBeGreaterThan(0);
  });
});
