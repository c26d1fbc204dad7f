import { sql, type Selectable } from 'kysely';
import type { DailyRevenueRollupTable, Db } from '@ops/db';
import {
  FUNNEL_STEPS,
  FUNNEL_WINDOW_DAYS,
  INSIGHT_ERROR_RATE,
  addDays,
  addMonths,
  previousStage,
  shortSha,
  utilisationBps,
  ratioBps,
  type FunnelCohortDay,
  comparisonBeforeData,
  noDataBefore,
  periodBeforeData,
  comparisonPeriod,
  comparisonUntil,
  startOfDayInstant,
  daysOf,
  localDate,
  PeriodInputError,
  resolvePeriod,
  type Annotation,
  type AnalyticsPeriodInput,
  type CategoryRevenue,
  type CohortCell,
  type CohortRow,
  type CohortsReport,
  type Insight,
  type FunnelDay,
  type FunnelReport,
  type FunnelStageName,
  type FunnelStep,
  type LiabilitiesReport,
  type ResolvedPeriod,
  type RevenueDay,
  type RevenueReport,
  type ServiceRevenue,
  type SupplyReport,
} from '@ops/shared';
import { DomainError } from '../errors.js';
import { analyseFunnel } from './funnel-insights.js';
import { ZERO_SUMS, addSums, revenueChanges, revenueInsights, revenueTotals, type RevenueSums } from './maths.js';
import { funnelRollupSelect, revenueRollupSelect, rollupsAsOf, type RollupVersion } from './rollups.js';

/**
 * What every report needs: the analytics pool to read, the zone and the clock. `write` (the primary) is for
 * reports that record something; the rollups themselves are only written by the worker's refresher.
 */
export interface ReportDeps {
  analytics: Db;
  write: Db;
  timeZone: string;
  now: Date;
  /** The rollups' version read before this report (report-cache.ts): its freshness is the one the report states. */
  asOf?: RollupVersion;
}

/** When the rollups a report reads were refreshed: the version read before it, else read now. */
export function asOfOf(deps: ReportDeps, name: 'daily' | 'cohorts' = 'daily'): Promise<string | null> {
  return deps.asOf ? Promise.resolve(deps.asOf[name]) : rollupsAsOf(deps.analytics, deps.timeZone, name);
}

export function periods(
  deps: Pick<ReportDeps, 'now' | 'timeZone'>,
  input: AnalyticsPeriodInput,
): { period: ResolvedPeriod; comparison: ResolvedPeriod | null } {
  try {
    const period = resolvePeriod(input, deps.now, deps.timeZone);
    const comparison = comparisonPeriod(period, input.compare ?? 'previous_period', deps.timeZone);
    return { period, comparison };
  } catch (e) {
    throw e instanceof PeriodInputError ? new DomainError('BAD_REQUEST', e.message) : e;
  }
}

/**
 * The instant a report's figures of today are as of: the last refresh of the rollups it reads, taken within today and
 * never after now (rollups not built yet: now). A period that ends today is compared up to the same time of day as
 * this (comparisonUntil), so a cached report stays right for as long as its rollups are unchanged.
 */
export function figuresAsOf(deps: Pick<ReportDeps, 'now' | 'timeZone'>, dataAsOf: string | null): Date {
  const now = deps.now.getTime();
  const todayStart = startOfDayInstant(localDate(deps.now, deps.timeZone), deps.timeZone).getTime();
  return new Date(Math.max(todayStart, dataAsOf === null ? now : Math.min(Date.parse(dataAsOf), now)));
}

/**
 * Where a comparison is read: its days before the last from the rollup, and the last either whole from the rollup or,
 * when the comparison stops at `until` (a period ending today, see comparisonUntil), live from its start to `until`.
 */
export interface ComparisonWindow {
  from: string;
  to: string;
  until: string | null;
}
export function comparisonWindow(
  deps: Pick<ReportDeps, 'now' | 'timeZone'>,
  period: ResolvedPeriod,
  comparison: ResolvedPeriod | null,
  dataAsOf: string | null,
): ComparisonWindow | null {
  if (comparison === null) return null;
  return {
    from: comparison.from,
    to: comparison.to,
    until: comparisonUntil(period, comparison, figuresAsOf(deps, dataAsOf), deps.timeZone),
  };
}

/**
 * The comparison's rows: whole days from the rollup, its cut last day (if any) read live by `live`: the day
 * [start, end) as it stood at `until`, counting only what had happened by then, as the period's today counts what has
 * happened by its figures' instant (for events, those before `until`; for lessons, those completed by then).
 */
