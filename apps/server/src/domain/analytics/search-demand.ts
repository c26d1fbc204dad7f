import { sql } from 'kysely';
import {
  SEARCH_CONVERSION_DAYS,
  addDays,
  daysOf,
  localDate,
  periodFromDates,
  ratioBps,
  type SearchDemandDay,
  type SearchDemandReport,
  type SearchQueryRow,
} from '@ops/shared';
import type { ReportDeps } from './reports.js';

const TOP = 20;

interface QueryAgg {
  query: string;
  searches: number;
  zero: number;
  judged: number;
  converted: number;
}

const row = (r: QueryAgg): SearchQueryRow => ({
  query: r.query,
  searches: r.searches,
  zeroResultSearches: r.zero,
  judgedSearches: r.judged,
  convertedSearches: r.converted,
  conversionBps: ratioBps(r.converted, r.judged),
});

/**
 * Search demand over the last `days` days, from daily_search_query_rollup only: top queries, top zero-result
 * queries, the daily trend, and search → booking conversion (a booking by the same person within
 * SEARCH_CONVERSION_DAYS; the last days' searches are too young to judge and left out of the rate).
 */
export async function searchDemandReport(deps: ReportDeps, days: number): Promise<SearchDemandReport> {
  const today = localDate(deps.now, deps.timeZone);
  return searchDemandBetween(deps, addDays(today, -(days - 1)), today);
}

/** The same report for any range of days (the growth brief's period). */
export async function searchDemandBetween(deps: ReportDeps, from: string, to: string): Promise<SearchDemandReport> {
  const now = localDate(deps.now, deps.timeZone);
  const today = to > now ? now : to;
  const days = daysOf({ from, to: today }).length;
  const judgedUntil = addDays(now, -(SEARCH_CONVERSION_DAYS + 1));
  const agg = (order: 'searches' | 'zero') => sql<QueryAgg>`
    select query, sum(searches)::int as searches, sum(zero_result_searches)::int as zero,
      coalesce(sum(searches) filter (where day <= ${judgedUntil}::date), 0)::int as judged,
      coalesce(sum(converted_searches) filter (where day <= ${judgedUntil}::date), 0)::int as converted
    from daily_search_query_rollup
    where day between ${from}::date and ${today}::date
    group by query
    ${order === 'zero' ? sql`having sum(zero_result_searches) > 0 order by zero desc, searches desc, query` : sql`order by searches desc, query`}
    limit ${TOP}`;
  const [top, zero, byDay] = await Promise.all([
    agg('searches').execute(deps.analytics),
    agg('zero').execute(deps.analytics),
    sql<{ day: string; searches: number; zero: number; converted: number }>`
      select day::text as day, sum(searches)::int as searches, sum(zero_result_searches)::int as zero,
        sum(converted_searches)::int as converted
      from daily_search_query_rollup
      where day between ${from}::date and ${today}::date
      group by day`.execute(deps.analytics),
  ]);
  const dayMap = new Map(byDay.rows.map((r) => [r.day, r]));
  const daily: SearchDemandDay[] = daysOf(periodFromDates(from, today, deps.timeZone)).map((day) => {
    const r = dayMap.get(day);
    return {
      day,
      searches: r?.searches ?? 0,
      zeroResultSearches: r?.zero ?? 0,
      convertedSearches: r?.converted ?? 0,
      judged: day <= judgedUntil,
    };
  });
  let searches = 0;
  let zeroResults = 0;
  let judged = 0;
  let converted = 0;
  for (const d of daily) {
    searches += d.searches;
    zeroResults += d.zeroResultSearches;
    if (d.judged) {
      judged += d.searches;
      converted += d.convertedSearches;
    }
  }
  return {
    timeZone: deps.timeZone,
    days,
    from,
    to: today,
    totals: {
      searches,
      zeroResultSearches: zeroResults,
      zeroResultBps: ratioBps(zeroResults, searches),
      judgedSearches: judged,
      convertedSearches: converted,
      conversionBps: ratioBps(converted, judged),
    },
    daily,
    topQueries: top.rows.map(row),
    topZeroResultQueries: zero.rows.map(row),
  };
}
