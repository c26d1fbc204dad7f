import { sql, type RawBuilder } from 'kysely';
import type { Db } from '@ops/db';
import { DEFAULT_TIME_ZONE, addDays, localDate, periodFromDates, startOfDayInstant } from '@ops/shared';
import { refreshInsightRollupsIn } from './insight-rollups.js';

/**
 * Daily rollups behind the exec reports, keyed by calendar day in the business time zone:
 * - daily_revenue_rollup (day × service): completed lessons by lesson day (bookings, GMV, platform fee, payouts)
 *   and refunds that did not fail by the day they were issued (a release of money never charged is not a refund, but
 *   on a lesson in GMV it lowers what the lesson brought in, as a refund does);
 * - daily_funnel_rollup (day × stage): users reaching a stage for the first time that day (so a period's count is
 *   the sum of its days, exactly: a user is counted once per stage, on the day they first got there);
 * - daily_search_rollup / daily_zero_search_rollup: searches by category, and zero-result queries;
 * - daily_funnel_cohort_rollup / daily_search_query_rollup: the insight rollups of insight-rollups.ts;
 * - daily_annotation_rollup: staff actions that move the numbers (refunds, instructor suspensions, communications);
 * - monthly_cohort_rollup / monthly_cohort_size: signup month × activity month (students who booked, instructors
 *   who taught).
 * Each refresh replaces whole days inside one transaction, so readers see either the old or the new day.
 */

export interface RefreshOptions {
  /** First day to rebuild ('YYYY-MM-DD' in the zone); omitted with `to` = everything from the first data. */
  from?: string;
  to?: string;
  timeZone?: string;
  now?: Date;
}

export interface RefreshResult {
  from: string;
  to: string;
  days: number;
  full: boolean;
  ms: number;
}

const REFRESH_LOCK = 7_242_006;
/** rollup_state's row stamped by every rollup write (see rollupVersion). */
const WRITTEN_STAMP = 'written';
/** Days back whose months' cohort activity a ranged refresh rebuilds (older months: a full refresh). */
const COHORT_RECENT_DAYS = 45;

/** Action names (audit_log.action) that move the numbers, by annotation kind. */
export const ANNOTATION_ACTIONS = {
  refund: ['refunds.%'],
  suspension: ['instructors.suspend'],
  communication: ['communications.%', 'campaigns.%'],
} as const;

async function firstDataDay(db: Db, timeZone: string, today: string): Promise<string> {
  const r = await sql<{ first: string | null }>`
    select least(
      (select min(lesson_start) from bookings),
      (select min(created_at) from refunds),
      (select min(occurred_at) from funnel_events),
      (select min(occurred_at) from search_events),
      (select min(created_at) from users)
    ) as first`.execute(db);
  const first = r.rows[0]?.first;
  return first ? localDate(first, timeZone) : today;
}

const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;

/**
 * The revenue rollup's rows for lessons, refunds and charges in [start, end), by business day and service. Also read
 * directly for a day as it stood at an earlier instant `asOf` (yesterday as it was by this time of day, against today
 * as it is now), where the daily rollup cannot answer. A day's figures as of an instant count what had happened by
 * then, as the rollup of today counts what has happened by its refresh: a lesson once it was marked completed
 * (completed_at: not one under way or just ended then), a refund once issued, a charge once its payment was captured
 * (and, for a cancellation, once cancelled). A no-show, a cancellation without its time and a refund's failure carry no
 * instant to cut at: their status now stands.
 */
