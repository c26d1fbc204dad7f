import { sql } from 'kysely';
import type { Db } from '@ops/db';
import {
  FUNNEL_MAX_WINDOW_DAYS,
  FUNNEL_STEPS,
  FUNNEL_WINDOW_DAYS,
  SEARCH_CONVERSION_DAYS,
  addDays,
  periodFromDates,
  previousStage,
} from '@ops/shared';

/**
 * The rollups behind the exec insights, rebuilt for the days a refresh covers (inside its transaction):
 * - daily_funnel_cohort_rollup: per day and stage, the people who first reached the stage that day and how many of
 *   them reached the next stage within its window. Events of a refreshed day can convert a stage's cohorts up to
 *   that step's window before it, so those cohort days are rebuilt too (each stage as far back as its own window).
 * - daily_search_query_rollup: per day and normalised query, searches, zero-result searches and searches followed
 *   by a booking from the same person within SEARCH_CONVERSION_DAYS (same reason: the days before are rebuilt).
 */
export async function refreshInsightRollupsIn(
  tx: Db,
  opts: { from: string; to: string; tz: string; full: boolean },
): Promise<void> {
  await refreshFunnelCohortsIn(tx, opts);
  await refreshSearchDemandIn(tx, { ...opts, from: addDays(opts.from, -SEARCH_CONVERSION_DAYS) });
}

async function refreshFunnelCohortsIn(tx: Db, opts: { from: string; to: string; tz: string; full: boolean }): Promise<void> {
  const { to, tz } = opts;
  // Per step: its cohort stage, next stage, window, and the first cohort day the refreshed days can move.
  const windows = FUNNEL_STEPS.map((s) => {
    const from = addDays(opts.from, -FUNNEL_WINDOW_DAYS[s]);
    return { stage: previousStage(s), next: s, days: FUNNEL_WINDOW_DAYS[s], from, start: periodFromDates(from, to, tz).start };
  });
  const values = sql.join(
    windows.map((w) => sql`(${w.stage}::text, ${w.next}::text, ${w.days}::int, ${w.from}::date, ${w.start}::timestamptz)`),
  );
  const earliest = periodFromDates(addDays(opts.from, -FUNNEL_MAX_WINDOW_DAYS), to, tz);
  await sql`
    delete from daily_funnel_cohort_rollup r using (values ${values}) as w(stage, next_stage, days, from_day, start_at)
    where r.stage = w.stage and r.day between w.from_day and ${to}::date`.execute(tx);
  // A person belongs to the cohort of the day they first reached the stage (an earlier event of theirs moves them out).
  await sql`
    insert into daily_funnel_cohort_rollup (day, stage, next_stage, window_days, reached, converted)
    select (f.first_at at time zone ${tz})::date, f.stage, f.next_stage, f.days, count(*)::int,
      (count(*) filter (where exists (
        select 1 from funnel_events n
        where n.user_id = f.user_id and n.stage = f.next_stage
          and n.occurred_at >= f.first_at and n.occurred_at < f.first_at + make_interval(days => f.days))))::int
    from (
      select e.user_id, e.stage, w.next_stage, w.days, w.start_at, min(e.occurred_at) as first_at
      from funnel_events e
      join (values ${values}) as w(stage, next_stage, days, from_day, start_at) on w.stage = e.stage
      where e.occurred_at >= ${earliest.start}::timestamptz and e.occurred_at >= w.start_at
        and e.occurred_at < ${earliest.end}::timestamptz and e.user_id is not null
      group by e.user_id, e.stage, w.next_stage, w.days, w.start_at
    ) f
    where ${
      opts.full
        ? sql`true`
        : sql`not exists (
      select 1 from funnel_events p where p.user_id = f.user_id and p.stage = f.stage and p.occurred_at < f.start_at)`
    }
    group by 1, 2, 3, 4`.execute(tx);
}

async function refreshSearchDemandIn(tx: Db, opts: { from: string; to: string; tz: string }): Promise<void> {
  const { from, to, tz } = opts;
  const { start, end } = periodFromDates(from, to, tz);
  await sql`delete from daily_search_query_rollup where day between ${from}::date and ${to}::date`.execute(tx);
  await sql`
    insert into daily_search_query_rollup (day, query, searches, zero_result_searches, converted_searches)
    ${searchQueryRollupSelect(tz, start, end)}`.execute(tx);
}

/**
 * daily_search_query_rollup's rows for the searches made in [start, end). Converted: the same person started a
 * booking (funnel event) or made one within the window after searching. Also read directly for a part of a day (a
 * comparison up to the same time of day).
 */
export function searchQueryRollupSelect(tz: string, start: string, end: string) {
  return sql`
    select (s.occurred_at at time zone ${tz})::date as day, lower(btrim(s.query)) as query, count(*)::int as searches,
      (count(*) filter (where s.results_count = 0))::int as zero_result_searches,
      (count(*) filter (where s.user_id is not null and (
        exists (select 1 from funnel_events f where f.user_id = s.user_id and f.stage = 'booking_started'
          and f.occurred_at >= s.occurred_at and f.occurred_at < s.occurred_at + make_interval(days => ${SEARCH_CONVERSION_DAYS}::int))
        or exists (select 1 from bookings b where b.student_id = s.user_id
          and b.created_at >= s.occurred_at and b.created_at < s.occurred_at + make_interval(days => ${SEARCH_CONVERSION_DAYS}::int)))))::int
        as converted_searches
    from search_events s
    where s.occurred_at >= ${start}::timestamptz and s.occurred_at < ${end}::timestamptz
    group by 1, 2`;
}
