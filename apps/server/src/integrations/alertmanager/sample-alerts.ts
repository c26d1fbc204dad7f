/**
 * The incidents the sample data tells, shared by the Prometheus stand-in (/api/v1/alerts) and the Alertmanager
 * stand-in so both sources agree: the error-rate spike, payments waiting past their capture time, and the batch
 * of failed Stripe webhooks the sample data plants.
 */
export interface SampleAlert {
  labels: Record<string, string>;
  annotations: { summary: string; description: string };
  state: 'firing' | 'pending';
  /** How long before the stand-in started the alert became active. */
  activeMinutesAgo: number;
  value: number;
}

export const SAMPLE_ALERTS: readonly SampleAlert[] = [
  {
    labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'api', job: 'ops-console' },
    annotations: {
      summary: 'More than 2% of requests fail with 5xx',
      description: 'The 5xx ratio has been above 2% for 10 minutes.',
    },
    state: 'firing',
    activeMinutesAgo: 18,
    value: 0.034,
  },
  {
    labels: { alertname: 'PaymentsCaptureLag', severity: 'warning', service: 'worker', queue: 'payments' },
    annotations: {
      summary: 'Authorized payments are waiting past their capture time',
      description: 'The capture job is behind; lessons finished but money is not captured.',
    },
    state: 'firing',
    activeMinutesAgo: 42,
    value: 14,
  },
  {
    labels: { alertname: 'WebhookFailures', severity: 'warning', service: 'api', source: 'stripe' },
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
    annotations: {
      summary: 'The analytics pool is nearly exhausted',
      description: 'More than 80% of analytics connections are in use.',
    },
    state: 'pending',
    activeMinutesAgo: 3,
    value: 0.82,
  },
];
