import type { Db } from '@ops/db';
import type { Config } from '../env.js';
import type { Logger } from '../logger.js';
import { createAlertmanagerClient, type AlertmanagerClient } from './alertmanager/client.js';
import { startAlertmanagerStandin } from './alertmanager/standin.js';
import { createAxiomClient, type AxiomClient } from './axiom/client.js';
import { startAxiomStandin } from './axiom/standin.js';
import type { DeployTarget } from './deploys/check.js';
import { SAMPLE_DEPLOYS, startDeployStandins } from './deploys/standin.js';
import { createRedisClient, type RedisClient } from './redis/client.js';
import { createPrometheusClient, type PrometheusClient } from './prometheus/client.js';
import { startPrometheusStandin } from './prometheus/standin.js';
import { createSentryClient, type SentryClient } from './sentry/client.js';
import { startSentryStandin } from './sentry/standin.js';
import { createStripeGateway, type StripeGateway } from './stripe/gateway.js';
import { startStripeStandin } from './stripe/standin.js';

export { withBudget, notConfigured } from './budget.js';
export { checkDeployTargets } from './deploys/check.js';
export type { DeployCheck, DeployTarget, DeployTargetHealth } from './deploys/check.js';
export { CATALOG, catalogMetric } from './prometheus/catalog.js';
export type { CatalogId, CatalogMetric, MetricUnit } from './prometheus/catalog.js';
export { PrometheusError } from './prometheus/client.js';
export type { PrometheusClient, PromAlert, PromLabels, PromQueryResult, PromResult, PromSample } from './prometheus/client.js';
export { AlertmanagerError } from './alertmanager/client.js';
export type { AlertmanagerClient, AmAlert, AmSilence, SilenceMatcher } from './alertmanager/client.js';
export { SentryError } from './sentry/client.js';
export type { SentryClient, SentryEvent, SentryException, SentryFrame, SentryIssue, SentryIssueSort } from './sentry/client.js';
export { AxiomError } from './axiom/client.js';
export type { AxiomClient, AxiomWindow, IngestRate, LatencySlo, LogLine, LogSearch, SlowOperation } from './axiom/client.js';
export { RedisSourceError } from './redis/client.js';
export type { RedisClient, RedisStats } from './redis/client.js';
export { StripeGatewayError } from './stripe/gateway.js';
export type {
  StripeChargeInfo,
  StripeCustomerInfo,
  StripeDisputeInfo,
  StripeErrorKind,
  StripeGateway,
  StripePaymentIntentInfo,
  StripePaymentMethodInfo,
  StripeRefundInfo,
  StripeRefundReason,
} from './stripe/gateway.js';

export type IntegrationName = 'stripe' | 'prometheus' | 'alertmanager' | 'sentry' | 'axiom' | 'deploys' | 'redis';

export interface Integrations {
  stripe: StripeGateway | null;
  prometheus: PrometheusClient | null;
  alertmanager: AlertmanagerClient | null;
  sentry: SentryClient | null;
  axiom: AxiomClient | null;
  /** The marketplace's Redis: only when REDIS_URL is set (no stand-in; sample mode leaves it unset by default). */
  redis: RedisClient | null;
  deployTargets: DeployTarget[];
  /** True where the source is a local stand-in over sample data (the UI shows a "sample data" badge). */
  sample: Record<IntegrationName, boolean>;
  close(): Promise<void>;
}

/**
 * Builds the vendor clients. In sample mode every vendor gets its stand-in, started in-process on a loopback port,
 * and the same real clients production uses are pointed at it; otherwise a client exists only for what is
 * configured (null = not configured).
 */
export async function createIntegrations(config: Config, deps: { db: Db; logger: Logger }): Promise<Integrations> {
  const timeoutMs = config.SOURCE_TIMEOUT_MS;
  const redis = config.REDIS_URL
    ? createRedisClient({
        url: config.REDIS_URL,
        timeoutMs,
        queues: config.REDIS_QUEUES.split(','),
        keyPrefix: config.REDIS_KEY_PREFIX,
      })
    : null;
  if (config.sampleMode) return startSample(timeoutMs, deps, redis, config);

  const sentry =
    config.SENTRY_ORG && config.SENTRY_TOKEN
      ? createSentryClient({ url: config.SENTRY_URL, org: config.SENTRY_ORG, token: config.SENTRY_TOKEN, timeoutMs })
      : null;
  const axiom =
    config.AXIOM_TOKEN && config.AXIOM_DATASET
      ? createAxiomClient({ url: config.AXIOM_URL, token: config.AXIOM_TOKEN, dataset: config.AXIOM_DATASET, timeoutMs })
      : null;
  return {
    stripe: config.STRIPE_SECRET_KEY
      ? createStripeGateway({ secretKey: config.STRIPE_SECRET_KEY, apiBase: config.STRIPE_API_BASE, timeoutMs })
      : null,
    prometheus: config.PROMETHEUS_URL ? createPrometheusClient({ url: config.PROMETHEUS_URL, timeoutMs }) : null,
    alertmanager: config.ALERTMANAGER_URL ? createAlertmanagerClient({ url: config.ALERTMANAGER_URL, timeoutMs }) : null,
    sentry,
    axiom,
    redis,
    deployTargets: config.DEPLOY_TARGETS,
    sample: { stripe: false, prometheus: false, alertmanager: false, sentry: false, axiom: false, deploys: false, redis: false },
    close: async () => {
      await redis?.close();
    },
  };
}

