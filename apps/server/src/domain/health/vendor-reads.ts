import type {
  LogsHealth,
  RedisHealth,
  ActiveSilence,
  DeployTargetState,
  ErrorIssueDetail,
  ErrorIssueSummary,
  ErrorSort,
  FiringAlert,
  MetricReading,
  MetricSeries,
} from '@ops/shared';
import { LATENCY_SLO_PERIOD, type SourceStatus } from '@ops/shared';
import {
  CATALOG,
  checkDeployTargets,
  notConfigured,
  PrometheusError,
  SentryError,
  withBudget,
  type IntegrationName,
  type Integrations,
  type PromQueryResult,
  type SentryEvent,
  type SentryIssue,
} from '../../integrations/index.js';

export interface BudgetResult<T> {
  status: SourceStatus;
  data: T | null;
}

/** A vendor read cut at its budget; a client nobody configured is reported as such without a call. */
export function fromClient<C, T>(
  integrations: Integrations,
  source: IntegrationName,
  budgetMs: number,
  client: C | null,
  fn: (client: C, signal: AbortSignal) => Promise<T>,
): Promise<BudgetResult<T>> {
  if (client === null) return Promise.resolve({ status: notConfigured(source), data: null });
  return withBudget(source, budgetMs, (signal) => fn(client, signal), { sample: integrations.sample[source] });
}

/**
 * The command center's reads from the vendor clients, each cut at its budget. This file maps the clients' types
 * to the page's; it never sees a vendor URL or JSON shape (those stay in integrations/).
 */

export interface StabilityMetrics {
  errorRate: MetricReading;
  p99: MetricReading;
  requestRate: MetricReading;
}

const SNAPSHOT_METRICS = { errorRate: 'error_rate', p99: 'latency_p99', requestRate: 'request_rate' } as const;

/** The first value of an instant query, or null when Prometheus measured nothing (NaN from 0/0 counts as nothing). */
export function firstValue(result: PromQueryResult): number | null {
  const r = result.result;
  const v = r.type === 'vector' ? r.series[0]?.sample.value : r.type === 'scalar' ? r.sample.value : undefined;
  return v !== undefined && Number.isFinite(v) ? v : null;
}

export function readStabilityMetrics(integrations: Integrations, budgetMs: number): Promise<BudgetResult<StabilityMetrics>> {
  return fromClient(integrations, 'prometheus', budgetMs, integrations.prometheus, async (client, signal) => {
    const read = async (metricId: string): Promise<MetricReading> => {
      const entry = CATALOG.find((m) => m.id === metricId);
      if (!entry) throw new Error(`metric ${metricId} is missing from the catalog`);
      return { metricId, value: firstValue(await client.query(entry.promql, undefined, signal)) };
    };
    const [errorRate, p99, requestRate] = await Promise.all([
      read(SNAPSHOT_METRICS.errorRate),
      read(SNAPSHOT_METRICS.p99),
      read(SNAPSHOT_METRICS.requestRate),
    ]);
    return { errorRate, p99, requestRate };
  });
}

export function readTopErrors(
  integrations: Integrations,
  budgetMs: number,
  sort: ErrorSort,
  limit: number,
): Promise<BudgetResult<ErrorIssueSummary[]>> {
  return fromClient(integrations, 'sentry', budgetMs, integrations.sentry, async (client, signal) => {
    const issues = await client.topIssues({ sort, limit, statsPeriod: '24h' }, signal);
    return issues.map(issueSummary);
  });
}

export function readIssue(
  integrations: Integrations,
  budgetMs: number,
  id: string,
): Promise<BudgetResult<ErrorIssueDetail | null>> {
  return fromClient(integrations, 'sentry', budgetMs, integrations.sentry, async (client, signal) => {
    const issue = await nullOn404(client.issue(id, signal));
    if (!issue) return null;
    const event = await nullOn404(client.latestEvent(id, signal));
    // A stand-in's permalink is its own API on a loopback port, no page a person can open.
    const permalink = integrations.sample.sentry ? null : issue.permalink || null;
    return { ...issueSummary(issue), permalink, latestEvent: event ? sentryEventView(event) : null };
  });
}

/** Sentry's 404 (no such issue or event) is an answer, not a failure of the source. */
export async function nullOn404<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof SentryError && error.status === 404) return null;
    throw error;
  }
}

/** One Sentry event as the console shows it: its tags as rows and its stack frames, innermost first. */
export function sentryEventView(event: SentryEvent) {
  return {
    eventId: event.eventId,
    dateCreated: event.dateCreated,
    message: event.message,
    tags: Object.entries(event.tags).map(([key, value]) => ({ key, value })),
    exceptions: event.exceptions.map((x) => ({
      type: x.type,
      value: x.value ?? '',
      frames: x.frames.map((f) => ({
        filename: f.filename ?? '?',
        function: f.function,
        lineNo: f.lineNo,
        colNo: f.colNo,
        inApp: f.inApp,
        context: f.context,
      })),
    })),
  };
}

