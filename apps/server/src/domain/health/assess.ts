import {
  alertRuleParts,
  DEFAULT_TIME_ZONE,
  ERROR_RATE_THRESHOLDS,
  failedWebhooksHref,
  formatInZone,
  formatCents,
  LATENCY_SLO_MIN_REQUESTS,
  LATENCY_SLO_PERIOD_WORDS,
  parseTargetName,
  plural,
  refundProblem,
  sloMissedHref,
  type FiringAlert,
  type HealthLevel,
  type HealthProblem,
  type HealthSnapshot,
  type SourceStatus,
} from '@ops/shared';
import { CATALOG } from '../../integrations/prometheus/catalog.js';

/** Where the command center draws its lines; a person reading the page sees the same numbers in each message. */
export const THRESHOLDS = {
  errorRate: ERROR_RATE_THRESHOLDS,
  p99Seconds: { warning: 1, critical: 2.5 },
  dueJobs: { warning: 100, critical: 1_000 },
  oldestDueSeconds: { warning: 300, critical: 1_800 },
  /** Share of Redis's memory limit in use. */
  redisMemory: { warning: 0.8, critical: 0.95 },
  brokerQueue: { warning: 1_000, critical: 10_000 },
} as const;

const ERROR_RATE_QUERY = normalizePromql(CATALOG.find((m) => m.id === 'error_rate')?.promql ?? '');

function normalizePromql(q: string): string {
  return q.replace(/\s+/g, '');
}

/**
 * A firing alert whose rule watches the error rate (the catalog's query) against a number: its threshold is where
 * the alert calls the rate a problem, so the command center draws its warning there too and says whose line it is.
 */
function errorRateRule(alerts: FiringAlert[]): { name: string; threshold: number } | null {
  for (const a of alerts) {
    if (!a.expr) continue;
    const { query, threshold } = alertRuleParts(a.expr);
    if (threshold && (threshold.op === '>' || threshold.op === '>=') && normalizePromql(query) === ERROR_RATE_QUERY)
      return { name: a.name, threshold: threshold.value };
  }
  return null;
}

/** Refund problems listed one by one; past this many, one line counts the rest. */
const REFUND_PROBLEMS_SHOWN = 5;