export function revenueRollupSelect(tz: string, start: string, end: string, asOf: string | null = null) {
  const by = (column: string) => (asOf === null ? sql`true` : sql`${sql.ref(column)} < ${asOf}::timestamptz`);
  return sql`
    select x.day, x.service_id, s.category_id, sum(x.bookings)::int as bookings, sum(x.gmv)::bigint as gmv_cents,
      sum(x.fee)::bigint as platform_fee_cents, sum(x.payout)::bigint as payouts_cents, sum(x.refunds)::int as refunds,
      sum(x.refunded)::bigint as refunds_cents, sum(x.gmv_refunded)::bigint as gmv_refunds_cents, sum(x.charges)::int as charges,
      sum(x.kept)::bigint as charges_kept_cents, sum(x.charge_fee)::bigint as charge_fee_cents
    from (
      select (b.lesson_start at time zone ${tz})::date as day, b.service_id, count(*) as bookings, sum(b.price_cents) as gmv,
        sum(b.platform_fee_cents) as fee, sum(b.instructor_payout_cents) as payout, 0 as refunds, 0 as refunded,
        0 as gmv_refunded, 0 as charges, 0 as kept, 0 as charge_fee
      from bookings b
      where b.status = 'completed' and ${by('b.completed_at')}
        and b.lesson_start >= ${start}::timestamptz and b.lesson_start < ${end}::timestamptz
      group by 1, 2
      union all
      select (r.created_at at time zone ${tz})::date, b.service_id, 0, 0, 0, 0,
        count(*) filter (where r.kind = 'refund'), coalesce(sum(r.amount_cents) filter (where r.kind = 'refund'), 0),
        coalesce(sum(r.amount_cents) filter (where b.status = 'completed' and ${by('b.completed_at')}), 0), 0, 0, 0
      from refunds r join bookings b on b.id = r.booking_id
      where r.status <> 'failed' and r.created_at >= ${start}::timestamptz and r.created_at < ${end}::timestamptz
        and ${by('r.created_at')}
      group by 1, 2
      union all
      ${chargesByLessonDay(tz, start, end, by)}
    ) x
    join services s on s.id = x.service_id
    group by x.day, x.service_id, s.category_id`;
}

/**
 * The funnel rollup's rows for [start, end): a user counts on the day they first reached the stage, the first event
 * inside the window unless one came before (`full`: the window starts before any event, so none can). Also read
 * directly for a part of a day (a comparison up to the same time of day).
 */
export function funnelRollupSelect(tz: string, start: string, end: string, full = false) {
  return sql`
    select (f.first_at at time zone ${tz})::date as day, f.stage, count(*)::int as users
    from (
      select e.user_id, e.stage, min(e.occurred_at) as first_at
      from funnel_events e
      where e.occurred_at >= ${start}::timestamptz and e.occurred_at < ${end}::timestamptz and e.user_id is not null
      group by e.user_id, e.stage
    ) f
    where ${
      full
        ? sql`true`
        : sql`not exists (
      select 1 from funnel_events p where p.user_id = f.user_id and p.stage = f.stage and p.occurred_at < ${start}::timestamptz)`
    }
    group by 1, 2`;
}

/**
 * Cancelled and no-show bookings whose payment was captured, by lesson day: what was kept of the charge (captured
 * less refunds that did not fail) and the platform's share of it, kept × fee ÷ price rounded up (shared chargeFeeCents).
 * `by` is revenueRollupSelect's cut-off: a column's instant before its asOf (always true without one).
 */
function chargesByLessonDay(tz: string, start: string, end: string, by: (column: string) => RawBuilder<unknown>) {
  return sql`
    select (b.lesson_start at time zone ${tz})::date, b.service_id, 0, 0, 0, 0, 0, 0, 0, count(*), sum(k.kept),
      sum(case when k.kept > 0 and b.price_cents > 0 and b.platform_fee_cents > 0
        then (least(k.kept, b.price_cents)::bigint * b.platform_fee_cents + b.price_cents - 1) / b.price_cents else 0 end)
    from bookings b
    cross join lateral (
      select greatest(0,
        coalesce((select sum(p.amount_cents) from payments p
          where p.booking_id = b.id and p.captured_at is not null and ${by('p.captured_at')}), 0)
        - coalesce((select sum(r.amount_cents) from refunds r
          where r.booking_id = b.id and r.status <> 'failed' and ${by('r.created_at')}), 0)) as kept
    ) k
    where b.status in ('cancelled', 'no_show') and (b.cancelled_at is null or ${by('b.cancelled_at')})
      and b.lesson_start >= ${start}::timestamptz and b.lesson_start < ${end}::timestamptz
      and exists (select 1 from payments p where p.booking_id = b.id and p.captured_at is not null and ${by('p.captured_at')})
    group by 1, 2`;
}

/**
 * Rebuilds the daily rollups for [from, to] (and cohort months from `from`'s month on). Without a range it rebuilds
 * everything. Cheap for a few recent days (index range scans); call it after loading sample or bench data.
 */
