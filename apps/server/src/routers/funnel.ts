import { analyticsPeriodInputSchema, type FunnelReport } from '@ops/shared';
import { reportDeps } from '../domain/analytics/deps.js';
import { cachedFunnelReport } from '../domain/analytics/report-cache.js';
import { procedure, router } from '../trpc.js';

export const funnel = router({
  report: procedure('analytics.read')
    .input(analyticsPeriodInputSchema)
    .query(({ ctx, input }): Promise<FunnelReport> => cachedFunnelReport(reportDeps(ctx), input)),
});
