import { sql } from 'kysely';
import {
  SEARCH_CONVERSION_DAYS,
  addDays,
  type AnalyticsPeriodInput,
  daysOf,
  localDate,
  periodFromDates,
  ratioBps,
  type SearchDemandDay,
  type SearchDemandReport,
  type SearchDemandTotals,
  type SearchQueryRow,
} from '@ops/shared';
import { periods, type ReportDeps } from './reports.js';

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

interface Window {
  from: string;
  to: string;
}

/**
 * Search demand over a period, from daily_search_query_rollup only: top queries, top zero-result queries, the daily
 * trend, and search → booking conversion (a booking by the same person within SEARCH_CONVERSION_DAYS; the last days'
 * searches are too young to judge and left out of the rate), each against the comparison period when there is one.
 */
export async function searchDemandReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<SearchDemandReport> {
  const { period, comparison } = periods(deps, input);
  return searchDemandBetween(deps, period.from, period.to, comparison);
}

/**
 * The same report for any range of days (the growth brief's period), against `comparison` when given. Both windows
 * are read by the same three statements, each query's figures in both side by side.
 */
export async function searchDemandBetween(
  deps: ReportDeps,
  from: string,
  to: string,
  comparison: Window | null = null,
): Promise<SearchDemandReport> {
  const now = localDate(deps.now, deps.timeZone);
  const today = to > now ? now : to;
  const days = daysOf({ from, to: today }).length;
  const judgedUntil = addDays(now, -(SEARCH_CONVERSION_DAYS + 1));
  const inPeriod = sql`day between ${from}::date and ${today}::date`;
  // Without a comparison nothing is in the second window: its sums are 0 and no other day is read.
  const inComparison = comparison ? sql`day between ${comparison.from}::date and ${comparison.to}::date` : sql`false`;
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
  const [top, zero, byDay] = await Promise.all([
    agg('searches').execute(deps.analytics),
    agg('zero').execute(deps.analytics),
    sql<{ day: string; searches: number; zero: number; converted: number }>`
      select day::text as day, sum(searches)::int as searches, sum(zero_result_searches)::int as zero,
        sum(converted_searches)::int as converted
      from daily_search_query_rollup
      where ${inPeriod} or ${inComparison}
      group by day`.execute(deps.analytics),
  ]);
  const dayMap = new Map(byDay.rows.map((r) => [r.day, r]));
  const dailyOf = (w: Window): SearchDemandDay[] =>
    daysOf(periodFromDates(w.from, w.to, deps.timeZone)).map((day) => {
      const r = dayMap.get(day);
      return {
        day,
        searches: r?.searches ?? 0,
        zeroResultSearches: r?.zero ?? 0,
        convertedSearches: r?.converted ?? 0,
        judged: day <= judgedUntil,
      };
    });
  const daily = dailyOf({ from, to: today });
  const row = (r: QueryAgg): SearchQueryRow => ({
    query: r.query,
    searches: r.searches,
    zeroResultSearches: r.zero,
    judgedSearches: r.judged,
    convertedSearches: r.converted,
    conversionBps: ratioBps(r.converted, r.judged),
    previousSearches: comparison ? r.prev_searches : null,
    previousZeroResultSearches: comparison ? r.prev_zero : null,
  });
  return {
    timeZone: deps.timeZone,
    days,
    from,
    to: today,
    totals: totalsOf(daily),
    previous: comparison && { from: comparison.from, to: comparison.to, totals: totalsOf(dailyOf(comparison)) },
    daily,
    topQueries: top.rows.map(row),
    topZeroResultQueries: zero.rows.map(row),
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
