import { sql } from 'kysely';
import {
  SEARCH_CONVERSION_DAYS,
  addDays,
  type AnalyticsPeriodInput,
  comparisonBeforeData,
  daysOf,
  localDate,
  periodFromDates,
  ratioBps,
  startOfDayInstant,
  type SearchDemandDay,
  type SearchDemandReport,
  type SearchDemandTotals,
  type SearchQueryRow,
} from '@ops/shared';
import { asOfOf, comparisonWindow, firstDataDay, periods, type ComparisonWindow, type ReportDeps } from './reports.js';
import { searchQueryRollupSelect } from './insight-rollups.js';

const TOP = 20;

interface QueryAgg {
  query: string;
  searches: number;
  zero: number;
  judged: number;
  converted: number;
  prev_searches: number;
  prev_zero: number;
}

/**
 * Search demand over a period, from daily_search_query_rollup only: top queries, top zero-result queries, the daily
 * trend, and search → booking conversion (a booking by the same person within SEARCH_CONVERSION_DAYS; the last days'
 * searches are too young to judge and left out of the rate), each against the comparison period when there is one.
 */
export async function searchDemandReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<SearchDemandReport> {
  const { period, comparison } = periods(deps, input);
  return searchDemandBetween(deps, period.from, period.to, comparisonWindow(deps, period, comparison, await asOfOf(deps)));
}

/**
 * The same report for any range of days (the growth brief's period), against `comparison` when given. Both windows
 * are read by the same three statements over the rollup, each query's figures in both side by side. A comparison cut
 * at `until` (a period ending today) reads its last day live up to then, in one more statement, added in by query.
 */
export async function searchDemandBetween(
  deps: ReportDeps,
  from: string,
  to: string,
  comparison: ComparisonWindow | null = null,
): Promise<SearchDemandReport> {
  const now = localDate(deps.now, deps.timeZone);
  const today = to > now ? now : to;
  const days = daysOf({ from, to: today }).length;
  const judgedUntil = addDays(now, -(SEARCH_CONVERSION_DAYS + 1));
  const cutDay = comparison?.until ? comparison.to : null;
  const inPeriod = sql`(day between ${from}::date and ${today}::date)`;
  // The comparison's whole days come from the rollup; its cut day (a period ending today) is read live, once, below.
  // Without a comparison nothing is in the second window: its sums are 0 and no other day is read.
  const inComparison = comparison
    ? sql`(day between ${comparison.from}::date and ${comparison.to}::date${cutDay ? sql` and day <> ${cutDay}::date` : sql``})`
    : sql`false`;
  const agg = (order: 'searches' | 'zero') => sql<QueryAgg>`
    select query,
      coalesce(sum(searches) filter (where ${inPeriod}), 0)::int as searches,
      coalesce(sum(zero_result_searches) filter (where ${inPeriod}), 0)::int as zero,
      coalesce(sum(searches) filter (where ${inPeriod} and day <= ${judgedUntil}::date), 0)::int as judged,
      coalesce(sum(converted_searches) filter (where ${inPeriod} and day <= ${judgedUntil}::date), 0)::int as converted,
      coalesce(sum(searches) filter (where ${inComparison}), 0)::int as prev_searches,
      coalesce(sum(zero_result_searches) filter (where ${inComparison}), 0)::int as prev_zero
    from daily_search_query_rollup
    where ${inPeriod} or ${inComparison}
    group by query
    ${
      order === 'zero'
        ? sql`having sum(zero_result_searches) filter (where ${inPeriod}) > 0 order by zero desc, searches desc, query`
        : sql`having sum(searches) filter (where ${inPeriod}) > 0 order by searches desc, query`
    }
    limit ${TOP}`;
  const [top, zero, byDay, live, firstDay] = await Promise.all([
    agg('searches').execute(deps.analytics),
    agg('zero').execute(deps.analytics),
    sql<{ day: string; searches: number; zero: number; converted: number }>`
      select day::text as day, sum(searches)::int as searches, sum(zero_result_searches)::int as zero,
        sum(converted_searches)::int as converted
      from daily_search_query_rollup
      where ${inPeriod} or ${inComparison}
      group by day`.execute(deps.analytics),
    comparison?.until && cutDay
      ? sql<{
          query: string;
          searches: number;
          zero_result_searches: number;
          converted_searches: number;
        }>`${searchQueryRollupSelect(
          deps.timeZone,
          startOfDayInstant(cutDay, deps.timeZone).toISOString(),
          comparison.until,
        )}`.execute(deps.analytics)
      : null,
    firstDataDay(deps, 'searches'),
  ]);
  const dayMap = new Map(byDay.rows.map((r) => [r.day, r]));
  // The cut day, by query (for the lists' comparison figures) and in total (for the trend and the totals).
  const liveByQuery = new Map((live?.rows ?? []).map((r) => [r.query, r]));
  const cutRow = live && {
    searches: live.rows.reduce((n, r) => n + r.searches, 0),
    zero: live.rows.reduce((n, r) => n + r.zero_result_searches, 0),
    converted: live.rows.reduce((n, r) => n + r.converted_searches, 0),
  };
  const dailyOf = (w: { from: string; to: string }, cut: boolean): SearchDemandDay[] =>
    daysOf(periodFromDates(w.from, w.to, deps.timeZone)).map((day) => {
      const r = cut && day === cutDay ? cutRow : dayMap.get(day);
      return {
        day,
        searches: r?.searches ?? 0,
        zeroResultSearches: r?.zero ?? 0,
        convertedSearches: r?.converted ?? 0,
        judged: day <= judgedUntil,
        partial: day === now,
      };
    });
  const daily = dailyOf({ from, to: today }, false);
  // Each query's count in a comparison that starts before the first search would read as new demand: none is given.
  const compared = comparison !== null && !comparisonBeforeData(comparison.from, firstDay);
  const row = (r: QueryAgg): SearchQueryRow => ({
    query: r.query,
    searches: r.searches,
    zeroResultSearches: r.zero,
    judgedSearches: r.judged,
    convertedSearches: r.converted,
    conversionBps: ratioBps(r.converted, r.judged),
    previousSearches: compared ? r.prev_searches + (liveByQuery.get(r.query)?.searches ?? 0) : null,
    previousZeroResultSearches: compared ? r.prev_zero + (liveByQuery.get(r.query)?.zero_result_searches ?? 0) : null,
  });
  return {
    timeZone: deps.timeZone,
    days,
    from,
    to: today,
    totals: totalsOf(daily),
    previous: comparison && {
      from: comparison.from,
      to: comparison.to,
      until: comparison.until,
      totals: totalsOf(dailyOf(comparison, true)),
    },
    daily,
    topQueries: top.rows.map(row),
    topZeroResultQueries: zero.rows.map(row),
    firstDataDay: firstDay,
  };
}

/** A window's totals from its days: conversion counts only the judged days. */
function totalsOf(daily: SearchDemandDay[]): SearchDemandTotals {
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
    searches,
    zeroResultSearches: zeroResults,
    zeroResultBps: ratioBps(zeroResults, searches),
    judgedSearches: judged,
    convertedSearches: converted,
    conversionBps: ratioBps(converted, judged),
  };
}
