import { describe, expect, it } from 'vitest';
import {
  alertRuleParts,
  ERROR_RATE_THRESHOLDS,
  LATENCY_SLO_MIN_REQUESTS,
  logsSearchInputSchema,
  QUIET_HEALTH_READINGS,
  type FiringAlert,
  type LogsHealth,
  type RedisHealth,
} from '@ops/shared';
import { SAMPLE_ALERTS } from '../../integrations/alertmanager/sample-alerts.js';
import { CATALOG } from '../../integrations/prometheus/catalog.js';
import { assessOverall } from './assess.js';

const quiet = QUIET_HEALTH_READINGS;

const redis: RedisHealth = {
  version: '7.2.4',
  usedMemoryBytes: 1_000_000,
  maxMemoryBytes: 0,
  evictionPolicy: null,
  connectedClients: 3,
  blockedClients: 0,
  opsPerSecond: 10,
  hitRate: 0.9,
  evictedKeys: 0,
  queues: [{ name: 'celery', length: 2_000 }],
};

describe('the overall verdict', () => {
  it("says a long broker list without linking the jobs page, which lists the database's jobs, not the Redis list", () => {
    const overall = assessOverall({ ...quiet, operations: { ...quiet.operations, redis } });
    expect(overall.problems).toEqual([{ level: 'warning', message: 'Broker queue celery holds 2000 messages', href: null }]);
  });

  it('opens a missed latency SLO as the log search of the requests that missed it: slower than its threshold, over its hour', () => {
    const logs: LogsHealth = {
      ingestPerSecond: 2,
      ingestedLastHour: 7_200,
      slo: { thresholdMs: 750, target: 0.99, share: 0.9, total: 400 },
      slowest: [],
    };
    const overall = assessOverall({ ...quiet, stability: { ...quiet.stability, logs } });
    expect(overall.problems).toEqual([
      {
        level: 'warning',
        message: 'Latency SLO missed: 90.0 % of 400 logged requests in 1 h within 750 ms (target 99.0 %)',
        href: '/logs?period=1h&minDurationMs=750',
      },
    ]);
    // The link is a search the logs procedure takes as it is.
    const href = new URL(overall.problems[0]?.href ?? '', 'http://console');
    expect(logsSearchInputSchema.parse(Object.fromEntries(href.searchParams))).toMatchObject({
      period: '1h',
      minDurationMs: 750,
    });
  });

  it('raises no latency SLO warning over fewer logged requests than it takes to judge, and does from that many on', () => {
    const logs = (total: number): LogsHealth => ({
      ingestPerSecond: 0.03,
      ingestedLastHour: total * 3,
      slo: { thresholdMs: 500, target: 0.99, share: 0.763, total },
      slowest: [],
    });
    const verdict = (total: number) =>
      assessOverall({ ...quiet, stability: { ...quiet.stability, logs: logs(total) } }).problems.map((p) => p.message);
    expect(verdict(38)).toEqual([]);
    expect(verdict(LATENCY_SLO_MIN_REQUESTS - 1)).toEqual([]);
    expect(verdict(LATENCY_SLO_MIN_REQUESTS)).toEqual([
      `Latency SLO missed: 76.3 % of ${LATENCY_SLO_MIN_REQUESTS} logged requests in 1 h within 500 ms (target 99.0 %)`,
    ]);
  });

  it('draws the error-rate warning where the alert rule fires, and names the rule when a firing one says where', () => {
    const at = (value: number, alerts: FiringAlert[] | null = null) =>
      assessOverall({
        ...quiet,
        stability: { ...quiet.stability, errorRate: { metricId: 'error_rate', value }, alerts },
      }).problems.map((p) => p.message);
    // The sample's HighErrorRate rule and the console's line are one number.
    const rule = SAMPLE_ALERTS.find((a) => a.labels.alertname === 'HighErrorRate');
    expect(alertRuleParts(rule?.expr ?? '').threshold).toEqual({ op: '>', value: ERROR_RATE_THRESHOLDS.warning });
    expect(at(0.015)).toEqual([]);
    expect(at(0.0274)).toEqual(['Error rate 2.74 % (over 2.00 %)']);
    // A firing rule over the error rate with its own threshold: the page draws its line there and says whose it is.
    const errorRate = CATALOG.find((m) => m.id === 'error_rate')?.promql ?? '';
    const firing: FiringAlert = {
      fingerprint: 'f1',
      name: 'ErrorRateElevated',
      severity: 'warning',
      summary: null,
      description: null,
      runbookUrl: null,
      expr: `${errorRate} > 0.01`,
      labels: { alertname: 'ErrorRateElevated' },
      startsAt: '2026-12-01T10:00:00.000Z',
      state: 'active',
      silencedBy: [],
    };
    expect(at(0.015, [firing]).filter((m) => m.startsWith('Error rate'))).toEqual([
      "Error rate 1.50 % (over 1.00 %, ErrorRateElevated's threshold)",
    ]);
    expect(at(0.07, [firing]).filter((m) => m.startsWith('Error rate'))).toEqual(['Error rate 7.00 % (over 5.00 %)']);
  });
});
