import { cohortsInputSchema, type CohortsReport } from '@ops/shared';
import { reportDeps } from '../domain/analytics/deps.js';
import { cachedCohortsReport } from '../domain/analytics/report-cache.js';
import { procedure, router } from '../trpc.js';

export const cohorts = router({
  report: procedure('analytics.read')
    .input(cohortsInputSchema)
    .query(({ ctx, input }): Promise<CohortsReport> => cachedCohortsReport(reportDeps(ctx), input.months)),
});
