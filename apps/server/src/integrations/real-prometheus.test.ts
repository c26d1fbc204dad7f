import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silenceMatchersProblem } from '@ops/shared';
import { createMetrics } from '../http/metrics.js';
import { buildServer } from '../http/server.js';
import { createHarness, noIntegrations, type TestHarness } from '../testing.js';
import { AlertmanagerError, createAlertmanagerClient } from './alertmanager/client.js';
import { firstValue, readAlerts, readRange } from '../domain/health/vendor-reads.js';
import type { Integrations } from './index.js';
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

  it('aggregates a selector with matchers into one series per kept label, as the stand-in answers it', async () => {
    const one = async (query: string) => {
      const { result } = await prom.query(query);
      return result.type === 'vector' ? result.series.map((s) => ({ metric: s.metric, value: s.sample.value })) : null;
    };
    let summed: Awaited<ReturnType<typeof one>> = [];
    for (let i = 0; i < 30 && summed?.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      summed = await one('sum by (pool) (db_pool_size{job="ops-console",pool="api"})');
    }
    const raw = await one('db_pool_size{job="ops-console",pool="api"}');
    expect(summed).toEqual([{ metric: { pool: 'api' }, value: raw?.[0]?.value }]);
    expect(await one('sum by (pool) (db_pool_size{job="ops-console",pool="no-such-pool"})')).toEqual([]);
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

describe.runIf(PROMETHEUS_REAL_URL)('what a real Prometheus answers that a stand-in never invents', () => {
  const prom = createPrometheusClient({ url: PROMETHEUS_REAL_URL ?? '', timeoutMs: 15_000 });
  const integrations: Integrations = { ...noIntegrations(), prometheus: prom };
  const now = Math.floor(Date.now() / 1000);
  const window = { start: now - 300, end: now, step: 15 };
  // Two series with distinct label sets on both sides: matching them on() is many-to-many, an execution error.
  const two = 'label_replace(vector(1), "a", "x", "", "") or label_replace(vector(2), "a", "y", "", "")';

  it('answers an empty vector for an unknown metric: the explorer shows "no data"', async () => {
    const range = await readRange(integrations, 15_000, 'no_such_metric_for_sure', window);
    expect(range.data).toEqual({ ok: true, warnings: [], series: [] });
  });

  it('answers NaN for 0/0: the snapshot reads "nothing measured" and the chart gets only empty points', async () => {
    const instant = await prom.query('vector(0) / vector(0)');
    expect(firstValue(instant)).toBeNull();
    const range = await readRange(integrations, 15_000, 'vector(0) / vector(0)', window);
    expect(range.data?.ok).toBe(true);
    if (range.data?.ok !== true) return;
    expect(range.data.series).toHaveLength(1);
    expect(range.data.series[0]?.points.every((p) => p.v === null)).toBe(true);
  });

  it('refuses many-to-many matching with 422 execution: the explorer shows the refusal in its own words', async () => {
    const error = await prom.query(`(${two}) + on() (${two})`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusError);
    expect(error).toMatchObject({ status: 422, errorType: 'execution' });
    const range = await readRange(integrations, 15_000, `(${two}) + on() (${two})`, window);
    expect(range.status.state).toBe('ok');
    expect(range.data).toMatchObject({ ok: false, errorType: 'execution' });
    if (range.data?.ok === false) expect(range.data.error).toMatch(/many-to-many matching not allowed/);
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

  it("reads a rule's description, runbook and PromQL from what Prometheus posts with an alert", async () => {
    const alertname = `OpsConsoleCiRule${Date.now()}`;
    const posted = await fetch(`${ALERTMANAGER_REAL_URL ?? ''}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname, severity: 'warning' },
          annotations: {
            summary: 'Probe rule fires',
            description: 'The probe rule has fired for one minute.',
            runbook_url: 'https://runbooks.example/probe',
          },
          generatorURL: `http://prometheus.example:9090/graph?g0.expr=${encodeURIComponent('sum(up) < 1')}&g0.tab=1`,
          startsAt: new Date().toISOString(),
        },
      ]),
    });
    expect(posted.status).toBe(200);
    const read = await readAlerts({ ...noIntegrations(), alertmanager: am }, 15_000);
    expect(read.data?.find((a) => a.name === alertname)).toMatchObject({
      summary: 'Probe rule fires',
      description: 'The probe rule has fired for one minute.',
      runbookUrl: 'https://runbooks.example/probe',
      expr: 'sum(up) < 1',
    });
  });

  it('refuses the silences our form refuses: every matcher matching the empty string, a regex RE2 rejects', async () => {
    const base = { startsAt: new Date(), endsAt: new Date(Date.now() + 60_000), createdBy: 'ci', comment: 'edge cases' };
    const all = await am
      .createSilence({ ...base, matchers: [{ name: 'alertname', value: '.*', isRegex: true }] })
      .catch((e: unknown) => e);
    expect(all).toBeInstanceOf(AlertmanagerError);
    expect((all as AlertmanagerError).status).toBe(400);
    expect((all as AlertmanagerError).message).toMatch(/at least one matcher must not match the empty string/);
    expect(silenceMatchersProblem([{ name: 'alertname', value: '.*', isRegex: true, isEqual: true }])).toMatch(/empty string/);
    const lookahead = await am
      .createSilence({ ...base, matchers: [{ name: 'alertname', value: '(?=High).*', isRegex: true }] })
      .catch((e: unknown) => e);
    expect((lookahead as AlertmanagerError).status).toBe(400);
    expect(silenceMatchersProblem([{ name: 'alertname', value: '(?=High).*', isRegex: true, isEqual: true }])).toMatch(/RE2/);
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
