import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from './catalog.js';
import { createPrometheusClient, PrometheusError, type PrometheusClient } from './client.js';
import { checkPromql } from './promql-syntax.js';
import { startPrometheusStandin, type PrometheusStandin } from './standin.js';

let standin: PrometheusStandin;
let prom: PrometheusClient;

beforeAll(async () => {
  standin = await startPrometheusStandin();
  prom = createPrometheusClient({ url: `${standin.url}/`, timeoutMs: 15_000 });
});
afterAll(() => standin.close());

const errorOf = async (work: Promise<unknown>): Promise<PrometheusError> => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrometheusError);
  return error as PrometheusError;
};

describe('prometheus client against the stand-in', () => {
  it('parses an instant vector with string sample values', async () => {
    const at = new Date('2026-01-05T12:00:00Z');
    const { result } = await prom.query('up', at);
    expect(result.type).toBe('vector');
    if (result.type !== 'vector') return;
    expect(result.series.length).toBeGreaterThan(0);
    expect(result.series[0]?.metric).toMatchObject({ __name__: 'up', job: 'ops-console' });
    expect(result.series[0]?.sample).toEqual({ t: at.getTime() / 1000, value: 1 });
    const filtered = await prom.query('up{job="worker"}');
    expect(filtered.result.type === 'vector' && filtered.result.series.map((s) => s.metric.job)).toEqual(['worker']);
  });

  it('parses a matrix from query_range with inclusive ends', async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 10 * 60_000);
    const { result } = await prom.queryRange(CATALOG.find((m) => m.id === 'latency_p99')?.promql ?? '', {
      start,
      end,
      stepSeconds: 60,
    });
    expect(result.type).toBe('matrix');
    if (result.type !== 'matrix') return;
    expect(result.series).toHaveLength(1);
    expect(result.series[0]?.samples).toHaveLength(11);
    expect(result.series[0]?.samples.every((s) => s.value > 0 && s.value < 10)).toBe(true);
  });

  it("filters a query by a comparison as an alerting rule's expression does: only the samples that pass", async () => {
    const errorRate = CATALOG.find((m) => m.id === 'error_rate')?.promql ?? '';
    const end = new Date();
    const start = new Date(end.getTime() - 60 * 60_000);
    const whole = await prom.queryRange(errorRate, { start, end, stepSeconds: 60 });
    const firing = await prom.queryRange(`${errorRate} > 0.02`, { start, end, stepSeconds: 60 });
    if (whole.result.type !== 'matrix' || firing.result.type !== 'matrix') throw new Error('expected matrices');
    const all = whole.result.series[0]?.samples ?? [];
    const kept = firing.result.series[0]?.samples ?? [];
    // The sample incident (the last 25 minutes) is above 2 %; the hour before it is not.
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.length);
    expect(kept).toEqual(all.filter((s) => s.value > 0.02));
  });

  it('answers every catalog query with data', async () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(20);
    for (const metric of CATALOG) {
      expect(checkPromql(metric.promql)).toMatchObject({ ok: true });
      const { result } = await prom.query(metric.promql);
      expect(result.type === 'vector' && result.series.length > 0, metric.id).toBe(true);
    }
    const slowest = await prom.query(CATALOG.find((m) => m.id === 'slowest_endpoints')?.promql ?? '');
    if (slowest.result.type !== 'vector') throw new Error('expected a vector');
    const values = slowest.result.series.map((s) => s.sample.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(slowest.result.series[0]?.metric.route).toMatch(/^\//);
  });

  it('aggregates a selector with matchers by the labels asked for, as Prometheus does', async () => {
    const payments = await prom.query('sum by (queue) (background_jobs{queue="payments",status="queued"})');
    if (payments.result.type !== 'vector') throw new Error('expected a vector');
    expect(payments.result.series.map((s) => s.metric)).toEqual([{ queue: 'payments' }]);
    const queued = await prom.query('background_jobs{queue="payments",status="queued"}');
    if (queued.result.type !== 'vector') throw new Error('expected a vector');
    expect(payments.result.series[0]?.sample.value).toBe(queued.result.series[0]?.sample.value);
    // The clause after the argument, without, count: the same grouping.
    const after = await prom.query('sum(db_pool_size{pool="api"}) by (pool)');
    expect(after.result.type === 'vector' && after.result.series.map((s) => [s.metric, s.sample.value])).toEqual([
      [{ pool: 'api' }, 10],
    ]);
    const without = await prom.query('count without (status) (background_jobs{status=~"queued|dead"})');
    if (without.result.type !== 'vector') throw new Error('expected a vector');
    expect(without.result.series.map((s) => s.metric.queue).sort()).toEqual(['notifications', 'payments', 'payouts']);
    expect(without.result.series.every((s) => s.sample.value === 2 && s.metric.__name__ === undefined)).toBe(true);
    const none = await prom.query('sum by (queue) (background_jobs{queue="no-such-queue"})');
    expect(none.result).toEqual({ type: 'vector', series: [] });
  });

  it('parses scalars, and an unknown metric is an empty result', async () => {
    const { result } = await prom.query('1 + 2 * 3');
    expect(result).toMatchObject({ type: 'scalar', sample: { value: 7 } });
    const unknown = await prom.query('rate(no_such_metric_total[5m])');
    expect(unknown.result).toEqual({ type: 'vector', series: [] });
  });

  it("surfaces Prometheus's bad_data error for broken PromQL", async () => {
    const unbalanced = await errorOf(prom.query('sum(rate(http_request_duration_seconds_count[5m])'));
    expect(unbalanced).toMatchObject({ errorType: 'bad_data', status: 400 });
    expect(unbalanced.message).toMatch(/parse error: unclosed left parenthesis/);
    const unknownFn = await errorOf(prom.query('frobnicate(up)'));
    expect(unknownFn.message).toBe('invalid parameter "query": 1:1: parse error: unknown function with name "frobnicate"');
    const empty = await errorOf(prom.query(''));
    expect(empty.message).toMatch(/no expression found in input/);
    const resolution = await errorOf(prom.queryRange('up', { start: new Date(0), end: new Date(), stepSeconds: 1 }));
    expect(resolution.message).toMatch(/11,000 points/);
  });

  it('lists alerts and reports health; an unreachable Prometheus is a transport error', async () => {
    const alerts = await prom.alerts();
    expect(alerts.map((a) => a.name)).toContain('HighErrorRate');
    // An alert's value is its rule's query now: above the threshold it fires over.
    const high = alerts.find((a) => a.name === 'HighErrorRate');
    expect(high).toMatchObject({ state: 'firing' });
    expect(high?.value).toBeGreaterThan(0.02);
    expect(await prom.healthy()).toBe(true);
    const gone = createPrometheusClient({ url: 'http://127.0.0.1:9', timeoutMs: 10_000 });
    expect(await gone.healthy()).toBe(false);
    expect((await errorOf(gone.query('up'))).errorType).toBe('connection');
  });
});
