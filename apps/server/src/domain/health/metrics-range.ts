import { METRIC_PERIOD_SECONDS, metricsRangeInputSchema, type MetricsRangeInput, type MetricsRangeResult } from '@ops/shared';
import { DomainError } from '../errors.js';
import type { Services } from '../../context.js';
import { CATALOG } from '../../integrations/prometheus/catalog.js';
import { chartAnnotations } from './annotations.js';
import { readRange } from './vendor-reads.js';

/** About this many points per series whatever the period (Prometheus allows 11,000; a chart needs far fewer). */
const TARGET_POINTS = 240;

/**
 * The window a period reads: it ends now, so the latest minutes (an ongoing spike) are on the chart. Prometheus
 * evaluates at start, start + step, … up to end, so the start is counted back from now in whole steps and the last
 * point falls on now itself; a start aligned to the step grid instead would leave up to a step (42 minutes for
 * "Last 7 days") unread at the right edge.
 */
export function rangeWindow(period: keyof typeof METRIC_PERIOD_SECONDS, now: Date): { start: number; end: number; step: number } {
  const seconds = METRIC_PERIOD_SECONDS[period];
  const step = Math.max(15, Math.ceil(seconds / TARGET_POINTS / 15) * 15);
  const end = Math.floor(now.getTime() / 1000);
  return { start: end - Math.ceil(seconds / step) * step, end, step };
}

/**
 * A range query from the catalog or free PromQL, with deploy and admin-action markers over the same window. A query
 * Prometheus refuses comes back as `{ ok: false, error }` carrying Prometheus's own message, not as a server error.
 */
export async function metricsRange(services: Services, rawInput: MetricsRangeInput): Promise<MetricsRangeResult> {
  const input = metricsRangeInputSchema.parse(rawInput);
  let promql: string;
  let unit = '';
  if (input.metricId !== undefined) {
    const entry = CATALOG.find((m) => m.id === input.metricId);
    if (!entry) throw new DomainError('BAD_REQUEST', `metricId: no metric "${input.metricId}" in the catalog`);
    promql = entry.promql;
    unit = entry.unit;
  } else promql = input.promql ?? '';

  const window = rangeWindow(input.period, services.now());
  const [range, annotations] = await Promise.all([
    readRange(services.integrations, services.config.SOURCE_TIMEOUT_MS, promql, window),
    chartAnnotations(services.dbs.api, new Date(window.start * 1000), new Date(window.end * 1000), [...services.actions.keys()]),
  ]);
  if (range.data === null) {
    return {
      ok: false,
      promql,
      error: range.status.error ?? 'Prometheus did not answer',
      errorType: null,
      source: range.status,
      annotations,
    };
  }
  if (!range.data.ok) {
    return { ok: false, promql, error: range.data.error, errorType: range.data.errorType, source: range.status, annotations };
  }
  return {
    ok: true,
    promql,
    unit,
    startSeconds: window.start,
    endSeconds: window.end,
    stepSeconds: window.step,
    series: range.data.series,
    warnings: range.data.warnings,
    annotations,
    source: range.status,
  };
}
