import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '@ops/db';

export interface Metrics {
  registry: Registry;
  observeProcedure(procedure: string, outcome: string, seconds: number): void;
  observeHttp(route: string, method: string, status: number, seconds: number): void;
  /** A browser reported a Content-Security-Policy violation. */
  cspViolation(): void;
  /** A webhook was refused for its signature (not stored). */
  webhookRejected(source: string): void;
  /** An envelope reached the Sentry tunnel: forwarded, or refused for size / rate / DSN. */
  sentryTunnel(outcome: 'forwarded' | 'too_large' | 'rate_limited' | 'refused' | 'upstream_error'): void;
}

/** The console's own /metrics: default process metrics, request latency by procedure, pool gauges. */
export function createMetrics(poolStats: () => PoolStats[]): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  const procedureDuration = new Histogram({
    name: 'trpc_procedure_duration_seconds',
    help: 'tRPC procedure latency by procedure and outcome',
    labelNames: ['procedure', 'outcome'] as const,
    buckets,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets,
    registers: [registry],
  });
  const gauge = (name: string, help: string, pick: (s: PoolStats) => number): Gauge<'pool'> =>
    new Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        for (const s of poolStats()) this.set({ pool: s.pool }, pick(s));
      },
    });
  gauge('db_pool_size', 'Connections open in the pool', (s) => s.size);
  gauge('db_pool_in_use', 'Connections checked out of the pool', (s) => s.inUse);
  gauge('db_pool_waiting', 'Queries waiting for a connection', (s) => s.waiting);
  const cspReports = new Counter({
    name: 'csp_violation_reports_total',
    help: 'Content-Security-Policy violation reports received from browsers',
    registers: [registry],
  });
  const webhookRejections = new Counter({
    name: 'webhook_signature_rejections_total',
    help: 'Webhook requests refused because their signature did not verify',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const tunnel = new Counter({
    name: 'sentry_tunnel_envelopes_total',
    help: 'Browser envelopes at the Sentry tunnel by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return {
    registry,
    cspViolation: () => cspReports.inc(),
    webhookRejected: (source) => webhookRejections.inc({ source }),
    sentryTunnel: (outcome) => tunnel.inc({ outcome }),
    observeProcedure: (procedure, outcome, seconds) => procedureDuration.observe({ procedure, outcome }, seconds),
    observeHttp: (route, method, status, seconds) => httpDuration.observe({ route, method, status: String(status) }, seconds),
  };
}