/** An address safe to open from the console: http(s) only (an annotation is free text). */
function httpUrl(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Prometheus links each alert to its rule's graph: `…/graph?g0.expr=<PromQL>`; the expression is what we chart. */
export function ruleExpression(generatorUrl: string | null): string | null {
  if (generatorUrl === null) return null;
  try {
    const expr = new URL(generatorUrl).searchParams.get('g0.expr');
    return expr === null || expr.trim() === '' ? null : expr;
  } catch {
    return null;
  }
}

export function readAlerts(integrations: Integrations, budgetMs: number): Promise<BudgetResult<FiringAlert[]>> {
  return fromClient(integrations, 'alertmanager', budgetMs, integrations.alertmanager, async (client, signal) => {
    const alerts = await client.listAlerts({ active: true, silenced: true, inhibited: true }, signal);
    return alerts.map((a): FiringAlert => ({
      fingerprint: a.fingerprint,
      name: a.name,
      severity: a.labels.severity ?? null,
      summary: a.annotations.summary ?? a.annotations.description ?? null,
      description: a.annotations.summary !== undefined ? (a.annotations.description ?? null) : null,
      runbookUrl: httpUrl(a.annotations.runbook_url),
      expr: ruleExpression(a.generatorUrl),
      labels: a.labels,
      startsAt: a.startsAt,
      state: a.state,
      silencedBy: a.silencedBy,
    }));
  });
}

/** The summary the command center shows: the issue without its stats and permalink, the project by name. */
function issueSummary({
  id,
  shortId,
  title,
  culprit,
  level,
  count,
  userCount,
  firstSeen,
  lastSeen,
  project,
}: SentryIssue): ErrorIssueSummary {
  return { id, shortId, title, culprit, level, count, userCount, firstSeen, lastSeen, project: project.name };
}

/** The latency SLO the command center checks Axiom's request logs against, over LATENCY_SLO_PERIOD. */
export const LATENCY_SLO = { thresholdMs: 500, target: 0.99 } as const;

export function readLogsHealth(integrations: Integrations, budgetMs: number): Promise<BudgetResult<LogsHealth>> {
  return fromClient(integrations, 'axiom', budgetMs, integrations.axiom, async (client, signal) => {
    const [rate, slo, slowest] = await Promise.all([
      client.ingestRate('1h', signal),
      client.latencySlo(LATENCY_SLO_PERIOD, LATENCY_SLO.thresholdMs, signal),
      client.slowOperations('1h', signal),
    ]);
    return {
      ingestPerSecond: rate.perSecond,
      ingestedLastHour: rate.total,
      slo: { thresholdMs: slo.thresholdMs, target: LATENCY_SLO.target, share: slo.share, total: slo.total },
      slowest: slowest.slice(0, 5),
    };
  });
}

export function readRedisHealth(integrations: Integrations, budgetMs: number): Promise<BudgetResult<RedisHealth>> {
  return fromClient(integrations, 'redis', budgetMs, integrations.redis, (client, signal) => client.stats(signal));
}

export async function readDeploys(integrations: Integrations, budgetMs: number): Promise<BudgetResult<DeployTargetState[]>> {
  const targets = integrations.deployTargets.length > 0 ? integrations.deployTargets : null;
  // Each target gets a little less than the source's budget, so one slow target is reported unknown by itself
  // (with the others still shown) instead of the budget cut blanking the whole panel.
  const perTargetMs = Math.max(50, budgetMs - Math.min(250, Math.round(budgetMs / 5)));
  const read = await fromClient(integrations, 'deploys', budgetMs, targets, async (list, signal) => {
    const check = await checkDeployTargets(list, perTargetMs, signal);
    return check.targets.map((t): DeployTargetState => ({
      name: t.name,
      up: t.state === 'up',
      unknown: t.state === 'unknown',
      sha: t.sha,
      version: t.version,
      responseMs: t.responseMs,
      error: t.error,
      drift: t.drift,
    }));
  });
  // No target answered in time: the check saw nothing, so the source is degraded (the page lists it as not visible)
  // rather than every target being reported down.
  if (read.data !== null && read.data.length > 0 && read.data.every((t) => t.unknown))
    return {
      ...read,
      status: { ...read.status, state: 'degraded', error: `no deploy target answered within ${perTargetMs} ms` },
    };
  return read;
}

export type RangeRead =
  { ok: true; series: MetricSeries[]; warnings: string[] } | { ok: false; error: string; errorType: string | null };

function seriesLabel(metric: Record<string, string>): string {
  const { __name__: name, ...rest } = metric;
  const labels = Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return labels ? `${name ?? ''}{${labels}}` : (name ?? 'value');
}

/** A range query; Prometheus refusing the query (bad PromQL) is an answer, not an outage: its message is kept. */
export function readRange(
  integrations: Integrations,
  budgetMs: number,
  promql: string,
  window: { start: number; end: number; step: number },
): Promise<BudgetResult<RangeRead>> {
  return fromClient(integrations, 'prometheus', budgetMs, integrations.prometheus, async (client, signal): Promise<RangeRead> => {
    try {
      const answer = await client.queryRange(
        promql,
        { start: new Date(window.start * 1000), end: new Date(window.end * 1000), stepSeconds: window.step },
        signal,
      );
      const r = answer.result;
      const series: MetricSeries[] =
        r.type === 'matrix'
          ? r.series.map((s) => ({
              label: seriesLabel(s.metric),
              points: s.samples.map((p) => ({ t: p.t, v: Number.isFinite(p.value) ? p.value : null })),
            }))
          : [];
      return { ok: true, warnings: answer.warnings, series };
    } catch (error) {
      // Prometheus answered and refused the query: keep its own words (bad_data, execution); transport errors fall through.
      if (error instanceof PrometheusError && error.status !== null && error.status < 500)
        return { ok: false, error: error.message, errorType: error.errorType };
      throw error;
    }
  });
}

export function readSilences(integrations: Integrations, budgetMs: number): Promise<BudgetResult<ActiveSilence[]>> {
  return fromClient(integrations, 'alertmanager', budgetMs, integrations.alertmanager, async (client, signal) => {
    const silences = await client.listSilences(signal);
    return silences
      .filter((s) => s.state !== 'expired')
      .map((s): ActiveSilence => ({
        id: s.id,
        state: s.state,
        matchers: s.matchers,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        createdBy: s.createdBy,
        comment: s.comment,
      }));
  });
}
