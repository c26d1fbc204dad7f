import { ERROR_RATE_THRESHOLDS } from '@ops/shared';
import { CATALOG, type CatalogId } from '../prometheus/catalog.js';
/**
 * The incidents the sample data tells, shared by the Prometheus stand-in (/api/v1/alerts) and the Alertmanager
 * stand-in so both sources agree: the error-rate spike, the payment capture that gave up, and the batch
 * of failed Stripe webhooks the sample data plants.
 */
export interface SampleAlert {
  labels: Record<string, string>;
  /** The alerting rule's PromQL, as Prometheus puts it in the alert's generatorURL. */
  expr: string;
  annotations: { summary: string; description: string };
  state: 'firing' | 'pending';
  /** How long before the stand-in started the alert became active. */
  activeMinutesAgo: number;
  /** The rule's value when the Prometheus stand-in has no series for it (it reports its own series' value). */
  value: number;
}

const promqlOf = (id: CatalogId): string => CATALOG.find((m) => m.id === id)?.promql ?? id;

export const SAMPLE_ALERTS: readonly SampleAlert[] = [
  {
    labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'api', job: 'ops-console' },
    // The command center's warning line for the error rate: the page and the alert agree on what is too many.
    expr: `${promqlOf('error_rate')} > ${ERROR_RATE_THRESHOLDS.warning}`,
    annotations: {
      summary: `More than ${ERROR_RATE_THRESHOLDS.warning * 100}% of requests fail with 5xx`,
      description: `The 5xx ratio has been above ${ERROR_RATE_THRESHOLDS.warning * 100}% for 10 minutes.`,
    },
    state: 'firing',
    activeMinutesAgo: 18,
    value: 0.034,
  },
  {
    labels: { alertname: 'PaymentsCaptureLag', severity: 'warning', service: 'worker', queue: 'payments' },
    // The sample data's capture that gave up two hours ago: the dead payment jobs the jobs page lists.
    expr: 'sum by (queue) (background_jobs{queue="payments",status="dead"}) > 0',
    annotations: {
      summary: 'A payment job gave up',
      description: 'A payment job ran out of attempts: the capture of a finished lesson stays late until it is retried.',
    },
    state: 'firing',
    activeMinutesAgo: 120,
    value: 1,
  },
  {
    labels: { alertname: 'WebhookFailures', severity: 'warning', service: 'api', source: 'stripe' },
    expr: `${promqlOf('webhook_failures')} > 5`,
    annotations: {
      summary: 'Stripe webhooks are failing',
      description: 'Webhook processing failed several times in the last hour.',
    },
    state: 'firing',
    activeMinutesAgo: 95,
    value: 6,
  },
  {
    labels: { alertname: 'DbPoolSaturation', severity: 'info', service: 'api', pool: 'analytics' },
    expr: `${promqlOf('db_pool_usage')} > 0.8`,
    annotations: {
      summary: 'The analytics pool is nearly exhausted',
      description: 'More than 80% of analytics connections are in use.',
    },
    state: 'pending',
    activeMinutesAgo: 3,
    value: 0.82,
  },
];
