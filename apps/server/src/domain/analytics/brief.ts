import {
  INSIGHT_ERROR_RATE,
  METRICS,
  changeBps,
  comparisonBeforeData,
  localDate,
  periodBeforeData,
  type AnalyticsPeriodInput,
  type BriefHeadline,
  type BriefReport,
  type Insight,
  type MissingReason,
  type SearchDemandTotals,
} from '@ops/shared';
import { funnelReport, isMature, pageHref, revenueReport, type ReportDeps } from './reports.js';
import { rollupVersion } from './rollups.js';
import { searchDemandBetween } from './search-demand.js';

/** Why a search conversion is missing: searches, none of them old enough to judge; or no search at all. */
const searchReason = (t: SearchDemandTotals): MissingReason => (t.searches > 0 ? 'too_young' : 'no_data');

/**
 * The growth brief of a period: headline numbers against the comparison, and the highlights and concerns that pass
 * their tests. The brief's error rate is split between its two families of tests (revenue, funnel), so the chance
 * of any false claim on the whole page stays at INSIGHT_ERROR_RATE. Every part reads the same rollup version, so
 * every headline of a period ending today is compared up to the same instant.
 */
export async function briefReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<BriefReport> {
  const errorRate = INSIGHT_ERROR_RATE / 2;
  const read = { ...deps, asOf: deps.asOf ?? (await rollupVersion(deps.analytics, deps.timeZone)) };
  const [revenue, funnel] = await Promise.all([
    revenueReport(read, input, { errorRate }),
    funnelReport(read, input, { errorRate }),
  ]);
  const cmp = revenue.comparison;
  const search = await searchDemandBetween(
    read,
    revenue.period.from,
    revenue.period.to,
    cmp && { from: cmp.from, to: cmp.to, until: revenue.comparisonUntil },
  );
  const previousSearch = search.previous;
  const signup = funnel.stages.find((s) => s.stage === 'signup');
  const confirmed = funnel.stages.find((s) => s.stage === 'booking_confirmed');
  const today = localDate(deps.now, deps.timeZone);
  // A window whose first cohort is too young has no cohort to judge at all; otherwise an empty rate has no data.
  const cohortReason = (from: string): MissingReason => (isMature(from, 'booking_confirmed', today) ? 'no_data' : 'too_young');
  // Each figure's source and its first day of data: a side that starts before it is not an observation (the one rule,
  // comparisonBeforeData), so the headline shows no change against it, nor a zero for a period wholly before it.
  const firstDays = { revenue: revenue.firstDataDay, funnel: funnel.firstDataDay, searches: search.firstDataDay };
  const headline = (
    metric: BriefHeadline['metric'],
    unit: BriefHeadline['unit'],
    source: keyof typeof firstDays,
    figures: { value: number | null; previous: number | null },
    page: string,
    reasons: { value: MissingReason; previous: MissingReason } = { value: 'no_data', previous: 'no_data' },
    label: string = METRICS[metric].label,
  ): BriefHeadline => {
    const firstDataDay = firstDays[source];
    const valueBefore = periodBeforeData(revenue.period.to, firstDataDay);
    const previousBefore = comparisonBeforeData(cmp?.from, firstDataDay);
    const value = valueBefore ? null : figures.value;
    const previous = previousBefore ? null : figures.previous;
    return {
      metric,
      label,
      unit,
      value,
      previous,
      missing: {
        value: valueBefore ? 'before_data' : value === null ? reasons.value : null,
        previous: cmp === null ? null : previousBefore ? 'before_data' : previous === null ? reasons.previous : null,
      },
      changeBps: unit === 'bps' || value === null || previousBefore ? null : changeBps(value, previous),
      significant: null,
      href: pageHref(page, input),
      firstDataDay,
    };
  };
  // A rate's change is told with its test: the tile beside the highlights says when it is within the ordinary swing.
  const tested = (h: BriefHeadline, significant: boolean): BriefHeadline =>
    h.value === null || h.previous === null ? h : { ...h, significant };
  const prev = revenue.previous;
  const headlines: BriefHeadline[] = [
    headline('gmv', 'cents', 'revenue', { value: revenue.totals.gmvCents, previous: prev?.gmvCents ?? null }, '/revenue'),
    headline(
      'netRevenue',
      'cents',
      'revenue',
      { value: revenue.totals.netRevenueCents, previous: prev?.netRevenueCents ?? null },
      '/revenue',
    ),
    headline('bookings', 'count', 'revenue', { value: revenue.totals.bookings, previous: prev?.bookings ?? null }, '/revenue'),
    headline('signups', 'count', 'funnel', { value: signup?.users ?? 0, previous: signup?.previousUsers ?? null }, '/funnel'),
    tested(
      headline(
        'stepConversion',
        'bps',
        'funnel',
        { value: confirmed?.stepConversionBps ?? null, previous: confirmed?.previousStepConversionBps ?? null },
        '/funnel',
        { value: cohortReason(revenue.period.from), previous: cmp === null ? 'no_data' : cohortReason(cmp.from) },
        'Bookings confirmed (of started)',
      ),
      confirmed?.significant ?? false,
    ),
    headline(
      'searchConversion',
      'bps',
      'searches',
      { value: search.totals.conversionBps, previous: previousSearch?.totals.conversionBps ?? null },
      '/search-demand',
      {
        value: searchReason(search.totals),
        previous: previousSearch === null ? 'no_data' : searchReason(previousSearch.totals),
      },
    ),
    headline(
      'zeroResultSearches',
      'count',
      'searches',
      { value: search.totals.zeroResultSearches, previous: previousSearch?.totals.zeroResultSearches ?? null },
      '/search-demand',
    ),
  ];
  const claims: Insight[] = [...revenue.insights, ...funnel.insights].filter((i) => i.significant === true);
  return {
    timeZone: deps.timeZone,
    period: revenue.period,
    comparison: cmp,
    comparisonUntil: revenue.comparisonUntil,
    headlines,
    highlights: claims.filter((i) => i.tone === 'highlight'),
    concerns: claims.filter((i) => i.tone === 'concern'),
    errorRate: INSIGHT_ERROR_RATE,
    topZeroResultQueries: search.topZeroResultQueries.slice(0, 5),
  };
}
