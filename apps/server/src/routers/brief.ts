import { analyticsPeriodInputSchema, type BriefReport } from '@ops/shared';
import { briefReport } from '../domain/analytics/brief.js';
import { reportDeps } from '../domain/analytics/deps.js';
import { procedure, router } from '../trpc.js';

/** The growth brief: one page per period, headline numbers and the claims that pass their tests. */
export const brief = router({
  report: procedure('analytics.read')
    .input(analyticsPeriodInputSchema)
    .query(({ ctx, input }): Promise<BriefReport> => briefReport(reportDeps(ctx), input)),
});