/**
 * What the sample deploy targets run, taken from the deploy history the charts mark: production runs each service's
 * last deploy, except web, one deploy behind (the drift story); a preview environment runs api's next build.
 */
async function sampleDeploys(db: Db): Promise<Array<{ name: string; version: string; sha: string; status: string }>> {
  const rows = await db
    .selectFrom('deploys')
    .select(['service', 'version', 'sha'])
    .orderBy('deployed_at', 'desc')
    .limit(100)
    .execute();
  const byService = new Map<string, Array<{ version: string; sha: string }>>();
  for (const r of rows) byService.set(r.service, [...(byService.get(r.service) ?? []), { version: r.version, sha: r.sha }]);
  if (byService.size === 0) return [...SAMPLE_DEPLOYS];
  const out: Array<{ name: string; version: string; sha: string; status: string }> = [];
  for (const [service, deploys] of byService) {
    const runs = service === 'web' ? (deploys[1] ?? deploys[0]) : deploys[0];
    if (runs) out.push({ name: service, version: runs.version, sha: runs.sha, status: 'ok' });
  }
  const api = byService.get('api')?.[0];
  if (api) {
    const next = { version: `${api.version}-rc.1`, sha: 'c0ffee0d15ea5e5bada55c0ffee0d15ea5e5bada', status: 'ok' };
    out.push({ name: 'preview/api', ...next }, { name: 'preview/web', ...next });
  }
  return out;
}

async function startSample(
  timeoutMs: number,
  deps: { db: Db; logger: Logger },
  redis: RedisClient | null,
  config: Config,
): Promise<Integrations> {
  // The stand-in's test hooks move a refund on as Stripe would, and deliver the event to this console, signed.
  const consoleHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const stripeWebhook = config.STRIPE_WEBHOOK_SECRET
    ? { url: `http://${consoleHost}:${config.PORT}/webhooks/stripe`, secret: config.STRIPE_WEBHOOK_SECRET }
    : undefined;
  const closers: Array<() => Promise<void>> = [];
  if (redis) closers.push(() => redis.close());
  const closeAll = async () => {
    await Promise.allSettled(closers.splice(0).map((close) => close()));
  };
  try {
    const [stripe, prometheus, alertmanager, sentry, axiom, deploys] = await Promise.all([
      startStripeStandin({
        db: deps.db,
        testHooks: true,
        ...(stripeWebhook ? { webhook: stripeWebhook } : {}),
        ...(config.STRIPE_STANDIN_PORT ? { port: config.STRIPE_STANDIN_PORT } : {}),
      }).then((s) => (closers.push(s.close), s)),
      startPrometheusStandin({ db: deps.db }).then((s) => (closers.push(s.close), s)),
      startAlertmanagerStandin({ db: deps.db }).then((s) => (closers.push(s.close), s)),
      startSentryStandin({ db: deps.db }).then((s) => (closers.push(s.close), s)),
      startAxiomStandin({ db: deps.db }).then((s) => (closers.push(s.close), s)),
      sampleDeploys(deps.db)
        .then((list) => startDeployStandins(list))
        .then((s) => (closers.push(s.close), s)),
    ]);
    deps.logger.info(
      {
        stripe: stripe.url,
        prometheus: prometheus.url,
        alertmanager: alertmanager.url,
        sentry: sentry.url,
        axiom: axiom.url,
        deploys: deploys.targets,
      },
      'sample integrations: stand-ins started',
    );
    return {
      stripe: createStripeGateway({ secretKey: stripe.secretKey, apiBase: stripe.url, timeoutMs }),
      prometheus: createPrometheusClient({ url: prometheus.url, timeoutMs }),
      alertmanager: createAlertmanagerClient({ url: alertmanager.url, timeoutMs }),
      sentry: createSentryClient({ url: sentry.url, org: sentry.org, token: sentry.token, timeoutMs }),
      axiom: createAxiomClient({ url: axiom.url, token: axiom.token, dataset: axiom.dataset, timeoutMs }),
      redis,
      deployTargets: deploys.targets,
      // Redis has no stand-in: when REDIS_URL is set even in sample mode, it is the real one.
      sample: { stripe: true, prometheus: true, alertmanager: true, sentry: true, axiom: true, deploys: true, redis: false },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
