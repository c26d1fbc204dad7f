import { analyticsPeriodInputSchema, type SearchDemandReport } from '@ops/shared';
import { reportDeps } from '../domain/analytics/deps.js';
import { searchDemandReport } from '../domain/analytics/search-demand.js';
import { procedure, router } from '../trpc.js';

/** What students search for, what they do not find, and how often a search leads to a booking. */
export const searchDemand = router({
  report: procedure('analytics.read')
    .input(analyticsPeriodInputSchema)
    .query(({ ctx, input }): Promise<SearchDemandReport> => searchDemandReport(reportDeps(ctx), input)),
});
