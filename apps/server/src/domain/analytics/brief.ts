import {
  INSIGHT_ERROR_RATE,
  METRICS,
  changeBps,
  localDate,
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
  const headline = (
    metric: BriefHeadline['metric'],
    unit: BriefHeadline['unit'],
    value: number | null,
    previous: number | null,
    page: string,
    reasons: { value: MissingReason; previous: MissingReason } = { value: 'no_data', previous: 'no_data' },
    label: string = METRICS[metric].label,
  ): BriefHeadline => ({
    metric,
    label,
    unit,
    value,
    previous,
    missing: {
      value: value === null ? reasons.value : null,
      previous: previous === null && cmp !== null ? reasons.previous : null,
    },
    changeBps: unit === 'bps' || value === null ? null : changeBps(value, previous),
    href: pageHref(page, input),
  });
  const prev = revenue.previous;
  const headlines: BriefHeadline[] = [
    headline('gmv', 'cents', revenue.totals.gmvCents, prev?.gmvCents ?? null, '/revenue'),
    headline('netRevenue', 'cents', revenue.totals.netRevenueCents, prev?.netRevenueCents ?? null, '/revenue'),
    headline('bookings', 'count', revenue.totals.bookings, prev?.bookings ?? null, '/revenue'),
    headline('signups', 'count', signup?.users ?? 0, signup?.previousUsers ?? null, '/funnel'),
    headline(
      'stepConversion',
      'bps',
      confirmed?.stepConversionBps ?? null,
      confirmed?.previousStepConversionBps ?? null,
      '/funnel',
      { value: cohortReason(revenue.period.from), previous: cmp === null ? 'no_data' : cohortReason(cmp.from) },
      'Bookings confirmed (of started)',
    ),
    headline(
      'searchConversion',
      'bps',
      search.totals.conversionBps,
      previousSearch?.totals.conversionBps ?? null,
      '/search-demand',
      {
        value: searchReason(search.totals),
        previous: previousSearch === null ? 'no_data' : searchReason(previousSearch.totals),
      },
    ),
    headline(
      'zeroResultSearches',
      'count',
      search.totals.zeroResultSearches,
      previousSearch?.totals.zeroResultSearches ?? null,
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