export async function refreshRollups(db: Db, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const started = performance.now();
  const tz = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const now = opts.now ?? new Date();
  const today = localDate(now, tz);
  const full = opts.from === undefined && opts.to === undefined;
  const from = opts.from ?? (await firstDataDay(db, tz, today));
  const to = opts.to ?? today;
  if (from > to) return { from, to, days: 0, full, ms: 0 };
  const p = periodFromDates(from, to, tz);
  const start = p.start;
  const end = p.end;

  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(tx);

    await sql`delete from daily_revenue_rollup where day between ${from}::date and ${to}::date`.execute(tx);
    await sql`
      insert into daily_revenue_rollup (day, service_id, category_id, bookings, gmv_cents, platform_fee_cents, payouts_cents, refunds, refunds_cents,
        gmv_refunds_cents, charges, charges_kept_cents, charge_fee_cents)
      ${revenueRollupSelect(tz, start, end)}`.execute(tx);

    await sql`delete from daily_funnel_rollup where day between ${from}::date and ${to}::date`.execute(tx);
    await sql`insert into daily_funnel_rollup (day, stage, users) ${funnelRollupSelect(tz, start, end, full)}`.execute(tx);

    await sql`delete from daily_search_rollup where day between ${from}::date and ${to}::date`.execute(tx);
    await sql`
      insert into daily_search_rollup (day, category_id, searches, zero_result_searches)
      select (occurred_at at time zone ${tz})::date, coalesce(category_id, ''), count(*)::int, (count(*) filter (where results_count = 0))::int
      from search_events
      where occurred_at >= ${start}::timestamptz and occurred_at < ${end}::timestamptz
      group by 1, 2`.execute(tx);
    await sql`delete from daily_zero_search_rollup where day between ${from}::date and ${to}::date`.execute(tx);
    await sql`
      insert into daily_zero_search_rollup (day, query, category_id, searches)
      select (occurred_at at time zone ${tz})::date, lower(btrim(query)), coalesce(category_id, ''), count(*)::int
      from search_events
      where results_count = 0 and occurred_at >= ${start}::timestamptz and occurred_at < ${end}::timestamptz
      group by 1, 2, 3`.execute(tx);

    await sql`delete from daily_annotation_rollup where day between ${from}::date and ${to}::date`.execute(tx);
    await sql`
      insert into daily_annotation_rollup (day, kind, actions, first_audit_id)
      select day, kind, count(*)::int, min(id)
      from (
        select (occurred_at at time zone ${tz})::date as day, id,
          case
            when action like 'refunds.%' then 'refund'
            when action = 'instructors.suspend' then 'suspension'
            else 'communication'
          end as kind
        from audit_log
        where occurred_at >= ${start}::timestamptz and occurred_at < ${end}::timestamptz
          and (action like 'refunds.%' or action = 'instructors.suspend' or action like 'communications.%' or action like 'campaigns.%')
      ) a
      group by day, kind`.execute(tx);

    await refreshInsightRollupsIn(tx, { from, to, tz, full });

    // Every write to the rollups moves this stamp, in the same transaction: cached reports are keyed on it
    // (report-cache.ts). Microseconds, and strictly increasing, so two refreshes never share a stamp.
    await sql`
      insert into rollup_state (name, time_zone, refreshed_at) values (${WRITTEN_STAMP}, ${tz}, clock_timestamp())
      on conflict (name) do update set time_zone = excluded.time_zone,
        refreshed_at = greatest(excluded.refreshed_at, rollup_state.refreshed_at + interval '1 microsecond')`.execute(tx);

    await sql`
      insert into rollup_days (day, time_zone, refreshed_at)
      select d::date, ${tz}, now() from generate_series(${from}::date, ${to}::date, interval '1 day') d
      on conflict (day) do update set time_zone = excluded.time_zone, refreshed_at = excluded.refreshed_at`.execute(tx);

    // Cohort months move with recent activity; an old range (a comparison a year back) leaves them alone.
    const recentMonth = monthStart(addDays(today, -COHORT_RECENT_DAYS));
    if (full || to >= recentMonth)
      await refreshCohortsIn(tx, { fromMonth: full ? null : from > recentMonth ? monthStart(from) : recentMonth, tz });
  });
  return { from, to, days: p.days, full, ms: Math.round(performance.now() - started) };
}

