import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@ops/db';
import { alertRuleParts, MARKETPLACE_QUEUES } from '@ops/shared';
import { SAMPLE_ALERTS, type SampleAlert } from '../alertmanager/sample-alerts.js';
import { SAMPLE_INCIDENT } from '../sample-story.js';
import { hash32, listen, readBody, sendJson, sendText, type ListeningServer } from '../http-kit.js';
import { CATALOG, type CatalogId } from './catalog.js';
import {
  checkPromql,
  evalNumberExpression,
  matches,
  parseAggregation,
  parseSelector,
  type Aggregation,
} from './promql-syntax.js';

/**
 * A Prometheus stand-in: the HTTP API's query, query_range, alerts and health endpoints over deterministic
 * synthetic series. It recognises the catalog's queries, bare selectors of the metrics it knows and simple
 * aggregations of them (`sum by (queue) (background_jobs{status="dead"})`) rather than evaluating PromQL, but refuses
 * malformed PromQL the way Prometheus does. Given the sample database, `background_jobs` counts its rows, so a chart
 * and the jobs page agree.
 */
export interface PrometheusStandin extends ListeningServer {
  /** Queries received, in order (tests check what the client sent). */
  queries(): string[];
}

type Labels = Record<string, string>;
interface Series {
  labels: Labels;
  at(t: number): number;
}

const MAX_POINTS = 11_000;
/** The marketplace's usual traffic (the request rate's level). */
const REQUESTS_PER_SECOND = 42;
const ROUTES = [
  '/trpc/revenue.summary',
  '/trpc/funnel.report',
  SAMPLE_INCIDENT.route,
  '/trpc/support.search',
  '/trpc/bookings.byId',
  '/trpc/audit.list',
];
const PROCEDURES = [
  'revenue.summary',
  'funnel.report',
  'refunds.create.execute',
  'support.search',
  'bookings.byId',
  'audit.list',
];
const INSTANCES = [
  { job: 'ops-console', instance: '127.0.0.1:3000' },
  { job: 'ops-console', instance: '127.0.0.1:3001' },
  { job: 'worker', instance: '127.0.0.1:3100' },
];

/** A smooth daily-ish wave plus stable noise, so charts look alive but every run draws the same lines. */
function wave(seed: string, base: number, spread = 0.12): (t: number) => number {
  const phase = (hash32(seed) % 628) / 100;
  return (t) => {
    const noise = ((hash32(`${seed}:${Math.floor(t / 15)}`) % 1000) / 1000 - 0.5) * 0.08;
    return base * (1 + spread * Math.sin((2 * Math.PI * t) / 3600 + phase) + noise);
  };
}
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
};
const integer = (f: (t: number) => number) => (t: number) => Math.max(0, Math.round(f(t)));

const REDUCE: Record<Aggregation['op'], (values: number[]) => number> = {
  sum: (v) => v.reduce((a, b) => a + b, 0),
  avg: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  min: (v) => Math.min(...v),
  max: (v) => Math.max(...v),
  count: (v) => v.length,
};

/** Prometheus's grouping: one output series per distinct set of kept labels, the metric name dropped. */
function aggregate(agg: Aggregation, series: Series[]): Series[] {
  const groups = new Map<string, { labels: Labels; members: Series[] }>();
  for (const s of series) {
    const kept = Object.entries(s.labels).filter(([name]) =>
      agg.grouping.mode === 'by'
        ? agg.grouping.labels.includes(name)
        : name !== '__name__' && !agg.grouping.labels.includes(name),
    );
    const labels = Object.fromEntries(kept.sort(([a], [b]) => a.localeCompare(b)));
    const key = JSON.stringify(labels);
    const group = groups.get(key) ?? { labels, members: [] };
    group.members.push(s);
    groups.set(key, group);
  }
  const reduce = REDUCE[agg.op];
  return [...groups.values()].map((g) => ({ labels: g.labels, at: (t: number) => reduce(g.members.map((m) => m.at(t))) }));
}

/** The job states `background_jobs` exports (succeeded and discarded jobs are history, not a gauge). */
const GAUGED_JOB_STATES = ['queued', 'running', 'failed', 'dead'] as const;
type GaugedJobState = (typeof GAUGED_JOB_STATES)[number];
/** Each job now in a gauged state, and since when it has been in it (seconds). */
type JobStates = Array<{ queue: string; status: GaugedJobState; since: number }>;
const JOB_STATES_MAX_AGE_MS = 15_000;

