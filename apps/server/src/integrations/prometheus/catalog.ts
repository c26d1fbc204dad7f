/**
 * The metrics the console shows, as PromQL over the names our own server exports on /metrics
 * (prom-client defaults, http_request_duration_seconds{route,method,status},
 * trpc_procedure_duration_seconds{procedure,outcome}, db_pool_*{pool}) plus the marketplace's business
 * gauges and counters (background_jobs, webhook_events_total, payment_failures_total). The same catalog runs
 * against the stand-in and against a real Prometheus scraping /metrics.
 */
export type MetricUnit = 's' | 'ratio' | 'rps' | 'bytes' | 'count' | 'percent';

export interface CatalogMetric {
  id: string;
  name: string;
  promql: string;
  unit: MetricUnit;
  description: string;
}

const RATE = '[5m]';
const httpCount = 'http_request_duration_seconds_count';
const httpBucket = 'http_request_duration_seconds_bucket';
const latency = (q: number) => `histogram_quantile(${q}, sum by (le) (rate(${httpBucket}${RATE})))`;

export const CATALOG = [
  {
    id: 'request_rate',
    name: 'request rate',
    promql: `sum(rate(${httpCount}${RATE}))`,
    unit: 'rps',
    description: 'HTTP requests per second over all routes.',
  },
  {
    id: 'error_rate',
    name: 'error rate',
    promql: `sum(rate(${httpCount}{status=~"5.."}${RATE})) / sum(rate(${httpCount}${RATE}))`,
    unit: 'ratio',
    description: 'Share of HTTP requests answered with a 5xx status.',
  },
  {
    id: 'client_error_rate',
    name: 'client error rate',
    promql: `sum(rate(${httpCount}{status=~"4.."}${RATE})) / sum(rate(${httpCount}${RATE}))`,
    unit: 'ratio',
    description: 'Share of HTTP requests answered with a 4xx status (bad input, auth, not found).',
  },
  { id: 'latency_p50', name: 'p50 latency', promql: latency(0.5), unit: 's', description: 'Median HTTP request duration.' },
  {
    id: 'latency_p95',
    name: 'p95 latency',
    promql: latency(0.95),
    unit: 's',
    description: '95th percentile HTTP request duration.',
  },
  {
    id: 'latency_p99',
    name: 'p99 latency',
    promql: latency(0.99),
    unit: 's',
    description: '99th percentile HTTP request duration.',
  },
  {
    id: 'slowest_endpoints',
    name: 'slowest endpoints',
    promql: `topk(5, histogram_quantile(0.95, sum by (le, route) (rate(${httpBucket}${RATE}))))`,
    unit: 's',
    description: 'The five routes with the highest p95 duration.',
  },
  {
    id: 'busiest_endpoints',
    name: 'busiest endpoints',
    promql: `topk(5, sum by (route) (rate(${httpCount}${RATE})))`,
    unit: 'rps',
    description: 'The five routes with the most requests per second.',
  },
  {
    id: 'errors_by_endpoint',
    name: 'errors by endpoint',
    promql: `topk(5, sum by (route) (rate(${httpCount}{status=~"5.."}${RATE})))`,
    unit: 'rps',
    description: 'The five routes producing the most 5xx answers per second.',
  },
  {
    id: 'slowest_procedures',
    name: 'slowest procedures',
    promql: `topk(5, histogram_quantile(0.95, sum by (le, procedure) (rate(trpc_procedure_duration_seconds_bucket${RATE}))))`,
    unit: 's',
    description: 'The five tRPC procedures with the highest p95 duration.',
  },
  {
    id: 'procedure_errors',
    name: 'procedure errors',
    promql: `sum by (procedure) (rate(trpc_procedure_duration_seconds_count{outcome!="ok"}${RATE})) > 0`,
    unit: 'rps',
    description: 'tRPC procedures failing right now, per second.',
  },
  {
    id: 'db_pool_usage',
    name: 'db pool usage',
    promql: 'sum by (pool) (db_pool_in_use) / sum by (pool) (db_pool_size)',
    unit: 'ratio',
    description: 'Share of each database pool checked out (api, analytics, worker).',
  },
  {
    id: 'db_pool_waiting',
    name: 'db pool waiting',
    promql: 'sum by (pool) (db_pool_waiting)',
    unit: 'count',
    description: 'Queries waiting for a connection, per pool.',
  },
  {
    id: 'cpu',
    name: 'CPU',
    promql: 'rate(process_cpu_seconds_total[5m]) * 100',
    unit: 'percent',
    description: 'CPU used by each server process (100 = one core).',
  },
  {
    id: 'memory',
    name: 'memory',
    promql: 'process_resident_memory_bytes',
    unit: 'bytes',
    description: 'Resident memory of each server process.',
  },
  {
    id: 'heap_used',
    name: 'heap used',
    promql: 'nodejs_heap_size_used_bytes',
    unit: 'bytes',
    description: 'V8 heap in use per process.',
  },
  {
    id: 'event_loop_lag',
    name: 'event-loop lag',
    promql: 'nodejs_eventloop_lag_seconds',
    unit: 's',
    description: 'Event-loop lag per process; high values mean blocked request handling.',
  },
  {
    id: 'event_loop_lag_p99',
    name: 'event-loop lag p99',
    promql: 'nodejs_eventloop_lag_p99_seconds',
    unit: 's',
    description: '99th percentile event-loop delay per process.',
  },
  {
    id: 'job_queue_depth',
    name: 'job queue depth',
    promql: 'sum by (queue) (background_jobs{status="queued"})',
    unit: 'count',
    description: 'Jobs waiting in each background queue.',
  },
  {
    id: 'dead_jobs',
    name: 'dead jobs',
    promql: 'sum by (queue) (background_jobs{status="dead"})',
    unit: 'count',
    description: 'Jobs that exhausted their attempts, per queue.',
  },
  {
    id: 'webhook_failures',
    name: 'webhook failures',
    promql: 'sum by (source) (increase(webhook_events_total{status="failed"}[1h]))',
    unit: 'count',
    description: 'Webhooks that failed processing in the last hour, per source.',
  },
  {
    id: 'payment_failures',
    name: 'payments failures',
    promql: 'sum by (code) (increase(payment_failures_total[1h]))',
    unit: 'count',
    description: 'Failed authorizations and captures in the last hour, by decline or error code.',
  },
  { id: 'up', name: 'up', promql: 'up', unit: 'count', description: 'Scrape health of each target: 1 up, 0 down.' },
  {
    id: 'targets_down',
    name: 'targets down',
    promql: 'count(up == 0) or vector(0)',
    unit: 'count',
    description: 'How many scrape targets are down.',
  },
] as const satisfies readonly CatalogMetric[];

export type CatalogId = (typeof CATALOG)[number]['id'];

export function catalogMetric(id: CatalogId): CatalogMetric {
  const found = CATALOG.find((m) => m.id === id);
  if (!found) throw new Error(`unknown catalog metric ${id}`);
  return found;
}
