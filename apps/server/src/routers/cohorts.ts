import { cohortsInputSchema, type CohortsReport } from '@ops/shared';
import { reportDeps } from '../domain/analytics/deps.js';
import { cohortsReport } from '../domain/analytics/reports.js';
import { procedure, router } from '../trpc.js';

export const cohorts = router({
  report: procedure('analytics.read')
    .input(cohortsInputSchema)
    .query(({ ctx, input }): Promise<CohortsReport> => cohortsReport(reportDeps(ctx), input.months)),
});
