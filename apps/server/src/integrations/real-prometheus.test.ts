import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../http/metrics.js';
import { buildServer } from '../http/server.js';
import { createHarness, type TestHarness } from '../testing.js';
import { AlertmanagerError, createAlertmanagerClient } from './alertmanager/client.js';
import { createPrometheusClient, PrometheusError } from './prometheus/client.js';

/**
 * Our clients against the real services (Debian's prometheus and prometheus-alertmanager in CI), so the
 * stand-ins can never drift from what the vendors actually answer. Runs only when the URLs are given.
 */
const PROMETHEUS_REAL_URL = process.env.PROMETHEUS_REAL_URL;
const ALERTMANAGER_REAL_URL = process.env.ALERTMANAGER_REAL_URL;
/** The port the real Prometheus scrapes (job ops-console): the console's own /metrics is served there. */
const SCRAPE_PORT = process.env.PROMETHEUS_SCRAPE_PORT;

describe.runIf(PROMETHEUS_REAL_URL && SCRAPE_PORT)('a real Prometheus scraping the console', () => {
  const prom = createPrometheusClient({ url: PROMETHEUS_REAL_URL ?? '', timeoutMs: 15_000 });
  let h: TestHarness;
  let app: FastifyInstance;
  beforeAll(async () => {
    h = await createHarness();
    app = await buildServer({
      services: h.services,
      metrics: createMetrics(h.dbs.poolStats),
      webRoot: null,
      version: 'ci',
      sha: 'ci',
    });
    await app.listen({ host: '127.0.0.1', port: Number(SCRAPE_PORT) });
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it('scrapes /metrics: the target is up and the pool gauges and request histogram are stored', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    let up: number | null = null;
    let pools: string[] = [];
    let requests = 0;
    // The scrape interval is 1 s; give it a few rounds.
    for (let i = 0; i < 30 && (up !== 1 || pools.length < 3 || requests === 0); i++) {
      await new Promise((r) => setTimeout(r, 500));
      const upRes = await prom.query('up{job="ops-console"}');
      up = upRes.result.type === 'vector' ? (upRes.result.series[0]?.sample.value ?? null) : null;
      const poolRes = await prom.query('db_pool_size{job="ops-console"}');
      pools = poolRes.result.type === 'vector' ? poolRes.result.series.map((s) => s.metric.pool ?? '').sort() : [];
      const reqRes = await prom.query('http_request_duration_seconds_count{job="ops-console",route="/healthz"}');
      requests = reqRes.result.type === 'vector' ? reqRes.result.series.length : 0;
    }
    expect(up).toBe(1);
    expect(pools).toEqual(['analytics', 'api', 'worker']);
    expect(requests).toBeGreaterThan(0);
  });
});

describe.runIf(PROMETHEUS_REAL_URL)('prometheus client against a real Prometheus', () => {
  const prom = createPrometheusClient({ url: PROMETHEUS_REAL_URL ?? '', timeoutMs: 15_000 });

  it('is healthy and answers an instant query of up as a vector of 0/1 samples', async () => {
    expect(await prom.healthy()).toBe(true);
    const { result } = await prom.query('up');
    expect(result.type).toBe('vector');
    if (result.type !== 'vector') return;
    for (const s of result.series) {
      expect(s.metric.__name__).toBe('up');
      expect([0, 1]).toContain(s.sample.value);
    }
    const scalar = await prom.query('1 + 2 * 3');
    expect(scalar.result).toMatchObject({ type: 'scalar', sample: { value: 7 } });
    const range = await prom.queryRange('vector(1)', { start: new Date(Date.now() - 60_000), end: new Date(), stepSeconds: 15 });
    expect(range.result.type).toBe('matrix');
  });

  it('reports bad PromQL with errorType bad_data and the parser message, like the stand-in', async () => {
    const broken = await prom.query('sum(rate(up[5m])').catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(PrometheusError);
    expect(broken).toMatchObject({ errorType: 'bad_data', status: 400 });
    expect((broken as PrometheusError).message).toMatch(/parse error/);
    const unknownFn = await prom.query('frobnicate(up)').catch((e: unknown) => e);
    expect((unknownFn as PrometheusError).message).toMatch(/unknown function with name "frobnicate"/);
    const unknownMetric = await prom.query('no_such_metric_for_sure');
    expect(unknownMetric.result).toEqual({ type: 'vector', series: [] });
  });
});

describe.runIf(ALERTMANAGER_REAL_URL)('alertmanager client against a real Alertmanager', () => {
  const am = createAlertmanagerClient({ url: ALERTMANAGER_REAL_URL ?? '', timeoutMs: 15_000 });

  it('creates, lists and expires a silence', async () => {
    expect(await am.healthy()).toBe(true);
    const id = await am.createSilence({
      matchers: [{ name: 'alertname', value: 'OpsConsoleCiProbe', isRegex: false }],
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 10 * 60_000),
      createdBy: 'ci@ops.example',
      comment: 'client contract test',
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = (await am.listSilences()).find((s) => s.id === id);
    expect(listed).toMatchObject({
      state: 'active',
      createdBy: 'ci@ops.example',
      matchers: [{ name: 'alertname', value: 'OpsConsoleCiProbe', isRegex: false, isEqual: true }],
    });
    await am.expireSilence(id);
    expect((await am.listSilences()).find((s) => s.id === id)?.state).toBe('expired');
    expect(Array.isArray(await am.listAlerts({ active: true }))).toBe(true);
  });

  it('surfaces the validation message for an end time in the past', async () => {
    const error = await am
      .createSilence({
        matchers: [{ name: 'alertname', value: 'X', isRegex: false }],
        startsAt: new Date(Date.now() - 60_000),
        endsAt: new Date(Date.now() - 30_000),
        createdBy: 'ci',
        comment: 'past',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlertmanagerError);
    expect((error as AlertmanagerError).status).toBe(400);
  });
});
