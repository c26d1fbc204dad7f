import { sql } from 'kysely';
import { DEFAULT_TIME_ZONE, addMonths, comparisonPeriod, localDate, resolvePeriod, startOfDayInstant } from '@ops/shared';
import type { BenchCase, BenchContext } from './types.js';

/**
 * Exec reports at bench scale (DESIGN.md: ≤ 150 ms each). The reports read the daily rollups; each baseline
 * answers the same question with bare SQL over the raw tables, for comparison. The bench must build the rollups
 * once after loading (refreshRollups(dbs.api) with no range) so the measured calls are the steady state.
 */
const TZ = DEFAULT_TIME_ZONE;

async function rawRevenue(ctx: BenchContext): Promise<unknown> {
  const p = resolvePeriod({ preset: 'last_90_days' }, new Date(), TZ);
  const c = comparisonPeriod(p, 'previous_period', TZ);
  const ranges = c ? [p, c] : [p];
  return Promise.all(
    ranges.map((r) =>
      sql`
        select (b.lesson_start at time zone ${TZ})::date as day, s.category_id, b.service_id, count(*)::int as bookings,
          sum(b.price_cents)::bigint as gmv, sum(b.platform_fee_cents)::bigint as fee, sum(b.instructor_payout_cents)::bigint as payouts
        from bookings b join services s on s.id = b.service_id
        where b.status = 'completed' and b.lesson_start >= ${r.start}::timestamptz and b.lesson_start < ${r.end}::timestamptz
        group by 1, 2, 3
        union all
        select (r.created_at at time zone ${TZ})::date, s.category_id, b.service_id, count(*)::int, sum(r.amount_cents)::bigint, 0, 0
        from refunds r join bookings b on b.id = r.booking_id join services s on s.id = b.service_id
        where r.status <> 'failed' and r.created_at >= ${r.start}::timestamptz and r.created_at < ${r.end}::timestamptz
        group by 1, 2, 3`.execute(ctx.dbs.analytics),
    ),
  );
}

async function rawFunnel(ctx: BenchContext): Promise<unknown> {
  const p = resolvePeriod({ preset: 'last_30_days' }, new Date(), TZ);
  const c = comparisonPeriod(p, 'previous_period', TZ);
  const start = c?.start ?? p.start;
  // First time each user reached each stage, counted by day over both periods.
  return sql`
    select (f.first_at at time zone ${TZ})::date as day, f.stage, count(*)::int as users
    from (select user_id, stage, min(occurred_at) as first_at from funnel_events where user_id is not null group by user_id, stage) f
    where f.first_at >= ${start}::timestamptz and f.first_at < ${p.end}::timestamptz
    group by 1, 2`.execute(ctx.dbs.analytics);
}

async function rawCohorts(ctx: BenchContext): Promise<unknown> {
  const today = localDate(new Date(), TZ);
  const first = startOfDayInstant(addMonths(`${today.slice(0, 7)}-01`, -11), TZ).toISOString();
  return Promise.all([
    sql`
      select date_trunc('month', u.created_at at time zone ${TZ})::date as cohort, date_trunc('month', b.created_at at time zone ${TZ})::date as month,
        count(distinct b.student_id)::int as users
      from bookings b join users u on u.id = b.student_id
      where u.created_at >= ${first}::timestamptz
      group by 1, 2`.execute(ctx.dbs.analytics),
    sql`
      select date_trunc('month', u.created_at at time zone ${TZ})::date as cohort, date_trunc('month', b.lesson_start at time zone ${TZ})::date as month,
        count(distinct b.instructor_id)::int as users
      from bookings b join users u on u.id = b.instructor_id
      where b.status = 'completed' and u.created_at >= ${first}::timestamptz
      group by 1, 2`.execute(ctx.dbs.analytics),
    sql`
      select role, date_trunc('month', created_at at time zone ${TZ})::date as cohort, count(*)::int as users
      from users where created_at >= ${first}::timestamptz group by 1, 2`.execute(ctx.dbs.analytics),
  ]);
}

/** Bare SQL for search demand over 90 days: top queries and zero-result queries straight from search_events. */
async function rawSearchDemand(ctx: BenchContext): Promise<unknown> {
  return sql`
    select lower(btrim(query)) as query, count(*)::int as searches, (count(*) filter (where results_count = 0))::int as zero
    from search_events where occurred_at >= now() - interval '90 days'
    group by 1 order by 2 desc limit 20`.execute(ctx.dbs.analytics);
}

export const analyticsCases: BenchCase[] = [
  {
    name: 'revenue report, 90 days vs previous',
    budgetMs: 150,
    iterations: 30,
    run: (ctx) => ctx.exec.revenue.report({ preset: 'last_90_days', compare: 'previous_period' }),
    baseline: (ctx) => rawRevenue(ctx),
  },
  {
    name: 'funnel report, 30 days vs previous',
    budgetMs: 150,
    iterations: 30,
    run: (ctx) => ctx.exec.funnel.report({ preset: 'last_30_days', compare: 'previous_period' }),
    baseline: (ctx) => rawFunnel(ctx),
  },
  {
    name: 'search demand, 90 days',
    budgetMs: 50,
    iterations: 30,
    run: (ctx) => ctx.exec.searchDemand.report({ days: 90 }),
    baseline: (ctx) => rawSearchDemand(ctx),
  },
  {
    name: 'cohorts report, 12 months',
    budgetMs: 150,
    iterations: 30,
    run: (ctx) => ctx.exec.cohorts.report({ months: 12 }),
    baseline: (ctx) => rawCohorts(ctx),
  },
];