async function comparisonRows<T>(
  deps: Pick<ReportDeps, 'timeZone'>,
  w: ComparisonWindow,
  rollup: (from: string, to: string) => Promise<T[]>,
  live: (start: string, until: string, end: string) => Promise<T[]>,
): Promise<T[]> {
  if (w.until === null) return rollup(w.from, w.to);
  const lastStart = startOfDayInstant(w.to, deps.timeZone).toISOString();
  const lastEnd = startOfDayInstant(addDays(w.to, 1), deps.timeZone).toISOString();
  const [whole, part] = await Promise.all([
    w.from < w.to ? rollup(w.from, addDays(w.to, -1)) : Promise.resolve([]),
    live(lastStart, w.until, lastEnd),
  ]);
  return [...whole, ...part];
}

interface RevenueRow extends RevenueSums {
  day: string;
  serviceId: string;
  categoryId: string;
}

async function revenueRows(db: Db, from: string, to: string): Promise<RevenueRow[]> {
  const rows = await db
    .selectFrom('daily_revenue_rollup')
    .select([
      'day',
      'service_id',
      'category_id',
      'bookings',
      'gmv_cents',
      'platform_fee_cents',
      'payouts_cents',
      'refunds',
      'refunds_cents',
      'gmv_refunds_cents',
      'charges',
      'charges_kept_cents',
      'charge_fee_cents',
    ])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
  return rows.map(toRevenueRow);
}

/** A daily revenue rollup row, stored or computed live (where sums come back as numeric strings), as a RevenueRow. */
function toRevenueRow(x: Selectable<DailyRevenueRollupTable>): RevenueRow {
  return {
    day: x.day,
    serviceId: x.service_id,
    categoryId: x.category_id,
    bookings: Number(x.bookings),
    gmvCents: Number(x.gmv_cents),
    platformFeeCents: Number(x.platform_fee_cents),
    payoutsCents: Number(x.payouts_cents),
    refunds: Number(x.refunds),
    refundsCents: Number(x.refunds_cents),
    gmvRefundsCents: Number(x.gmv_refunds_cents),
    charges: Number(x.charges),
    chargesKeptCents: Number(x.charges_kept_cents),
    chargeFeeCents: Number(x.charge_fee_cents),
  };
}

/** The same rows read live for the days in [start, end) as they stood at `asOf`, which the daily rollup cannot answer. */
async function revenueRowsLive(db: Db, tz: string, start: string, end: string, asOf: string): Promise<RevenueRow[]> {
  const r = await revenueRollupSelect(tz, start, end, asOf).execute(db);
  return (r.rows as Array<Selectable<DailyRevenueRollupTable>>).map(toRevenueRow);
}

function sumBy<K>(rows: RevenueRow[], key: (r: RevenueRow) => K): Map<K, RevenueSums> {
  const out = new Map<K, RevenueSums>();
  for (const r of rows) out.set(key(r), addSums(out.get(key(r)) ?? ZERO_SUMS, r));
  return out;
}