/**
 * The sample database's jobs as the gauge sees them: a job counts in its state from when it entered it (queued from
 * its creation, running from its start, failed or dead from its finish), so a chart's last point is the jobs page's
 * count and its history leads up to it.
 */
async function readJobStates(db: Db): Promise<JobStates> {
  const rows = await db
    .selectFrom('background_jobs')
    .select(['queue', 'status', 'created_at', 'started_at', 'finished_at'])
    .where('status', 'in', [...GAUGED_JOB_STATES])
    .execute();
  return rows.flatMap((r) => {
    const status = GAUGED_JOB_STATES.find((s) => s === r.status);
    if (!status) return [];
    const entered = status === 'queued' ? r.created_at : status === 'running' ? r.started_at : r.finished_at;
    return [{ queue: r.queue, status, since: new Date(entered ?? r.created_at).getTime() / 1000 }];
  });
}
const topk = (k: number, series: Series[], t: number) => [...series].sort((a, b) => b.at(t) - a.at(t)).slice(0, k);

export async function startPrometheusStandin(
  options: { db?: Db; port?: number; now?: () => number } = {},
): Promise<PrometheusStandin> {
  const nowSeconds = () => (options.now ? options.now() : Date.now()) / 1000;
  const { db } = options;
  // Read at start and refreshed in the background, as the Alertmanager stand-in's facts: a query never waits on the
  // database (the embedded one has a single connection, which an action's transaction may hold).
  let jobStates = db ? await readJobStates(db) : null;
  let jobStatesReadAt = Date.now();
  let refreshingJobs = false;
  function currentJobStates(): JobStates | null {
    if (db && !refreshingJobs && Date.now() - jobStatesReadAt > JOB_STATES_MAX_AGE_MS) {
      refreshingJobs = true;
      readJobStates(db).then(
        (states) => {
          jobStates = states;
          jobStatesReadAt = Date.now();
          refreshingJobs = false;
        },
        () => {
          refreshingJobs = false;
        },
      );
    }
    return jobStates;
  }
  function backgroundJobs(): Series[] {
    const states = currentJobStates();
    const queues = [...new Set([...MARKETPLACE_QUEUES, ...(states ?? []).map((s) => s.queue)])];
    return queues.flatMap((queue) =>
      GAUGED_JOB_STATES.map((status) => {
        if (!states)
          return { labels: { queue, status }, at: integer(wave(`bj:${queue}:${status}`, status === 'queued' ? 5 : 1)) };
        const entered = states.filter((s) => s.queue === queue && s.status === status).map((s) => s.since);
        return { labels: { queue, status }, at: (t: number) => entered.filter((since) => since <= t).length };
      }),
    );
  }
  const aggregateJobs = (status: GaugedJobState) => () =>
    aggregate(
      { op: 'sum', grouping: { mode: 'by', labels: ['queue'] }, selector: { name: 'background_jobs', matchers: [] } },
      backgroundJobs().filter((s) => s.labels.status === status),
    );
  const startedAt = nowSeconds();
  // The sample incident (shared with the Axiom and Sentry stand-ins): 5xx on its route, and latency, rise shortly
  // before the stand-in started and stay up.
  const incident = (t: number) => (t >= startedAt - SAMPLE_INCIDENT.startedMsAgo / 1000 ? 1 : 0);
  const seen: string[] = [];

  const catalogSeries: Record<CatalogId, (t: number) => Series[]> = {
    request_rate: () => [{ labels: {}, at: wave('rps', REQUESTS_PER_SECOND) }],
    // The incident's errors on top of the usual ones, as a share of the traffic.
    error_rate: () => [
      { labels: {}, at: (t) => wave('err', 0.006)(t) + (incident(t) * SAMPLE_INCIDENT.errorsPerSecond) / REQUESTS_PER_SECOND },
    ],
    client_error_rate: () => [{ labels: {}, at: wave('4xx', 0.031) }],
    latency_p50: () => [{ labels: {}, at: (t) => wave('p50', 0.045)(t) * (1 + incident(t) * 0.4) }],
    latency_p95: () => [{ labels: {}, at: (t) => wave('p95', 0.22)(t) * (1 + incident(t) * 0.8) }],
    latency_p99: () => [{ labels: {}, at: (t) => wave('p99', 0.61)(t) * (1 + incident(t) * 1.2) }],
    slowest_endpoints: (t) =>
      topk(
        5,
        ROUTES.map((route, i) => ({ labels: { route }, at: wave(`slow:${route}`, 1.4 / (i + 1)) })),
        t,
      ),
    busiest_endpoints: (t) =>
      topk(
        5,
        ROUTES.map((route, i) => ({ labels: { route }, at: wave(`busy:${route}`, 3 + i * 4) })),
        t,
      ),
    errors_by_endpoint: (t) =>
      topk(
        5,
        ROUTES.slice(0, 3).map((route, i) => ({
          labels: { route },
          at: (x: number) =>
            wave(`e:${route}`, 0.02 / (i + 1))(x) +
            (route === SAMPLE_INCIDENT.route ? incident(x) * SAMPLE_INCIDENT.errorsPerSecond : 0),
        })),
        t,
      ),
    slowest_procedures: (t) =>
      topk(
        5,
        PROCEDURES.map((procedure, i) => ({ labels: { procedure }, at: wave(`sp:${procedure}`, 1.2 / (i + 1)) })),
        t,
      ),
    procedure_errors: () => [{ labels: { procedure: 'refunds.create.execute' }, at: wave('pe', 0.01) }],
    db_pool_usage: () =>
      [
        ['api', 0.3],
        ['analytics', 0.82],
        ['worker', 0.5],
      ].map(([pool, v]) => ({ labels: { pool: String(pool) }, at: wave(`pool:${String(pool)}`, Number(v), 0.05) })),
    db_pool_waiting: () =>
      ['api', 'analytics', 'worker'].map((pool) => ({
        labels: { pool },
        at: integer(wave(`wait:${pool}`, pool === 'analytics' ? 1.4 : 0.1)),
      })),
    cpu: () => INSTANCES.map((l) => ({ labels: l, at: wave(`cpu:${l.instance}`, l.job === 'worker' ? 12 : 31) })),
    memory: () => INSTANCES.map((l) => ({ labels: l, at: integer(wave(`mem:${l.instance}`, 190e6, 0.04)) })),
    heap_used: () => INSTANCES.map((l) => ({ labels: l, at: integer(wave(`heap:${l.instance}`, 84e6, 0.06)) })),
    event_loop_lag: () => INSTANCES.map((l) => ({ labels: l, at: wave(`lag:${l.instance}`, 0.004) })),
    event_loop_lag_p99: () => INSTANCES.map((l) => ({ labels: l, at: wave(`lag99:${l.instance}`, 0.021) })),
    job_queue_depth: aggregateJobs('queued'),
    dead_jobs: aggregateJobs('dead'),
    webhook_failures: () => [
      { labels: { source: 'stripe' }, at: integer(wave('wh:stripe', 6, 0.2)) },
      { labels: { source: 'checkr' }, at: () => 0 },
    ],
    payment_failures: () =>
      [
        ['card_declined', 4],
        ['insufficient_funds', 2],
        ['expired_card', 1],
      ].map(([code, v]) => ({ labels: { code: String(code) }, at: integer(wave(`pf:${String(code)}`, Number(v), 0.3)) })),
    up: () => INSTANCES.map((l) => ({ labels: { __name__: 'up', ...l }, at: () => 1 })),
    targets_down: () => [{ labels: {}, at: () => 0 }],
  };

  /** Raw series for bare selectors of the metrics the stand-in knows (gauges; counters grow with time). */
  const raw: Record<string, () => Series[]> = {
    up: () => catalogSeries.up(0),
    process_resident_memory_bytes: () => catalogSeries.memory(0),
    nodejs_heap_size_used_bytes: () => catalogSeries.heap_used(0),
    nodejs_eventloop_lag_seconds: () => catalogSeries.event_loop_lag(0),
    nodejs_eventloop_lag_p99_seconds: () => catalogSeries.event_loop_lag_p99(0),
    process_cpu_seconds_total: () => INSTANCES.map((l) => ({ labels: l, at: (t) => (t - startedAt + 86_400) * 0.3 })),
    db_pool_size: () =>
      ['api', 'analytics', 'worker'].map((pool) => ({
        labels: { pool },
        at: () => (pool === 'api' ? 10 : pool === 'analytics' ? 4 : 3),
      })),
    db_pool_in_use: () =>
      ['api', 'analytics', 'worker'].map((pool) => ({
        labels: { pool },
        at: integer(wave(`inuse:${pool}`, pool === 'analytics' ? 3 : 2)),
      })),
    db_pool_waiting: () => catalogSeries.db_pool_waiting(0),
    background_jobs: backgroundJobs,
  };
  const knownMetrics = new Set([
    ...Object.keys(raw),
    ...['http_request_duration_seconds', 'trpc_procedure_duration_seconds'].flatMap((h) => [
      `${h}_bucket`,
      `${h}_count`,
      `${h}_sum`,
    ]),
    'webhook_events_total',
    'payment_failures_total',
  ]);
  const normalize = (q: string) => q.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
  const byPromql = new Map<string, CatalogId>(CATALOG.map((m) => [normalize(m.promql), m.id]));

  type Evaluated = { kind: 'scalar'; at: (t: number) => number } | { kind: 'vector'; at: (t: number) => Series[] };

  function evaluate(query: string): Evaluated {
    const id = byPromql.get(normalize(query));
    if (id) return { kind: 'vector', at: catalogSeries[id] };
    const number = evalNumberExpression(query.trim());
    if (number !== null) return { kind: 'scalar', at: () => number };
    if (/^\s*time\(\s*\)\s*$/.test(query)) return { kind: 'scalar', at: (t) => t };
    // `<query> > 0.02` (an alerting rule's expression): the samples of the query that pass, as Prometheus filters.
    const rule = alertRuleParts(query);
    if (rule.threshold) {
      const of = evaluate(rule.query);
      const pass = COMPARE[rule.threshold.op];
      const k = rule.threshold.value;
      if (of.kind === 'vector' && pass && Number.isFinite(k))
        return { kind: 'vector', at: (t) => of.at(t).filter((s) => pass(s.at(t), k)) };
    }
    const check = checkPromql(query);
    const metrics = check.ok ? check.metrics : [];
    // A metric Prometheus never scraped is not an error: the result is simply empty.
    if (metrics.length === 0 || metrics.some((m) => !knownMetrics.has(m))) return { kind: 'vector', at: () => [] };
    const select = (selector: NonNullable<ReturnType<typeof parseSelector>>): (() => Series[]) | null => {
      const rawSeries = raw[selector.name];
      if (!rawSeries) return null;
      const name = selector.name;
      return () =>
        rawSeries()
          .filter((s) => matches({ __name__: name, ...s.labels }, selector.matchers))
          .map((s) => ({ labels: { __name__: name, ...s.labels }, at: s.at }));
    };
    const selector = parseSelector(query);
    const selected = selector ? select(selector) : null;
    if (selected) return { kind: 'vector', at: selected };
    // An aggregation of a selector groups what the selector picks, as Prometheus does: `sum by (queue)
    // (background_jobs{queue="payments"})` is one series labelled queue="payments", and nothing when nothing matches.
    const aggregation = parseAggregation(query);
    const aggregated = aggregation ? select(aggregation.selector) : null;
    if (aggregation && aggregated) return { kind: 'vector', at: () => aggregate(aggregation, aggregated()) };
    // Anything else over known metrics: one aggregated series, stable per query.
    return { kind: 'vector', at: () => [{ labels: {}, at: wave(`q:${query}`, 1 + (hash32(query) % 100)) }] };
  }

  /** An alert's value as Prometheus gives it: its rule's query now, the series of the alert's labels. */
  function alertValue(alert: SampleAlert, t: number): number {
    const watched = evaluate(alertRuleParts(alert.expr).query);
    if (watched.kind === 'scalar') return watched.at(t);
    const series = watched
      .at(t)
      .find((s) => Object.entries(s.labels).every(([k, v]) => k === '__name__' || (alert.labels[k] ?? v) === v));
    return series ? series.at(t) : alert.value;
  }

  const fmt = (v: number) =>
    Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(Number(v.toPrecision(12)));
  const ts = (t: number) => Math.round(t * 1000) / 1000;
  const badData = (res: ServerResponse, error: string) => sendJson(res, 400, { status: 'error', errorType: 'bad_data', error });

  function parseTime(raw: string | null, name: string, fallback: number): number | string {
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
    const parsed = Date.parse(raw);
    if (/^\d{4}-\d{2}-\d{2}T/.test(raw) && Number.isFinite(parsed)) return parsed / 1000;
    return `invalid parameter "${name}": cannot parse "${raw}" to a valid timestamp`;
  }
  function parseStep(raw: string | null): number | string {
    if (!raw) return 'invalid parameter "step": cannot parse "" to a valid duration';
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
    const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };
    const parts = [...raw.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== raw)
      return `invalid parameter "step": cannot parse "${raw}" to a valid duration`;
    return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] ?? 's'] ?? 1), 0);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/-/healthy') return sendText(res, 200, 'Prometheus Server is Healthy.\n');
    if (url.pathname === '/-/ready') return sendText(res, 200, 'Prometheus Server is Ready.\n');
    const params = new URLSearchParams(url.search);
    if (req.method === 'POST')
      for (const [k, v] of new URLSearchParams((await readBody(req)).toString('utf8'))) params.append(k, v);

    if (url.pathname === '/api/v1/alerts') {
      const now = nowSeconds();
      const alerts = SAMPLE_ALERTS.map((a) => ({
        labels: a.labels,
        annotations: a.annotations,
        state: a.state,
        activeAt: new Date((startedAt - a.activeMinutesAgo * 60) * 1000).toISOString(),
        value: alertValue(a, now).toExponential(),
      }));
      return sendJson(res, 200, { status: 'success', data: { alerts } });
    }
    if (url.pathname !== '/api/v1/query' && url.pathname !== '/api/v1/query_range') {
      return sendJson(res, 404, { status: 'error', errorType: 'not_found', error: `unknown API endpoint ${url.pathname}` });
    }
    const query = params.get('query') ?? '';
    seen.push(query);
    const check = checkPromql(query);
    if (!check.ok) return badData(res, `invalid parameter "query": ${check.error}`);
    const evaluated = evaluate(query);

    if (url.pathname === '/api/v1/query') {
      const t = parseTime(params.get('time'), 'time', nowSeconds());
      if (typeof t === 'string') return badData(res, t);
      if (evaluated.kind === 'scalar')
        return sendJson(res, 200, { status: 'success', data: { resultType: 'scalar', result: [ts(t), fmt(evaluated.at(t))] } });
      const result = evaluated.at(t).map((s) => ({ metric: s.labels, value: [ts(t), fmt(s.at(t))] }));
      return sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result } });
    }

    const start = parseTime(params.get('start'), 'start', Number.NaN);
    const end = parseTime(params.get('end'), 'end', Number.NaN);
    const step = parseStep(params.get('step'));
    for (const v of [start, end, step]) if (typeof v === 'string') return badData(res, v);
    if (typeof start !== 'number' || typeof end !== 'number' || typeof step !== 'number') return;
    if (Number.isNaN(start)) return badData(res, 'invalid parameter "start": cannot parse "" to a valid timestamp');
    if (Number.isNaN(end)) return badData(res, 'invalid parameter "end": cannot parse "" to a valid timestamp');
    if (end < start) return badData(res, 'invalid parameter "end": end timestamp must not be before start time');
    if (step <= 0)
      return badData(
        res,
        'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
      );
    if ((end - start) / step > MAX_POINTS) {
      return badData(
        res,
        'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
      );
    }
    const times: number[] = [];
    for (let t = start; t <= end + 1e-9; t += step) times.push(t);
    const rows = new Map<string, { metric: Labels; values: Array<[number, string]> }>();
    for (const t of times) {
      const series = evaluated.kind === 'scalar' ? [{ labels: {}, at: evaluated.at }] : evaluated.at(t);
      for (const s of series) {
        const key = JSON.stringify(s.labels);
        const row = rows.get(key) ?? { metric: s.labels, values: [] };
        row.values.push([ts(t), fmt(s.at(t))]);
        rows.set(key, row);
      }
    }
    return sendJson(res, 200, { status: 'success', data: { resultType: 'matrix', result: [...rows.values()] } });
  }

  const server = await listen(handle, options.port);
  return { ...server, queries: () => [...seen] };
}
