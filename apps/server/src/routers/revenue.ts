import { analyticsPeriodInputSchema, type LiabilitiesReport, type RevenueReport, type SupplyReport } from '@ops/shared';
import { reportDeps } from '../domain/analytics/deps.js';
import { cachedRevenueReport } from '../domain/analytics/report-cache.js';
import { liabilitiesReport, supplyReport } from '../domain/analytics/reports.js';
import { procedure, router } from '../trpc.js';

/** Exec money views: revenue for a period against its comparison, what the marketplace owes, supply and demand. */
export const revenue = router({
  report: procedure('analytics.read')
    .input(analyticsPeriodInputSchema)
    .query(({ ctx, input }): Promise<RevenueReport> => cachedRevenueReport(reportDeps(ctx), input)),
  liabilities: procedure('analytics.read')
    .input(analyticsPeriodInputSchema)
    .query(({ ctx, input }): Promise<LiabilitiesReport> => liabilitiesReport(reportDeps(ctx), input)),
  supply: procedure('analytics.read')
    .input(analyticsPeriodInputSchema)
    .query(({ ctx, input }): Promise<SupplyReport> => supplyReport(reportDeps(ctx), input)),
});
