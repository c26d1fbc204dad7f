import { z } from 'zod';
import { ERROR_SORTS, METRIC_PERIODS } from '@ops/shared';

/** The metrics explorer's URL: a catalog metric or free PromQL, over a period. */
export const metricsSearchSchema = z.object({
  metricId: z.string().max(100).optional().catch(undefined),
  promql: z.string().max(4_000).optional().catch(undefined),
  period: z.enum(METRIC_PERIODS).default('24h').catch('24h'),
});
export type MetricsSearch = z.infer<typeof metricsSearchSchema>;

/** The error list's URL: how the issues are ordered. */
export const errorsSearchSchema = z.object({ sort: z.enum(ERROR_SORTS).default('freq').catch('freq') });
/** An issue's page keeps the order of the list it was opened from, for its way back. */
export const errorIssueSearchSchema = z.object({ sort: z.enum(ERROR_SORTS).optional().catch(undefined) });
