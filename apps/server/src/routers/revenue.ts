import { analyticsPeriodInputSchema, type LiabilitiesReport, type RevenueReport } from '@ops/shared';
import { reportDeps } from '../domain/analytics/deps.js';
import { cachedRevenueReport } from '../domain/analytics/report-cache.js';
import { liabilitiesReport } from '../domain/analytics/reports.js';
import { procedure, router } from '../trpc.js';

/** Exec money views: revenue for a period against its comparison, and what the marketplace owes. */
export const revenue = router({
  report: procedure('analytics.read')
    .input(analyticsPeriodInputSchema)
    .query(({ ctx, input }): Promise<RevenueReport> => cachedRevenueReport(reportDeps(ctx), input)),
  liabilities: procedure('analytics.read')
    .input(analyticsPeriodInputSchema)
    .query(({ ctx, input }): Promise<LiabilitiesReport> => liabilitiesReport(reportDeps(ctx), input)),
});
