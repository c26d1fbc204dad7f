import { analyticsPeriodInputSchema, type SupplyReport } from '@ops/shared';
import { reportDeps } from '../domain/analytics/deps.js';
import { supplyReport } from '../domain/analytics/reports.js';
import { procedure, router } from '../trpc.js';

/** Supply and demand: active and bookable instructors, utilisation, supply by category, searches that found nothing. */
export const supply = router({
  report: procedure('analytics.read')
    .input(analyticsPeriodInputSchema)
    .query(({ ctx, input }): Promise<SupplyReport> => supplyReport(reportDeps(ctx), input)),
});
