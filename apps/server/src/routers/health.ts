import {
  errorsIssueInputSchema,
  errorsTopInputSchema,
  metricsRangeInputSchema,
  type ErrorIssueDetail,
  type ErrorIssueSummary,
  type HealthSnapshot,
  type MetricCatalogEntry,
  type SourceStatus,
} from '@ops/shared';
import { CATALOG } from '../integrations/prometheus/catalog.js';
import { metricsRange } from '../domain/health/metrics-range.js';
import { buildSnapshot } from '../domain/health/snapshot.js';
import { errorIssue, topErrors } from '../domain/health/sentry-issues.js';
import { procedure, router } from '../trpc.js';

export const health = router({
  /** The command center: every source at once, each cut at its budget. */
  snapshot: procedure('health.read').query(({ ctx }): Promise<HealthSnapshot> => buildSnapshot(ctx)),

  metrics: router({
    catalog: procedure('health.read').query((): MetricCatalogEntry[] =>
      CATALOG.map((m) => ({ id: m.id, name: m.name, description: m.description, promql: m.promql, unit: m.unit })),
    ),
    range: procedure('health.read')
      .input(metricsRangeInputSchema)
      .query(({ ctx, input }) => metricsRange(ctx, input)),
  }),

  errors: router({
    top: procedure('health.read')
      .input(errorsTopInputSchema)
      .query(({ ctx, input }): Promise<{ source: SourceStatus; issues: ErrorIssueSummary[] | null }> =>
        topErrors(ctx, input.sort),
      ),
    issue: procedure('health.read')
      .input(errorsIssueInputSchema)
      .query(({ ctx, input }): Promise<{ source: SourceStatus; issue: ErrorIssueDetail | null }> => errorIssue(ctx, input.id)),
  }),
});
