import type { Db } from '@ops/db';
import type { Config } from '../env.js';
import type { Logger } from '../logger.js';
import { createAlertmanagerClient, type AlertmanagerClient } from './alertmanager/client.js';
import { startAlertmanagerStandin } from './alertmanager/standin.js';
import { createAxiomClient, type AxiomClient } from './axiom/client.js';
import { startAxiomStandin } from './axiom/standin.js';
import type { DeployTarget } from './deploys/check.js';
import { startDeployStandins } from './deploys/standin.js';
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
export type { AxiomClient, AxiomWindow, IngestRate, LogLine, SlowOperation } from './axiom/client.js';
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

export type IntegrationName = 'stripe' | 'prometheus' | 'alertmanager' | 'sentry' | 'axiom' | 'deploys';

export interface Integrations {
  stripe: StripeGateway | null;
  prometheus: PrometheusClient | null;
  alertmanager: AlertmanagerClient | null;
  sentry: SentryClient | null;
  axiom: AxiomClient | null;
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
  if (config.sampleMode) return startSample(timeoutMs, deps);

  const sentry =
    config.SENTRY_ORG && config.SENTRY_TOKEN
      ? createSentryClient({
          org: config.SENTRY_ORG,
          token: config.SENTRY_TOKEN,
          timeoutMs,
          ...(config.SENTRY_URL ? { url: config.SENTRY_URL } : {}),
        })
      : null;
  const axiom =
    config.AXIOM_TOKEN && config.AXIOM_DATASET
      ? createAxiomClient({
          token: config.AXIOM_TOKEN,
          dataset: config.AXIOM_DATASET,
          timeoutMs,
          ...(config.AXIOM_URL ? { url: config.AXIOM_URL } : {}),
        })
      : null;
  return {
    stripe: config.STRIPE_SECRET_KEY
      ? createStripeGateway({ secretKey: config.STRIPE_SECRET_KEY, apiBase: config.STRIPE_API_BASE, timeoutMs })
      : null,
    prometheus: config.PROMETHEUS_URL ? createPrometheusClient({ url: config.PROMETHEUS_URL, timeoutMs }) : null,
    alertmanager: config.ALERTMANAGER_URL ? createAlertmanagerClient({ url: config.ALERTMANAGER_URL, timeoutMs }) : null,
    sentry,
    axiom,
    deployTargets: config.DEPLOY_TARGETS,
    sample: { stripe: false, prometheus: false, alertmanager: false, sentry: false, axiom: false, deploys: false },
    close: () => Promise.resolve(),
  };
}

async function startSample(timeoutMs: number, deps: { db: Db; logger: Logger }): Promise<Integrations> {
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    await Promise.allSettled(closers.splice(0).map((close) => close()));
  };
  try {
    const [stripe, prometheus, alertmanager, sentry, axiom, deploys] = await Promise.all([
      startStripeStandin({ db: deps.db }).then((s) => (closers.push(s.close), s)),
      startPrometheusStandin().then((s) => (closers.push(s.close), s)),
      startAlertmanagerStandin({ db: deps.db }).then((s) => (closers.push(s.close), s)),
      startSentryStandin({ db: deps.db }).then((s) => (closers.push(s.close), s)),
      startAxiomStandin({ db: deps.db }).then((s) => (closers.push(s.close), s)),
      startDeployStandins().then((s) => (closers.push(s.close), s)),
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
      deployTargets: deploys.targets,
      sample: { stripe: true, prometheus: true, alertmanager: true, sentry: true, axiom: true, deploys: true },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
