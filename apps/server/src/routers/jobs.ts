import { jobsListInputSchema, jobTaskInputSchema } from '@ops/shared';
import { discardJob, retryJob } from '../domain/jobs/actions.js';
import { jobsOverview, jobTaskHistory, listJobs } from '../domain/jobs/queries.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export const jobs = router({
  overview: procedure('health.read').query(({ ctx }) => jobsOverview(ctx.db, ctx.now())),
  list: procedure('health.read')
    .input(jobsListInputSchema)
    .query(({ ctx, input }) => listJobs(ctx.db, input)),
  task: procedure('health.read')
    .input(jobTaskInputSchema)
    .query(({ ctx, input }) => jobTaskHistory(ctx.db, input.task, ctx.now(), ctx.config.BUSINESS_TIME_ZONE)),
  retry: actionProcedures(retryJob),
  discard: actionProcedures(discardJob),
});