/** A report's annotations in day order: staff actions (from the rollup) first on a day, then its deploys. */
export function byAnnotationDay(annotations: Annotation[]): Annotation[] {
  return annotations.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/**
 * Deploys in the period as annotations: read live (the deploys table is not a rollup), on every cached report too. Each
 * deploy's business day is computed by the database, as the rollups' days are (per row in JS it cost more than the
 * rest of a cached report).
 */
export async function deployAnnotations(
  deps: Pick<ReportDeps, 'analytics' | 'timeZone'>,
  period: ResolvedPeriod,
): Promise<Annotation[]> {
  const deploys = await deps.analytics
    .selectFrom('deploys')
    .select(['id', 'service', 'version', 'sha', sql<string>`(deployed_at at time zone ${deps.timeZone})::date::text`.as('day')])
    .where('deployed_at', '>=', period.start)
    .where('deployed_at', '<', period.end)
    .orderBy('deployed_at')
    .limit(500)
    .execute();
  return deploys.map((d): Annotation => ({
    day: d.day,
    kind: 'deploy',
    label: `Deploy ${d.service} ${d.version} (${shortSha(d.sha)})`,
    count: 1,
    auditId: null,
    deployId: d.id,
  }));
}

type StaffActionKind = Exclude<Annotation['kind'], 'deploy'>;
const ALL_STAFF_ACTIONS: readonly StaffActionKind[] = ['refund', 'suspension', 'communication'];
/** What can move sign-ups and bookings: staff refunds move revenue, not the funnel, so its chart leaves them out. */
export const FUNNEL_STAFF_ACTIONS: readonly StaffActionKind[] = ['suspension', 'communication'];

/** A report's markers: the staff actions of `kinds` (from their rollup) and every deploy of the period. */
export async function annotations(
  deps: ReportDeps,
  period: ResolvedPeriod,
  kinds: readonly StaffActionKind[] = ALL_STAFF_ACTIONS,
): Promise<Annotation[]> {
  const [actions, deploys] = await Promise.all([
    deps.analytics
      .selectFrom('daily_annotation_rollup')
      .select(['day', 'kind', 'actions', 'first_audit_id'])
      .where('day', '>=', period.from)
      .where('day', '<=', period.to)
      .where('kind', 'in', kinds)
      .orderBy('day')
      .execute(),
    deployAnnotations(deps, period),
  ]);
  const label = {
    refund: 'Refunds issued by staff',
    suspension: 'Instructor suspensions',
    communication: 'Communications sent',
  } as const;
  const out: Annotation[] = actions.map((a) => ({
    day: a.day,
    kind: a.kind,
    label: `${label[a.kind]} (${a.actions})`,
    count: a.actions,
    auditId: a.first_audit_id,
    deployId: null,
  }));
  return byAnnotationDay([...out, ...deploys]);
}

/** The sources a report's figures come from, each with a first day of data (see comparisonBeforeData). */
export type DataSource = 'revenue' | 'funnel' | 'searches' | 'lessons' | 'bookings' | 'money';
const ROLLUP_OF = {
  revenue: 'daily_revenue_rollup',
  funnel: 'daily_funnel_rollup',
  searches: 'daily_search_query_rollup',
} as const;

/**
 * The first business day a source has data for; null while it has none. Each is one index probe, not a scan: the
 * daily rollups' primary keys lead with the day, completed lessons are read in lesson_start order from its index, and
 * bookings (by the day they were made) from bookings_created_idx. The marketplace's money (what it owes) starts with
 * its first booking or its first credit (a promotion may come first), read from their created_at indexes.
 */
export async function firstDataDay(deps: Pick<ReportDeps, 'analytics' | 'timeZone'>, source: DataSource): Promise<string | null> {
  const q =
    source === 'lessons'
      ? sql<{ day: string | null }>`
          select (min(lesson_start) at time zone ${deps.timeZone})::date::text as day from bookings where status = 'completed'`
      : source === 'bookings'
        ? sql<{ day: string | null }>`
          select (min(created_at) at time zone ${deps.timeZone})::date::text as day from bookings`
        : source === 'money'
          ? sql<{ day: string | null }>`
          select (least((select min(created_at) from bookings), (select min(created_at) from credit_ledger))
            at time zone ${deps.timeZone})::date::text as day`
          : sql<{ day: string | null }>`select min(day)::text as day from ${sql.table(ROLLUP_OF[source])}`;
  const r = await q.execute(deps.analytics);
  return r.rows[0]?.day ?? null;
}

export async function revenueReport(
  deps: ReportDeps,
  input: AnalyticsPeriodInput,
  opts: { errorRate?: number } = {},
): Promise<RevenueReport> {
  const { period, comparison } = periods(deps, input);
  const dataAsOf = await asOfOf(deps);
  const window = comparisonWindow(deps, period, comparison, dataAsOf);
  const [rows, prevRows, cats, services, notes, firstDay] = await Promise.all([
    revenueRows(deps.analytics, period.from, period.to),
    window === null
      ? Promise.resolve(null)
      : comparisonRows(
          deps,
          window,
          (from, to) => revenueRows(deps.analytics, from, to),
          (start, until, end) => revenueRowsLive(deps.analytics, deps.timeZone, start, end, until),
        ),
    deps.analytics.selectFrom('service_categories').select(['id', 'name']).orderBy('name').execute(),
    deps.analytics.selectFrom('services').select(['id', 'name', 'category_id']).execute(),
    annotations(deps, period),
    firstDataDay(deps, 'revenue'),
  ]);
  const totals = revenueTotals([...sumBy(rows, () => 0).values()][0] ?? ZERO_SUMS);
  const previous = prevRows === null ? null : revenueTotals([...sumBy(prevRows, () => 0).values()][0] ?? ZERO_SUMS);

  const byDay = sumBy(rows, (r) => r.day);
  const prevByDay = prevRows === null ? null : sumBy(prevRows, (r) => r.day);
  const prevDays = comparison ? daysOf(comparison) : [];
  const today = localDate(deps.now, deps.timeZone);
  const daily: RevenueDay[] = daysOf(period).map((day, i) => {
    const t = revenueTotals(byDay.get(day) ?? ZERO_SUMS);
    const pDay = prevDays[i] ?? null;
    // A comparison day before the first revenue is no data, not a day of $0 (comparisonBeforeData's rule, per day).
    const observed = pDay !== null && firstDay !== null && pDay >= firstDay;
    const p = !observed || prevByDay === null ? null : (prevByDay.get(pDay) ?? ZERO_SUMS);
    return {
      day,
      bookings: t.bookings,
      gmvCents: t.gmvCents,
      platformFeeCents: t.platformFeeCents,
      payoutsCents: t.payoutsCents,
      refundsCents: t.refundsCents,
      netRevenueCents: t.netRevenueCents,
      previousDay: pDay,
      previousGmvCents: p === null ? null : p.gmvCents,
      previousPlatformFeeCents: p === null ? null : p.platformFeeCents,
      partial: day === today,
    };
  });

  const comparedBeforeData = comparisonBeforeData(comparison?.from, firstDay);
  const byCat = sumBy(rows, (r) => r.categoryId);
  const prevByCat = prevRows === null ? null : sumBy(prevRows, (r) => r.categoryId);
  const byCategory: CategoryRevenue[] = cats
    .map((c) => {
      const t = revenueTotals(byCat.get(c.id) ?? ZERO_SUMS);
      return {
        categoryId: c.id,
        name: c.name,
        bookings: t.bookings,
        gmvCents: t.gmvCents,
        platformFeeCents: t.platformFeeCents,
        takeRateBps: t.takeRateBps,
        // A comparison that starts before the first revenue has no total to set beside this one.
        previousGmvCents: prevByCat === null || comparedBeforeData ? null : (prevByCat.get(c.id)?.gmvCents ?? 0),
      };
    })
    .sort((a, b) => b.gmvCents - a.gmvCents || a.name.localeCompare(b.name));

  const catName = new Map(cats.map((c) => [c.id, c.name]));
  const serviceInfo = new Map(services.map((s) => [s.id, s]));
  const topServices: ServiceRevenue[] = [...sumBy(rows, (r) => r.serviceId)]
    .filter(([, s]) => s.bookings > 0)
    .map(([id, s]) => ({
      serviceId: id,
      name: serviceInfo.get(id)?.name ?? id,
      categoryName: catName.get(serviceInfo.get(id)?.category_id ?? '') ?? '',
      bookings: s.bookings,
      gmvCents: s.gmvCents,
    }))
    .sort((a, b) => b.gmvCents - a.gmvCents || a.serviceId.localeCompare(b.serviceId))
    .slice(0, 10);

  // A period wholly before the first revenue was not observed: its zeros are said to be no data, not "nothing stands out".
  const unobserved: Insight[] = periodBeforeData(period.to, firstDay)
    ? [{ tone: 'info', text: `No revenue was recorded in this period: ${noDataBefore(firstDay)}.` }]
    : [];
  return {
    timeZone: deps.timeZone,
    period,
    comparison,
    comparisonUntil: window?.until ?? null,
    totals,
    previous,
    // The same rule as the insights': no change is claimed against a comparison that starts before the first revenue.
    changes: revenueChanges(totals, comparedBeforeData ? null : previous),
    daily,
    byCategory,
    topServices,
    insights: [
      ...unobserved,
      ...revenueInsights(
        daily,
        totals,
        previous,
        prevByDay === null
          ? null
          : {
              gmvCents: prevDays.map((d) => prevByDay.get(d)?.gmvCents ?? 0),
              refundsCents: prevDays.map((d) => prevByDay.get(d)?.refundsCents ?? 0),
            },
        {
          href: pageHref('/revenue', input),
          errorRate: opts.errorRate,
          observed: { firstDay, comparisonFrom: comparison?.from ?? null },
          runningDays: period.to >= today ? daily.length : null,
        },
      ),
    ],
    annotations: notes,
    dataAsOf,
    firstDataDay: firstDay,
  };
}

const emptyStages = (): Record<FunnelStageName, number> => ({
  signup: 0,
  email_verified: 0,
  search: 0,
  booking_started: 0,
  booking_confirmed: 0,
  lesson_completed: 0,
});

async function funnelRowsOf(
  db: Db,
  from: string,
  to: string,
): Promise<Array<{ day: string; stage: FunnelStageName; users: number }>> {
  return db
    .selectFrom('daily_funnel_rollup')
    .select(['day', 'stage', 'users'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

/** The same rows read live for [start, end): a part of a day, which the daily rollup cannot answer. */
async function funnelRowsLive(
  db: Db,
  tz: string,
  start: string,
  end: string,
): Promise<Array<{ day: string; stage: FunnelStageName; users: number }>> {
  const r = await sql<{ day: string; stage: FunnelStageName; users: number }>`${funnelRollupSelect(tz, start, end)}`.execute(db);
  return r.rows;
}

async function funnelCohortRowsOf(
  db: Db,
  from: string,
  to: string,
): Promise<Array<{ day: string; stage: FunnelStageName; reached: number; converted: number }>> {
  return db
    .selectFrom('daily_funnel_cohort_rollup')
    .select(['day', 'stage', 'reached', 'converted'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

/** Whether a day's cohort of a step can be judged on `today`: its whole window has passed. */
export function isMature(day: string, step: FunnelStep, today: string): boolean {
  return addDays(day, FUNNEL_WINDOW_DAYS[step] + 1) <= today;
}

/** Cohort days of a period: each step's cohort by the day its people reached the stage before, marked when too young. */
export function cohortDays(
  period: Pick<ResolvedPeriod, 'from' | 'to'>,
  rows: ReadonlyArray<{ day: string; stage: FunnelStageName; reached: number; converted: number }>,
  today: string,
): FunnelCohortDay[] {
  const byKey = new Map(rows.map((r) => [`${r.day}|${r.stage}`, r]));
  return daysOf(period).map((day) => {
    const steps = {} as FunnelCohortDay['steps'];
    for (const step of FUNNEL_STEPS) {
      const r = byKey.get(`${day}|${previousStage(step)}`);
      steps[step] = {
        reached: r?.reached ?? 0,
        converted: r?.converted ?? 0,
        mature: isMature(day, step, today),
      };
    }
    return { day, steps };
  });
}

/** The app path of a report page for this period: where an insight's chart is. */
export function pageHref(path: string, input: AnalyticsPeriodInput): string {
  const q = new URLSearchParams();
  q.set('preset', input.preset ?? 'last_30_days');
  q.set('compare', input.compare ?? 'previous_period');
  if (input.preset === 'custom') {
    if (input.from) q.set('from', input.from);
    if (input.to) q.set('to', input.to);
  }
  return `${path}?${q.toString()}`;
}

export async function funnelReport(
  deps: ReportDeps,
  input: AnalyticsPeriodInput,
  opts: { errorRate?: number } = {},
): Promise<FunnelReport> {
  const { period, comparison } = periods(deps, input);
  const dataAsOf = await asOfOf(deps);
  const window = comparisonWindow(deps, period, comparison, dataAsOf);
  // Stage counts are compared up to the same time of day; step conversion is of judged cohorts, whole days only.
  const [rows, prevRows, cohortRows, prevCohortRows, notes, firstDay] = await Promise.all([
    funnelRowsOf(deps.analytics, period.from, period.to),
    window === null
      ? Promise.resolve(null)
      : comparisonRows(
          deps,
          window,
          (from, to) => funnelRowsOf(deps.analytics, from, to),
          (start, until) => funnelRowsLive(deps.analytics, deps.timeZone, start, until),
        ),
    funnelCohortRowsOf(deps.analytics, period.from, period.to),
    comparison ? funnelCohortRowsOf(deps.analytics, comparison.from, comparison.to) : Promise.resolve(null),
    annotations(deps, period, FUNNEL_STAFF_ACTIONS),
    firstDataDay(deps, 'funnel'),
  ]);
  // A comparison that starts before the first funnel event is not compared with (comparisonBeforeData).
  const compared = !comparisonBeforeData(comparison?.from, firstDay);
  const current = emptyStages();
  const byDay = new Map<string, Record<FunnelStageName, number>>();
  for (const r of rows) {
    current[r.stage] += r.users;
    const d = byDay.get(r.day) ?? emptyStages();
    d[r.stage] += r.users;
    byDay.set(r.day, d);
  }
  let previous: Record<FunnelStageName, number> | null = null;
  if (prevRows !== null && compared) {
    previous = emptyStages();
    for (const r of prevRows) previous[r.stage] += r.users;
  }
  const today = localDate(deps.now, deps.timeZone);
  const cohorts = cohortDays(period, cohortRows, today);
  const prevCohorts = comparison && prevCohortRows && compared ? cohortDays(comparison, prevCohortRows, today) : null;
  const analysis = analyseFunnel(cohorts, prevCohorts, {
    users: { current, previous },
    href: pageHref('/funnel', input),
    ...(periodBeforeData(period.to, firstDay) ? { beforeData: { firstDataDay: firstDay } } : {}),
    ...(opts.errorRate === undefined ? {} : { errorRate: opts.errorRate }),
  });
  const daily: FunnelDay[] = daysOf(period).map((day) => ({ day, users: byDay.get(day) ?? emptyStages() }));
  return {
    timeZone: deps.timeZone,
    period,
    comparison,
    comparisonUntil: window?.until ?? null,
    stages: analysis.stages,
    daily,
    cohorts,
    insights: analysis.insights,
    testing: { tests: analysis.tests, errorRate: opts.errorRate ?? INSIGHT_ERROR_RATE },
    annotations: notes,
    dataAsOf,
    firstDataDay: firstDay,
  };
}

/**
 * The cohorts from the first one observed: leading months that ended before the side's first data (periodBeforeData)
 * with no one in them are not empty cohorts but months nobody watched, so they are left out rather than shown as rows
 * of zeros; the page says where the cohorts start.
 */
function observedCohorts(rows: CohortRow[], firstDay: string | null): CohortRow[] {
  const start = rows.findIndex((r) => r.size > 0 || !periodBeforeData(addDays(addMonths(`${r.month}-01`, 1), -1), firstDay));
  return start < 0 ? [] : rows.slice(start);
}

export async function cohortsReport(deps: ReportDeps, months: number): Promise<CohortsReport> {
  const today = localDate(deps.now, deps.timeZone);
  const thisMonth = `${today.slice(0, 7)}-01`;
  const firstMonth = addMonths(thisMonth, -(months - 1));
  const [sizes, activity, dataAsOf, studentsFrom, instructorsFrom] = await Promise.all([
    deps.analytics
      .selectFrom('monthly_cohort_size')
      .select(['role', 'cohort_month', 'users'])
      .where('cohort_month', '>=', firstMonth)
      .execute(),
    deps.analytics
      .selectFrom('monthly_cohort_rollup')
      .select(['role', 'cohort_month', 'activity_month', 'users'])
      .where('cohort_month', '>=', firstMonth)
      .execute(),
    asOfOf(deps, 'cohorts'),
    // Students are active by the bookings they make, instructors by the lessons they complete.
    firstDataDay(deps, 'bookings'),
    firstDataDay(deps, 'lessons'),
  ]);
  const monthList: string[] = [];
  for (let m = firstMonth; m <= thisMonth; m = addMonths(m, 1)) monthList.push(m);
  const build = (role: 'student' | 'instructor', firstDay: string | null): CohortRow[] =>
    monthList.map((m, i) => {
      const size = sizes.find((s) => s.role === role && s.cohort_month === m)?.users ?? 0;
      const cells: CohortCell[] = [];
      for (let offset = 0; offset < monthList.length - i; offset++) {
        const am = addMonths(m, offset);
        // A month that ended before the source's first data was not observed: no one active then is not a zero.
        if (periodBeforeData(addDays(addMonths(am, 1), -1), firstDay)) {
          cells.push({ offset, users: null, rateBps: null, partial: am === thisMonth, beforeData: true });
          continue;
        }
        const users = activity.find((a) => a.role === role && a.cohort_month === m && a.activity_month === am)?.users ?? 0;
        cells.push({ offset, users, rateBps: ratioBps(users, size), partial: am === thisMonth, beforeData: false });
      }
      return { month: m.slice(0, 7), size, cells };
    });
  return {
    timeZone: deps.timeZone,
    months: monthList.map((m) => m.slice(0, 7)),
    students: observedCohorts(build('student', studentsFrom), studentsFrom),
    instructors: observedCohorts(build('instructor', instructorsFrom), instructorsFrom),
    firstDataDay: { students: studentsFrom, instructors: instructorsFrom },
    dataAsOf,
  };
}

/** The instructors a student can book now (see bookableByCategory), as a reusable condition on an instructor id. */
const BOOKABLE_NOW = sql`
  select u.id from users u
  join instructor_profiles ip on ip.user_id = u.id
  where u.role = 'instructor' and u.status = 'active'
    and (ip.background_check_status = 'passed' or ip.verification_override)
    and exists (select 1 from instructor_services isv where isv.instructor_id = u.id and isv.active)`;

/** Lesson hours per active instructor, ×100; null with nobody active. */
function hoursPerInstructorX100(a: { instructors: number; minutes: number }): number | null {
  return a.instructors === 0 ? null : Math.round((a.minutes * 100) / 60 / a.instructors);
}

/**
 * Instructors who taught a completed lesson in the period, and their lesson minutes. Utilisation's line is drawn over
 * one set: the instructors bookable now who had joined (account created) by the period's end, `bookable`, and of them
 * those who taught, `activeBookable`. So a comparison a year back does not count as idle then an instructor who
 * joined since, and the same set stands above and below the line. `asOf`: the period as it stood at that instant
 * (a comparison cut at the same time of day as now): lessons completed by then, instructors who had joined by then.
 */
async function activeInstructors(
  db: Db,
  p: Pick<ResolvedPeriod, 'start' | 'end'>,
  asOf: string | null = null,
): Promise<{ instructors: number; activeBookable: number; bookable: number; minutes: number }> {
  const r = await sql<{ instructors: number; active_bookable: number; bookable: number; minutes: number }>`
    with bookable as (
      select x.id from users x where x.id in (${BOOKABLE_NOW}) and x.created_at < ${asOf ?? p.end}::timestamptz
    )
    select count(distinct b.instructor_id)::int as instructors,
      (count(distinct b.instructor_id) filter (where b.instructor_id in (select id from bookable)))::int as active_bookable,
      (select count(*) from bookable)::int as bookable,
      coalesce(sum(b.duration_minutes), 0)::bigint as minutes
    from bookings b
    where b.status = 'completed' and b.lesson_start >= ${p.start}::timestamptz and b.lesson_start < ${p.end}::timestamptz
      and ${asOf === null ? sql`true` : sql`b.completed_at < ${asOf}::timestamptz`}`.execute(db);
  const x = r.rows[0];
  return {
    instructors: x?.instructors ?? 0,
    activeBookable: x?.active_bookable ?? 0,
    bookable: x?.bookable ?? 0,
    minutes: Number(x?.minutes ?? 0),
  };
}

/** Instructors a student can book now: active, background check passed (or overridden), with an active service. */
export async function bookableByCategory(db: Db): Promise<Array<{ categoryId: string | null; instructors: number }>> {
  const r = await sql<{ category_id: string | null; instructors: number }>`
    select grouping(s.category_id) = 1 as total, s.category_id, count(distinct u.id)::int as instructors
    from users u
    join instructor_profiles ip on ip.user_id = u.id
    join instructor_services isv on isv.instructor_id = u.id and isv.active
    join services s on s.id = isv.service_id
    where u.role = 'instructor' and u.status = 'active'
      and (ip.background_check_status = 'passed' or ip.verification_override)
    group by rollup (s.category_id)`.execute(db);
  return r.rows.map((x) => ({ categoryId: x.category_id, instructors: x.instructors }));
}

export async function supplyReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<SupplyReport> {
  const { period, comparison } = periods(deps, input);
  // Read live from bookings: a period ending today is compared as its comparison stood at the same time of its last day
  // (lessons completed by then, as today's are by now).
  const until = comparisonUntil(period, comparison, deps.now, deps.timeZone);
  const [active, prevActiveRead, bookable, searches, zero, cats, firstDay, firstSearchDay] = await Promise.all([
    activeInstructors(deps.analytics, period),
    comparison ? activeInstructors(deps.analytics, comparison, until) : Promise.resolve(null),
    bookableByCategory(deps.analytics),
    deps.analytics
      .selectFrom('daily_search_rollup')
      .select([
        'category_id',
        (eb) => eb.fn.sum<number>('searches').as('searches'),
        (eb) => eb.fn.sum<number>('zero_result_searches').as('zero'),
      ])
      .where('day', '>=', period.from)
      .where('day', '<=', period.to)
      .groupBy('category_id')
      .execute(),
    deps.analytics
      .selectFrom('daily_zero_search_rollup')
      .select(['query', 'category_id', (eb) => eb.fn.sum<number>('searches').as('searches')])
      .where('day', '>=', period.from)
      .where('day', '<=', period.to)
      .groupBy(['query', 'category_id'])
      .orderBy('searches', 'desc')
      .orderBy('query')
      .limit(10)
      .execute(),
    deps.analytics.selectFrom('service_categories').select(['id', 'name']).orderBy('name').execute(),
    firstDataDay(deps, 'lessons'),
    firstDataDay(deps, 'searches'),
  ]);
  // A comparison that starts before the first completed lesson tells no change (comparisonBeforeData).
  const prevActive = comparisonBeforeData(comparison?.from, firstDay) ? null : prevActiveRead;
  const totalBookable = bookable.find((b) => b.categoryId === null)?.instructors ?? 0;
  const catName = new Map(cats.map((c) => [c.id, c.name]));
  const byCategory = cats
    .map((c) => {
      const s = searches.find((x) => x.category_id === c.id);
      const n = bookable.find((b) => b.categoryId === c.id)?.instructors ?? 0;
      const count = Number(s?.searches ?? 0);
      return {
        categoryId: c.id,
        name: c.name,
        searches: count,
        zeroResultSearches: Number(s?.zero ?? 0),
        bookableInstructors: n,
        searchesPerInstructorX100: n === 0 ? null : Math.round((count * 100) / n),
      };
    })
    .sort((a, b) => b.searches - a.searches || a.name.localeCompare(b.name));
  return {
    timeZone: deps.timeZone,
    period,
    comparison,
    comparisonUntil: until,
    activeInstructors: active.instructors,
    previousActiveInstructors: prevActive?.instructors ?? null,
    bookableInstructors: totalBookable,
    activeBookableInstructors: active.activeBookable,
    utilisationInstructors: active.bookable,
    utilisationBps: utilisationBps(active.activeBookable, active.bookable),
    previousActiveBookableInstructors: prevActive?.activeBookable ?? null,
    previousUtilisationInstructors: prevActive?.bookable ?? null,
    previousUtilisationBps: prevActive === null ? null : utilisationBps(prevActive.activeBookable, prevActive.bookable),
    hoursPerActiveInstructorX100: hoursPerInstructorX100(active),
    previousHoursPerActiveInstructorX100: prevActive === null ? null : hoursPerInstructorX100(prevActive),
    byCategory,
    topZeroResultSearches: zero.map((z) => ({
      query: z.query,
      categoryName: catName.get(z.category_id) ?? null,
      searches: Number(z.searches),
    })),
    firstDataDay: firstDay,
    firstSearchDay,
  };
}

/**
 * What the marketplace owes right now, and at the comparison instant:
 * - student credit: the credit ledger's sum (exact at any instant: rows are never edited);
 * - instructor payouts owed: created by then and neither paid nor failed by then. Whether an unpaid payout was
 *   pending or held in the past is not recorded, so the split is given for now and the change for their sum;
 * - pending refunds: issued by then and neither settled nor failed by then (a pending release owes nothing: the money
 *   was never taken).
 */
/**
 * The instant the liabilities' "then" column stands at. A period that ends today: the instant the revenue figures
 * beside it are compared up to (the comparison's counterpart of their last refresh, figuresAsOf: the previous 30
 * days' last day at that time of day, a year ago today…), so the page names one instant, not two a refresh apart.
 * A period that ended before today: the end of its comparison. No comparison: the start of the period.
 */
function liabilitiesComparedTo(
  deps: Pick<ReportDeps, 'now' | 'timeZone'>,
  period: ResolvedPeriod,
  comparison: ResolvedPeriod | null,
  dataAsOf: string | null,
): string {
  if (comparison === null) return period.start;
  return comparisonWindow(deps, period, comparison, dataAsOf)?.until ?? comparison.end;
}

export async function liabilitiesReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<LiabilitiesReport> {
  const { period, comparison } = periods(deps, input);
  const [dataAsOf, firstDay] = await Promise.all([asOfOf(deps), firstDataDay(deps, 'money')]);
  const then = liabilitiesComparedTo(deps, period, comparison, dataAsOf);
  // A moment before the first day of the marketplace's money owed nothing because nothing was recorded yet: its
  // zeros are no figures to tell a change against (as a comparison before the data is not, comparisonBeforeData).
  const thenBeforeData = firstDay === null || Date.parse(then) <= startOfDayInstant(firstDay, deps.timeZone).getTime();
  const r = await sql<{
    credit_now: number;
    credit_then: number;
    credit_holders: number;
    pending_now: number;
    pending_count: number;
    held_now: number;
    held_count: number;
    payouts_then: number;
    refunds_now: number;
    refunds_count: number;
    refunds_then: number;
  }>`
    select c.credit_now, c.credit_then, c.credit_holders,
      p.pending_now, p.pending_count, p.held_now, p.held_count, p.payouts_then,
      f.refunds_now, f.refunds_count, f.refunds_then
    from (
      select coalesce(sum(now_cents), 0)::bigint as credit_now, coalesce(sum(then_cents), 0)::bigint as credit_then,
        (count(*) filter (where now_cents <> 0))::int as credit_holders
      from (
        select user_id, sum(amount_cents) as now_cents, sum(amount_cents) filter (where created_at < ${then}::timestamptz) as then_cents
        from credit_ledger group by user_id
      ) u
    ) c, (
      select
        coalesce(sum(amount_cents) filter (where status = 'pending'), 0)::bigint as pending_now,
        (count(*) filter (where status = 'pending'))::int as pending_count,
        coalesce(sum(amount_cents) filter (where status = 'held'), 0)::bigint as held_now,
        (count(*) filter (where status = 'held'))::int as held_count,
        coalesce(sum(amount_cents) filter (where created_at < ${then}::timestamptz
          and (paid_at is null or paid_at >= ${then}::timestamptz) and (failed_at is null or failed_at >= ${then}::timestamptz)), 0)::bigint as payouts_then
      from payouts where status in ('pending', 'held') or paid_at >= ${then}::timestamptz or failed_at >= ${then}::timestamptz
    ) p, (
      select
        coalesce(sum(amount_cents) filter (where status = 'pending'), 0)::bigint as refunds_now,
        (count(*) filter (where status = 'pending'))::int as refunds_count,
        coalesce(sum(amount_cents) filter (where created_at < ${then}::timestamptz
          and (status = 'pending' or (status = 'succeeded' and (settled_at is null or settled_at >= ${then}::timestamptz)))), 0)::bigint as refunds_then
      from refunds where kind = 'refund'
    ) f`.execute(deps.analytics);
  const x = r.rows[0];
  if (!x) throw new Error('liabilities query returned no row');
  const observed = (cents: number): number | null => (thenBeforeData ? null : cents);
  const items: LiabilitiesReport['items'] = [
    {
      key: 'student_credit',
      label: 'Outstanding student credit',
      nowCents: x.credit_now,
      count: x.credit_holders,
      thenCents: observed(x.credit_then),
    },
    {
      key: 'pending_payouts',
      label: 'Pending instructor payouts',
      nowCents: x.pending_now,
      count: x.pending_count,
      thenCents: null,
    },
    { key: 'held_payouts', label: 'Held instructor payouts', nowCents: x.held_now, count: x.held_count, thenCents: null },
    {
      key: 'pending_refunds',
      label: 'Pending refunds',
      nowCents: x.refunds_now,
      count: x.refunds_count,
      thenCents: observed(x.refunds_then),
    },
  ];
  return {
    asOf: deps.now.toISOString(),
    comparedTo: then,
    items,
    payoutsOwedNowCents: x.pending_now + x.held_now,
    payoutsOwedThenCents: observed(x.payouts_then),
    totalNowCents: x.credit_now + x.pending_now + x.held_now + x.refunds_now,
    totalThenCents: observed(x.credit_then + x.payouts_then + x.refunds_then),
    firstDataDay: firstDay,
    thenBeforeData,
  };
}