/** Rebuilds cohort activity from `fromMonth` on (null: everything). Runs inside the caller's transaction. */
async function refreshCohortsIn(tx: Db, opts: { fromMonth: string | null; tz: string }): Promise<void> {
  const { tz } = opts;
  // A partial rebuild needs a complete one underneath, in the same zone.
  const state = await tx.selectFrom('rollup_state').select('time_zone').where('name', '=', 'cohorts').executeTakeFirst();
  const fromMonth = state?.time_zone === tz ? opts.fromMonth : null;
  const since = fromMonth === null ? null : startOfDayInstant(fromMonth, tz).toISOString();
  const month = (col: ReturnType<typeof sql.ref>) => sql`date_trunc('month', ${col} at time zone ${tz})::date`;
  if (fromMonth === null) {
    await sql`delete from monthly_cohort_rollup`.execute(tx);
    await sql`delete from monthly_cohort_size`.execute(tx);
  } else {
    await sql`delete from monthly_cohort_rollup where activity_month >= ${fromMonth}::date`.execute(tx);
    await sql`delete from monthly_cohort_size where cohort_month >= ${fromMonth}::date`.execute(tx);
  }
  await sql`
    insert into monthly_cohort_size (role, cohort_month, users)
    select role, ${month(sql.ref('created_at'))}, count(*)::int from users
    where ${since === null ? sql`true` : sql`created_at >= ${since}::timestamptz`}
    group by 1, 2`.execute(tx);
  // Students who made a booking in the month; instructors who taught a completed lesson in it.
  await sql`
    insert into monthly_cohort_rollup (role, cohort_month, activity_month, users)
    select 'student', ${month(sql.ref('u.created_at'))}, ${month(sql.ref('b.created_at'))}, count(distinct b.student_id)::int
    from bookings b join users u on u.id = b.student_id
    where ${since === null ? sql`true` : sql`b.created_at >= ${since}::timestamptz`}
    group by 2, 3`.execute(tx);
  await sql`
    insert into monthly_cohort_rollup (role, cohort_month, activity_month, users)
    select 'instructor', ${month(sql.ref('u.created_at'))}, ${month(sql.ref('b.lesson_start'))}, count(distinct b.instructor_id)::int
    from bookings b join users u on u.id = b.instructor_id
    where b.status = 'completed' and ${since === null ? sql`true` : sql`b.lesson_start >= ${since}::timestamptz`}
    group by 2, 3`.execute(tx);
  await sql`
    insert into rollup_state (name, time_zone, refreshed_at, watermark)
    values ('cohorts', ${tz}, now(), now())
    on conflict (name) do update set time_zone = excluded.time_zone, refreshed_at = excluded.refreshed_at`.execute(tx);
}

/** Days whose numbers can still move (late completions, refunds, cancellations) are rebuilt on every worker pass. */
export const RECENT_DAYS = 3;

/**
 * When the daily rollups were last refreshed in `timeZone`, or null when they have never been built in it. Reports
 * read what is there and say how fresh it is; only the worker's refresher writes rollups.
 */
export async function rollupsAsOf(db: Db, timeZone: string, name: 'daily' | 'cohorts' = 'daily'): Promise<string | null> {
  const state = await db
    .selectFrom('rollup_state')
    .select(['time_zone', 'refreshed_at'])
    .where('name', '=', name)
    .executeTakeFirst();
  return state !== undefined && state.time_zone === timeZone ? state.refreshed_at : null;
}

/**
 * What the rollups hold right now, read in one statement: `key` changes whenever any rollup is written (the refresher's
 * passes, a ranged or full rebuild, the cohort months), `daily` and `cohorts` are the freshness reports state
 * (as rollupsAsOf gives them). Read before the rollups themselves, it is a freshness no report can overstate.
 */
export interface RollupVersion {
  key: string;
  daily: string | null;
  cohorts: string | null;
}

export async function rollupVersion(db: Db, timeZone: string): Promise<RollupVersion> {
  const { rows } = await sql<{ name: string; time_zone: string; refreshed_at: string; stamp: string }>`
    select name, time_zone, refreshed_at, refreshed_at::text as stamp from rollup_state order by name`.execute(db);
  const asOf = (name: string): string | null => {
    const row = rows.find((r) => r.name === name);
    return row !== undefined && row.time_zone === timeZone ? row.refreshed_at : null;
  };
  return {
    key: rows.map((r) => `${r.name}|${r.time_zone}|${r.stamp}`).join(','),
    daily: asOf('daily'),
    cohorts: asOf('cohorts'),
  };
}