const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 2 : 1)} %`;

/**
 * The overall verdict: the worst problem decides the level; sources that did not answer are listed apart (an
 * unknown is not a failure of production, but the person must know what the page cannot see).
 */
export function assessOverall(
  s: Omit<HealthSnapshot, 'overall' | 'tookMs' | 'generatedAt'>,
  timeZone: string = DEFAULT_TIME_ZONE,
): HealthSnapshot['overall'] {
  const problems: HealthProblem[] = [];
  const add = (level: HealthProblem['level'], message: string, href: string | null) => problems.push({ level, message, href });

  const er = s.stability.errorRate?.value;
  const rule = errorRateRule(s.stability.alerts ?? []);
  const warningAt = rule?.threshold ?? THRESHOLDS.errorRate.warning;
  if (er !== undefined && er !== null && er >= Math.min(warningAt, THRESHOLDS.errorRate.critical)) {
    const level = er >= THRESHOLDS.errorRate.critical ? 'critical' : 'warning';
    const line =
      level === 'critical' ? pct(THRESHOLDS.errorRate.critical) : `${pct(warningAt)}${rule ? `, ${rule.name}'s threshold` : ''}`;
    add(level, `Error rate ${pct(er)} (over ${line})`, '/health/metrics?metricId=error_rate&period=24h');
  }
  const p99 = s.stability.p99LatencySeconds?.value;
  if (p99 !== undefined && p99 !== null && p99 >= THRESHOLDS.p99Seconds.warning) {
    const level = p99 >= THRESHOLDS.p99Seconds.critical ? 'critical' : 'warning';
    add(
      level,
      `p99 latency ${Math.round(p99 * 1000)} ms (over ${(level === 'critical' ? THRESHOLDS.p99Seconds.critical : THRESHOLDS.p99Seconds.warning) * 1000} ms)`,
      '/health/metrics?metricId=latency_p99&period=24h',
    );
  }
  const logs = s.stability.logs;
  // Judged only over enough logged requests: a share of a few dozen swings by points with each slow one.
  if (logs && logs.slo.share !== null && logs.slo.total >= LATENCY_SLO_MIN_REQUESTS && logs.slo.share < logs.slo.target) {
    add(
      'warning',
      `Latency SLO missed: ${pct(logs.slo.share)} of ${plural(logs.slo.total, 'logged request')} in ${LATENCY_SLO_PERIOD_WORDS} within ${logs.slo.thresholdMs} ms (target ${pct(logs.slo.target)})`,
      // The requests that missed: those slower than the threshold, over the SLO's window.
      sloMissedHref(logs.slo.thresholdMs),
    );
  }
  const firing = (s.stability.alerts ?? []).filter((a) => a.silencedBy.length === 0);
  const critical = firing.filter((a) => a.severity === 'critical' || a.severity === 'page');
  if (critical.length > 0)
    add('critical', `${plural(critical.length, 'critical alert')} firing: ${critical.map((a) => a.name).join(', ')}`, '/alerts');
  else if (firing.length > 0)
    add('warning', `${plural(firing.length, 'alert')} firing: ${firing.map((a) => a.name).join(', ')}`, '/alerts');

  // Only a target that answered unhealthy or refused is down (one that was silent within the check's time is
  // unknown); production's down targets are critical, another environment's only a warning that names it.
  const down = (s.stability.deploys ?? []).filter((d) => !d.up && !d.unknown);
  const downByEnvironment = new Map<string, string[]>();
  for (const d of down) {
    const { environment } = parseTargetName(d.name);
    downByEnvironment.set(environment, [...(downByEnvironment.get(environment) ?? []), d.name]);
  }
  for (const [environment, names] of downByEnvironment) {
    if (environment === 'production') add('critical', `Deploy target down: ${names.join(', ')}`, '/deploys');
    else add('warning', `Deploy target down in ${environment}: ${names.join(', ')}`, '/deploys');
  }
  const drift = (s.stability.deploys ?? []).filter((d) => d.up && d.drift);
  if (drift.length > 0)
    add('warning', `Version drift: ${drift.map((d) => `${d.name} runs ${d.version ?? d.sha ?? '?'}`).join(', ')}`, '/deploys');

  const pay = s.money.payments;
  if (pay) {
    const overdue = pay.authorizationsOverdue + pay.capturesOverdue;
    if (overdue > 0)
      add(
        'warning',
        `${plural(overdue, 'payment')} overdue (${plural(pay.authorizationsOverdue, 'authorisation')}, ${plural(pay.capturesOverdue, 'capture')})`,
        '/payments',
      );
  }
  if (pay) {
    // One problem per refund, each linking to its booking, so on-call opens the right page in one click.
    const { stuck, failed, items } = pay.refundsNeedingAttention;
    for (const r of items.slice(0, REFUND_PROBLEMS_SHOWN)) {
      const what = `Refund of ${formatCents(r.amountCents)} on booking ${r.shortId}`;
      const since = r.kind === 'stuck' ? `, requested ${formatInZone(r.createdAt, timeZone)}` : '';
      add('warning', `${what} ${refundProblem(r)}${since}`, `/bookings/${r.bookingId}`);
    }
    const more = stuck + failed - Math.min(items.length, REFUND_PROBLEMS_SHOWN);
    if (more > 0) add('warning', `${plural(more, 'more refund')} stuck or failed`, '/payments');
  }
  const hooks = s.money.webhooks;
  if (hooks && hooks.failed24h > 0)
    // Every failure in the window, as the ledger's failed view and the WebhookFailures alert count them; the split
    // says what each needs: a permanent one (money Stripe moved that we cannot match) a person reconciles by hand.
    add(
      'warning',
      `${plural(hooks.failed24h, 'webhook')} failed in 24 h: ${hooks.permanent24h} permanent (reconcile by hand), ${hooks.retryable24h} retryable (a replay may fix)`,
      failedWebhooksHref(hooks.since),
    );

  const jobs = s.operations.jobs;
  if (jobs) {
    if (jobs.dead > 0) add('warning', `${plural(jobs.dead, 'background job')} in the dead-letter queue`, '/jobs?status=dead');
    if (jobs.due >= THRESHOLDS.dueJobs.warning)
      add(
        jobs.due >= THRESHOLDS.dueJobs.critical ? 'critical' : 'warning',
        `${plural(jobs.due, 'job')} waiting past their time`,
        '/jobs?status=queued',
      );
    if (jobs.oldestDueSeconds !== null && jobs.oldestDueSeconds >= THRESHOLDS.oldestDueSeconds.warning) {
      add(
        jobs.oldestDueSeconds >= THRESHOLDS.oldestDueSeconds.critical ? 'critical' : 'warning',
        `Oldest due job has waited ${Math.round(jobs.oldestDueSeconds / 60)} min`,
        '/jobs?status=queued',
      );
    }
  }
  const pool = s.operations.pool;
  const saturated = (pool?.pools ?? []).filter((p) => p.saturated);
  if (pool && saturated.length > 0)
    add(
      'warning',
      `Database pool saturated: ${saturated
        .map(
          (p) =>
            `${p.pool} had requests waiting ${Math.round(p.waitingShare * 100)} % of the last ${pool.windowSeconds} s (peak ${p.peakWaiting})`,
        )
        .join(', ')}`,
      '/health/metrics?metricId=db_pool_usage&period=1h',
    );

  const redis = s.operations.redis;
  if (redis) {
    const used = redis.maxMemoryBytes > 0 ? redis.usedMemoryBytes / redis.maxMemoryBytes : null;
    if (used !== null && used >= THRESHOLDS.redisMemory.warning)
      add(
        used >= THRESHOLDS.redisMemory.critical ? 'critical' : 'warning',
        `Redis memory at ${pct(used)} of its limit${redis.evictionPolicy ? ` (policy ${redis.evictionPolicy})` : ''}`,
        null,
      );
    for (const q of redis.queues.filter((x) => x.length >= THRESHOLDS.brokerQueue.warning))
      add(
        q.length >= THRESHOLDS.brokerQueue.critical ? 'critical' : 'warning',
        `Broker queue ${q.name} holds ${q.length} messages`,
        // A Redis list, not the database's jobs the jobs page lists: no page shows it.
        null,
      );
  }

  const level: HealthLevel = problems.some((p) => p.level === 'critical')
    ? 'critical'
    : problems.length > 0
      ? 'warning'
      : 'healthy';
  problems.sort((a, b) => (a.level === b.level ? 0 : a.level === 'critical' ? -1 : 1));
  const unavailable = s.sources
    .filter((src: SourceStatus) => src.state === 'down' || src.state === 'degraded')
    .map((src) => src.source);
  return { level, problems, unavailable };
}
