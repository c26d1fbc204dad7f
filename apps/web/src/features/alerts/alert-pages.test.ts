import { describe, expect, it } from 'vitest';
import { alertPages } from './alert-pages';

describe('the console pages behind an alert', () => {
  it('failed webhooks for a rule over webhook failures', () => {
    const expr = 'sum by (source) (increase(webhook_events_total{status="failed"}[1h])) > 5';
    expect(alertPages({ expr, labels: { alertname: 'WebhookFailures' } })).toEqual([{ kind: 'webhooks' }]);
  });

  it('the payments pipeline and the queue for a rule over the payments queue', () => {
    const expr = 'sum by (queue) (background_jobs{queue="payments",status="queued"}) > 10';
    expect(alertPages({ expr, labels: { alertname: 'PaymentsCaptureLag' } })).toEqual([
      { kind: 'payments' },
      { kind: 'jobs', queue: 'payments', dead: false },
    ]);
  });

  it('dead jobs when the rule counts them, and the errors for a 5xx rule', () => {
    expect(alertPages({ expr: 'sum(background_jobs{status="dead"}) > 0', labels: {} })).toEqual([
      { kind: 'jobs', queue: undefined, dead: true },
    ]);
    const errorRate =
      'sum(rate(http_request_duration_seconds_count{status=~"5.."}[5m])) / sum(rate(http_request_duration_seconds_count[5m])) > 0.02';
    expect(alertPages({ expr: errorRate, labels: {} })).toEqual([{ kind: 'errors' }, { kind: 'errorsByEndpoint' }]);
  });

  it('none for a rule the console has no page for, or no rule at all', () => {
    expect(alertPages({ expr: 'up == 0', labels: { job: 'node' } })).toEqual([]);
    expect(alertPages({ expr: null, labels: {} })).toEqual([]);
  });
});
