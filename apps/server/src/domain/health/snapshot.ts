import type { HealthSnapshot, SourceStatus } from '@ops/shared';
import type { Services } from '../../context.js';
import { withBudget } from '../../integrations/index.js';
import { assessOverall } from './assess.js';
import { growthHealth, jobsHealth, paymentsHealth, webhooksHealth } from './postgres-sources.js';
import { latestDeploys, withRecordedDrift } from '../deploys/overview.js';
import { poolSamplerFor } from './pool-sampler.js';
import { readAlerts, readDeploys, readLogsHealth, readRedisHealth, readStabilityMetrics, readTopErrors } from './vendor-reads.js';

/**
 * One command-center snapshot: every source starts at once and each is cut at its own budget, so the whole takes
 * about as long as the slowest source (never more than the budget) and one dead source only blanks its own panel.
 */
export async function buildSnapshot(services: Services): Promise<HealthSnapshot> {
  const sampler = poolSamplerFor(services.dbs, () => services.dbs.poolStats());
  return sampler.excluding(() => snapshotOnce(services, sampler));
}

async function snapshotOnce(services: Services, sampler: ReturnType<typeof poolSamplerFor>): Promise<HealthSnapshot> {
  const started = performance.now();
  const { config, dbs, integrations } = services;
  const budget = config.SOURCE_TIMEOUT_MS;
  const now = services.now();
  const db = dbs.api;

  const [metrics, errors, alerts, deploys, logs, payments, webhooks, jobs, growth, pool, redis] = await Promise.all([
    readStabilityMetrics(integrations, budget),
    readTopErrors(integrations, budget, 'freq', 5),
    readAlerts(integrations, budget),
    // Drift is judged against the deploy history the charts mark, so the page and the markers agree.
    Promise.all([readDeploys(integrations, budget), latestDeploys(db).catch(() => new Map())]).then(([d, latest]) => ({
      ...d,
      data: d.data ? withRecordedDrift(d.data, latest) : null,
    })),
    readLogsHealth(integrations, budget),
    withBudget('payments', budget, () => paymentsHealth(db, now)),
    withBudget('webhooks', budget, () => webhooksHealth(db, now)),
    withBudget('jobs', budget, () => jobsHealth(db, now)),
    withBudget('growth', budget, () => growthHealth(db, now, config.BUSINESS_TIME_ZONE)),
    withBudget('db_pool', budget, async () =>
      sampler.summary({
        api: config.DB_POOL_API_MAX,
        analytics: config.DB_POOL_ANALYTICS_MAX,
        worker: config.DB_POOL_WORKER_MAX,
      }),
    ),
    readRedisHealth(integrations, budget),
  ]);

  const sources: SourceStatus[] = [
    metrics.status,
    errors.status,
    alerts.status,
    deploys.status,
    logs.status,
    payments.status,
    webhooks.status,
    jobs.status,
    growth.status,
    pool.status,
    redis.status,
  ];
  const body: Omit<HealthSnapshot, 'overall' | 'tookMs' | 'generatedAt'> = {
    sources,
    stability: {
      logs: logs.data,
      errorRate: metrics.data?.errorRate ?? null,
      p99LatencySeconds: metrics.data?.p99 ?? null,
      requestRate: metrics.data?.requestRate ?? null,
      topErrors: errors.data,
      alerts: alerts.data,
      deploys: deploys.data,
    },
    money: { payments: payments.data, webhooks: webhooks.data },
    growth: growth.data,
    operations: { jobs: jobs.data, pool: pool.data, redis: redis.data },
  };
  return {
    generatedAt: now.toISOString(),
    overall: assessOverall(body, config.BUSINESS_TIME_ZONE),
    ...body,
    tookMs: Math.round(performance.now() - started),
  };
}
