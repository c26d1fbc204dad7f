import {
  INSIGHT_ERROR_RATE,
  METRICS,
  changeBps,
  type AnalyticsPeriodInput,
  type BriefHeadline,
  type BriefReport,
  type Insight,
} from '@ops/shared';
import { funnelReport, pageHref, revenueReport, type ReportDeps } from './reports.js';
import { searchDemandBetween } from './search-demand.js';

/**
 * The growth brief of a period: headline numbers against the comparison, and the highlights and concerns that pass
 * their tests. The brief's error rate is split between its two families of tests (revenue, funnel), so the chance
 * of any false claim on the whole page stays at INSIGHT_ERROR_RATE.
 */
export async function briefReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<BriefReport> {
  const errorRate = INSIGHT_ERROR_RATE / 2;
  // One after the other: the first refreshes the period's rollups that the others then read.
  const revenue = await revenueReport(deps, input, { errorRate });
  const funnel = await funnelReport(deps, input, { errorRate });
  const search = await searchDemandBetween(deps, revenue.period.from, revenue.period.to, revenue.comparison);
  const previousSearch = search.previous;
  const signup = funnel.stages.find((s) => s.stage === 'signup');
  const confirmed = funnel.stages.find((s) => s.stage === 'booking_confirmed');
  const headline = (
    metric: BriefHeadline['metric'],
    unit: BriefHeadline['unit'],
    value: number | null,
    previous: number | null,
    page: string,
    label: string = METRICS[metric].label,
  ): BriefHeadline => ({
    metric,
    label,
    unit,
    value,
    previous,
    changeBps: value === null || previous === null ? null : changeBps(value, previous),
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
      'Bookings confirmed (of started)',
    ),
    headline(
      'searchConversion',
      'bps',
      search.totals.conversionBps,
      previousSearch?.totals.conversionBps ?? null,
      '/search-demand',
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
    comparison: revenue.comparison,
    headlines,
    highlights: claims.filter((i) => i.tone === 'highlight'),
    concerns: claims.filter((i) => i.tone === 'concern'),
    errorRate: INSIGHT_ERROR_RATE,
    topZeroResultQueries: search.topZeroResultQueries.slice(0, 5),
  };
}
