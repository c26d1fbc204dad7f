import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthSnapshot, SourceStatus } from '@ops/shared';
import { createAlertmanagerClient } from '../integrations/alertmanager/client.js';
import { startAlertmanagerStandin, type AlertmanagerStandin } from '../integrations/alertmanager/standin.js';
import { startDeployStandins, type DeployStandins } from '../integrations/deploys/standin.js';
import { listen, sendJson, sleep, type ListeningServer } from '../integrations/http-kit.js';
import type { Integrations } from '../integrations/index.js';
import { createAxiomClient } from '../integrations/axiom/client.js';
import { startAxiomStandin, type AxiomStandin } from '../integrations/axiom/standin.js';
import { createPrometheusClient } from '../integrations/prometheus/client.js';
import { createRedisClient } from '../integrations/redis/client.js';
import { startPrometheusStandin, type PrometheusStandin } from '../integrations/prometheus/standin.js';
import { createSentryClient } from '../integrations/sentry/client.js';
import { startSentryStandin, type SentryStandin } from '../integrations/sentry/standin.js';
import { createHarness, testConfig, type TestHarness } from '../testing.js';

/**
 * The command center against the real clients: the stand-ins answer for every vendor, and one source at a time is
 * swapped for a broken server (closed port, too slow, 200 with garbage) to check the snapshot still comes back with
 * that source marked and every other source intact.
 */

const BUDGET_MS = 2_000;
// The clients' own timeout sits past the budget so the budget cut (not the socket timer) decides a slow source.
const CLIENT_TIMEOUT_MS = BUDGET_MS + 1_000;
const SLOW_MS = BUDGET_MS + 1_500;
const SENTRY = { org: 'acme', token: 'test-sentry-token' };

type Fault = 'down' | 'slow' | 'not json' | 'wrong shape';
const FAULTS: Fault[] = ['down', 'slow', 'not json', 'wrong shape'];
const EXPECTED_STATE: Record<Fault, SourceStatus['state']> = {
  down: 'down',
  slow: 'degraded',
  'not json': 'down',
  'wrong shape': 'down',
};

/** A server that fails the way `fault` says, for every path. */
async function brokenServer(fault: Fault): Promise<ListeningServer> {
  if (fault === 'down') {
    // A port that was just ours and is now closed: connection refused.
    const gone = await listen(() => undefined);
    await gone.close();
    return { ...gone, close: () => Promise.resolve() };
  }
  return listen(async (_req, res) => {
    if (fault === 'slow') {
      await sleep(SLOW_MS);
      if (!res.destroyed) sendJson(res, 200, {});
      return;
    }
    if (fault === 'not json') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>502 Bad Gateway</body></html>');
      return;
    }
    sendJson(res, 200, { hello: 'world', items: [1, 2, 3] });
  });
}

let h: TestHarness;
let prometheus: PrometheusStandin;
let alertmanager: AlertmanagerStandin;
let sentry: SentryStandin;
let deploys: DeployStandins;
let axiom: AxiomStandin;
let integrations: Integrations;
/** The real Redis CI and this machine run; db 15 and a key prefix of our own (nothing else is read or written). */
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379/15';
const redisClient = (url: string) =>
  createRedisClient({ url, timeoutMs: CLIENT_TIMEOUT_MS, queues: ['celery'], keyPrefix: 'ops-console-health-test:' });

const clients = {
  prometheus: (url: string) => createPrometheusClient({ url, timeoutMs: CLIENT_TIMEOUT_MS }),
  alertmanager: (url: string) => createAlertmanagerClient({ url, timeoutMs: CLIENT_TIMEOUT_MS }),
  sentry: (url: string) => createSentryClient({ url, ...SENTRY, timeoutMs: CLIENT_TIMEOUT_MS }),
  axiom: (url: string) => createAxiomClient({ url, token: axiom.token, dataset: axiom.dataset, timeoutMs: CLIENT_TIMEOUT_MS }),
};

beforeAll(async () => {
  [prometheus, alertmanager, sentry, deploys, axiom] = await Promise.all([
    startPrometheusStandin(),
    startAlertmanagerStandin(),
    startSentryStandin(SENTRY),
    startDeployStandins(),
    startAxiomStandin(),
  ]);
  integrations = {
    stripe: null,
    prometheus: clients.prometheus(prometheus.url),
    alertmanager: clients.alertmanager(alertmanager.url),
    sentry: clients.sentry(sentry.url),
    axiom: clients.axiom(axiom.url),
    redis: redisClient(REDIS_URL),
    deployTargets: deploys.targets,
    sample: { stripe: false, prometheus: false, alertmanager: false, sentry: false, axiom: false, deploys: false, redis: false },
    close: () => Promise.resolve(),
  };
  h = await createHarness({ config: testConfig({ SOURCE_TIMEOUT_MS: String(BUDGET_MS) }), integrations });
  // One snapshot first: the clients open their connections (Redis, keep-alive sockets) outside the measured calls.
  await h.caller('oncall').health.snapshot();
}, 120_000);

afterAll(async () => {
  await h?.close();
  await Promise.all([prometheus?.close(), alertmanager?.close(), sentry?.close(), deploys?.close(), axiom?.close()]);
  await integrations?.redis?.close();
});

const state = (snap: HealthSnapshot, source: string) => snap.sources.find((s) => s.source === source);

/** Every source but `except` answered, and its panel has data. */
function expectIntact(snap: HealthSnapshot, except: string | null) {
  for (const s of snap.sources) {
    if (s.source === except) continue;
    expect({ source: s.source, state: s.state, error: s.error }).toEqual({ source: s.source, state: 'ok', error: null });
  }
  if (except !== 'prometheus') {
    expect(snap.stability.errorRate?.value).toEqual(expect.any(Number));
    expect(snap.stability.p99LatencySeconds?.value).toEqual(expect.any(Number));
  }
  if (except !== 'sentry') expect(snap.stability.topErrors?.length).toBeGreaterThan(0);
  if (except !== 'axiom') {
    expect(snap.stability.logs?.ingestedLastHour).toBeGreaterThan(0);
    expect(snap.stability.logs?.slo.share).toEqual(expect.any(Number));
    expect(snap.stability.logs?.slowest.length).toBeGreaterThan(0);
  }
  if (except !== 'redis') {
    expect(snap.operations.redis?.usedMemoryBytes).toBeGreaterThan(0);
    expect(snap.operations.redis?.queues.map((q) => q.name)).toEqual(['celery']);
  }
  if (except !== 'alertmanager') expect(snap.stability.alerts?.map((a) => a.name)).toContain('HighErrorRate');
  if (except !== 'deploys')
    expect(snap.stability.deploys?.map((d) => [d.name, d.up])).toEqual([
      ['api', true],
      ['worker', true],
      ['web', true],
    ]);
  expect(snap.money.payments).not.toBeNull();
  expect(snap.money.webhooks).not.toBeNull();
  expect(snap.growth).not.toBeNull();
  expect(snap.operations.jobs).not.toBeNull();
  expect(snap.operations.pool).not.toBeNull();
}

describe('health.snapshot with every source answering', () => {
  it('reports every source ok with its latency, and the figures each one gave', async () => {
    const snap = await h.caller('oncall').health.snapshot();
    // Every source, in the order the page lists them.
    expect(snap.sources.map((s) => s.source)).toEqual([
      'prometheus',
      'sentry',
      'alertmanager',
      'deploys',
      'axiom',
      'payments',
      'webhooks',
      'jobs',
      'growth',
      'db_pool',
      'redis',
    ]);
    expectIntact(snap, null);
    // Every source that answered says how long it took (the figure the command center shows beside it).
    expect(snap.sources.filter((s) => typeof s.latencyMs !== 'number').map((s) => s.source)).toEqual([]);
    // The stand-ins plant an error-rate incident, a critical alert and one deploy target a build behind.
    expect(snap.overall.level).toBe('critical');
    expect(snap.overall.problems.map((p) => p.message)).toContain('Version drift: web runs 1.4.1');
    expect(snap.overall.unavailable).toEqual([]);
  }, 60_000);

  it('is refused to a signed-out caller', async () => {
    await expect(h.caller(null).health.snapshot()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it("opens a top error with Sentry's latest event as rows and frames; an unknown issue is not found", async () => {
    const snap = await h.caller('oncall').health.snapshot();
    const top = snap.stability.topErrors?.[0];
    if (!top) throw new Error('the stand-in plants top errors');
    const { source, issue } = await h.caller('oncall').health.errors.issue({ id: top.id });
    expect(source.state).toBe('ok');
    expect(issue?.id).toBe(top.id);
    const event = issue?.latestEvent;
    expect(event?.tags).toEqual(
      expect.arrayContaining([
        { key: 'environment', value: 'production' },
        { key: 'request_id', value: expect.stringMatching(/^req_/) },
      ]),
    );
    const frames = event?.exceptions[0]?.frames ?? [];
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((f) => f.filename.length > 0 && Array.isArray(f.context))).toBe(true);
    // Each frame shows its own source around its line; node's internals have none, as Sentry has no file to read.
    const withSource = frames.filter((f) => f.context.length > 0);
    expect(withSource.length).toBeGreaterThan(0);
    expect(withSource.every((f) => f.context.some(([n]) => n === f.lineNo))).toBe(true);
    expect(new Set(withSource.map((f) => JSON.stringify(f.context))).size).toBe(withSource.length);
    expect(frames.filter((f) => f.filename.startsWith('node:')).every((f) => f.context.length === 0)).toBe(true);

    await expect(h.caller('oncall').health.errors.issue({ id: 'no-such-issue' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'id: no Sentry issue no-such-issue',
    });
  });

  it("gives Sentry's page of an issue, but none when Sentry is a stand-in over sample data (its address is no page)", async () => {
    const snap = await h.caller('oncall').health.snapshot();
    const id = snap.stability.topErrors?.[0]?.id ?? '';
    const real = await h.caller('oncall').health.errors.issue({ id });
    expect(real.issue?.permalink).toMatch(new RegExp(`/issues/${id}/$`));
    integrations.sample.sentry = true;
    try {
      const sample = await h.caller('oncall').health.errors.issue({ id });
      expect(sample.source.sample).toBe(true);
      expect(sample.issue?.id).toBe(id);
      expect(sample.issue?.permalink).toBeNull();
    } finally {
      integrations.sample.sentry = false;
    }
  });
});

describe.each(['prometheus', 'sentry', 'alertmanager', 'axiom'] as const)('health.snapshot when %s fails', (source) => {
  it.each(FAULTS)(
    `marks ${source} and keeps the others when it is %s`,
    async (fault) => {
      const broken = await brokenServer(fault);
      const original = integrations[source];
      try {
        // Assigning through a switch keeps each client's own type.
        if (source === 'prometheus') integrations.prometheus = clients.prometheus(broken.url);
        else if (source === 'sentry') integrations.sentry = clients.sentry(broken.url);
        else if (source === 'axiom') integrations.axiom = clients.axiom(broken.url);
        else integrations.alertmanager = clients.alertmanager(broken.url);
        const snap = await h.caller('oncall').health.snapshot();

        const marked = state(snap, source);
        expect(marked?.state).toBe(EXPECTED_STATE[fault]);
        // A slow source is marked in the budget's words: the budget cut it, not the client's later timeout.
        expect(marked?.error).toMatch(
          fault === 'slow' ? /no answer within 2000 ms/ : fault === 'down' ? /cannot reach 127\.0\.0\.1/ : /unexpected/,
        );
        expect(snap.overall.unavailable).toEqual([source]);
        if (source === 'prometheus')
          expect([snap.stability.errorRate, snap.stability.p99LatencySeconds, snap.stability.requestRate]).toEqual([
            null,
            null,
            null,
          ]);
        if (source === 'sentry') expect(snap.stability.topErrors).toBeNull();
        if (source === 'alertmanager') expect(snap.stability.alerts).toBeNull();
        if (source === 'axiom') expect(snap.stability.logs).toBeNull();
        expectIntact(snap, source);
      } finally {
        if (source === 'prometheus') integrations.prometheus = original as Integrations['prometheus'];
        else if (source === 'sentry') integrations.sentry = original as Integrations['sentry'];
        else if (source === 'axiom') integrations.axiom = original as Integrations['axiom'];
        else integrations.alertmanager = original as Integrations['alertmanager'];
        await broken.close();
      }
    },
    60_000,
  );
});

/** Redis speaks RESP over TCP: its faults are a closed port, a server that never answers, and one that is not Redis. */
async function brokenRedis(fault: 'down' | 'slow' | 'garbage'): Promise<{ url: string; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    if (fault === 'garbage') socket.on('data', () => socket.write('<!DOCTYPE html><html>502 Bad Gateway</html>'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  if (fault === 'down') await close();
  return { url: `redis://127.0.0.1:${address.port}/0`, close: fault === 'down' ? () => Promise.resolve() : close };
}

describe('health.snapshot when Redis fails', () => {
  it.each(['down', 'slow', 'garbage'] as const)(
    'marks redis and keeps the others when it is %s',
    async (fault) => {
      const broken = await brokenRedis(fault);
      const original = integrations.redis;
      const client = redisClient(broken.url);
      try {
        integrations.redis = client;
        const snap = await h.caller('oncall').health.snapshot();
        const marked = state(snap, 'redis');
        expect(marked?.state).toBe(fault === 'slow' ? 'degraded' : 'down');
        expect(marked?.error).toMatch(
          fault === 'slow'
            ? /no answer within 2000 ms/
            : fault === 'down'
              ? /Redis is unreachable: .*ECONNREFUSED/
              : /^unexpected answer from Redis/,
        );
        expect(snap.operations.redis).toBeNull();
        expect(snap.overall.unavailable).toEqual(['redis']);
        expectIntact(snap, 'redis');
      } finally {
        integrations.redis = original;
        await client.close();
        await broken.close();
      }
    },
    60_000,
  );

  it('is "not configured" without REDIS_URL, and the page says so instead of calling it down', async () => {
    const original = integrations.redis;
    try {
      integrations.redis = null;
      const snap = await h.caller('oncall').health.snapshot();
      expect(state(snap, 'redis')).toMatchObject({ state: 'not_configured', error: null });
      expect(snap.overall.unavailable).toEqual([]);
    } finally {
      integrations.redis = original;
    }
  }, 60_000);
});

describe('health.snapshot when a deploy target fails', () => {
  it.each(FAULTS)(
    'marks that target (down, or unknown when merely slow) and keeps the other targets and sources when it is %s',
    async (fault) => {
      const broken = await brokenServer(fault);
      const original = integrations.deployTargets;
      try {
        integrations.deployTargets = original.map((t) => (t.name === 'api' ? { name: 'api', url: broken.url } : t));
        const snap = await h.caller('oncall').health.snapshot();

        const api = snap.stability.deploys?.find((d) => d.name === 'api');
        expect(api).toMatchObject({ up: false, unknown: fault === 'slow', sha: null, version: null });
        expect(api?.error).toMatch(
          fault === 'slow'
            ? /no answer from 127\.0\.0\.1:\d+ within/
            : fault === 'down'
              ? /cannot reach/
              : /unexpected \/healthz answer/,
        );
        expect(snap.stability.deploys?.filter((d) => d.up).map((d) => d.name)).toEqual(['worker', 'web']);
        // A target that answered badly or refused is down; one that was only slow is not reported down at all.
        const downProblem = { level: 'critical', message: 'Deploy target down: api', href: '/deploys' };
        if (fault === 'slow') expect(snap.overall.problems).not.toContainEqual(downProblem);
        else expect(snap.overall.problems).toContainEqual(downProblem);
        // The targets are checked, so the source itself answered: the others are intact.
        expectIntact({ ...snap, stability: { ...snap.stability, deploys: null } }, 'deploys');
        // A slow target is cut by its own timeout, inside the source's budget: the source itself answered in time.
        expect(state(snap, 'deploys')?.state).toBe('ok');
      } finally {
        integrations.deployTargets = original;
        await broken.close();
      }
    },
    60_000,
  );

  it('lists deploys as not visible, and reports no target down, when every target is too slow to answer', async () => {
    const slow = await brokenServer('slow');
    const original = integrations.deployTargets;
    try {
      integrations.deployTargets = original.map((t) => ({ name: t.name, url: slow.url }));
      const snap = await h.caller('oncall').health.snapshot();
      expect(snap.stability.deploys?.map((d) => [d.name, d.up, d.unknown])).toEqual([
        ['api', false, true],
        ['worker', false, true],
        ['web', false, true],
      ]);
      expect(state(snap, 'deploys')).toMatchObject({
        state: 'degraded',
        error: expect.stringMatching(/no deploy target answered/),
      });
      expect(snap.overall.unavailable).toContain('deploys');
      expect(snap.overall.problems.filter((p) => p.message.startsWith('Deploy target down'))).toEqual([]);
    } finally {
      integrations.deployTargets = original;
      await slow.close();
    }
  }, 60_000);

  it("warns about a preview environment's target that is down, naming the environment, without a production critical", async () => {
    const gone = await brokenServer('down');
    const original = integrations.deployTargets;
    try {
      integrations.deployTargets = [...original, { name: 'preview/api', url: gone.url }];
      const snap = await h.caller('oncall').health.snapshot();
      expect(snap.stability.deploys?.find((d) => d.name === 'preview/api')).toMatchObject({ up: false, unknown: false });
      expect(snap.overall.problems).toContainEqual({
        level: 'warning',
        message: 'Deploy target down in preview: preview/api',
        href: '/deploys',
      });
      expect(snap.overall.problems.filter((p) => p.message.startsWith('Deploy target down:'))).toEqual([]);
    } finally {
      integrations.deployTargets = original;
      await gone.close();
    }
  }, 60_000);
});

describe('health.snapshot concurrency', () => {
  /** A door that opens once: `open()` marks it, `opened` resolves from then on. */
  function door() {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { open: () => open(), opened };
  }

  it('asks its sources at once, not one after another: two that answer only once the other was asked are both read', async () => {
    // Asked one after the other, whichever came first would wait for the second until its budget ran out.
    const prometheusAsked = door();
    const deployAsked = door();
    const prometheus = await listen(async (_req, res) => {
      prometheusAsked.open();
      await deployAsked.opened;
      sendJson(res, 200, {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, '0.25'] }] },
      });
    });
    const deploy = await listen(async (_req, res) => {
      deployAsked.open();
      await prometheusAsked.opened;
      sendJson(res, 200, { status: 'ok', version: '3.12.0', sha: 'abc1234' });
    });
    const original = { prometheus: integrations.prometheus, deployTargets: integrations.deployTargets };
    integrations.prometheus = clients.prometheus(prometheus.url);
    integrations.deployTargets = [{ name: 'api', url: deploy.url }];
    try {
      const snap = await h.caller('oncall').health.snapshot();
      expect(state(snap, 'prometheus')).toMatchObject({ state: 'ok' });
      expect(snap.stability.p99LatencySeconds?.value).toBe(0.25);
      expect(state(snap, 'deploys')).toMatchObject({ state: 'ok' });
      expect(snap.stability.deploys?.map((d) => [d.name, d.up])).toEqual([['api', true]]);
    } finally {
      integrations.prometheus = original.prometheus;
      integrations.deployTargets = original.deployTargets;
      await prometheus.close();
      await deploy.close();
    }
  }, 60_000);
});

describe('health.metrics.range', () => {
  it('draws a catalog metric over 24 h', async () => {
    const r = await h.caller('oncall').health.metrics.range({ metricId: 'latency_p99', period: '24h' });
    if (!r.ok) throw new Error(`expected a chart, got ${r.error}`);
    expect(r.series.length).toBeGreaterThan(0);
    expect(r.series[0]?.points.length).toBeGreaterThan(100);
    expect(r.endSeconds - r.startSeconds).toBe(86_400);
    expect(r.unit).toBe('s');
  }, 60_000);

  it("returns Prometheus's own error text for bad PromQL", async () => {
    const r = await h.caller('oncall').health.metrics.range({ promql: 'sum(rate(http_requests_total[5m])', period: '1h' });
    expect(r).toMatchObject({
      ok: false,
      errorType: 'bad_data',
      error: 'invalid parameter "query": 1:34: parse error: unclosed left parenthesis',
    });
    // Prometheus answered: the source is fine, the query is not.
    expect(r.source.state).toBe('ok');
  }, 60_000);

  it("marks the console's actions on the chart, not the sign-ins, reveals and notes audited beside them", async () => {
    const mark = `marker-${Date.now()}`;
    // Ten minutes ago: inside the chart's window, which ends at its last whole step.
    const at = new Date(Date.now() - 10 * 60_000).toISOString();
    const row = (action: string) => ({
      occurred_at: at,
      actor_email: 'a@ops.example',
      action,
      resource_type: 'user',
      resource_id: mark,
    });
    await h.dbs.api
      .insertInto('audit_log')
      .values([row('auth.login'), row('users.pii.reveal'), row('bookings.note'), row('refunds.create'), row('webhooks.replay')])
      .execute();
    const r = await h.caller('oncall').health.metrics.range({ metricId: 'latency_p99', period: '1h' });
    const marked = r.annotations.filter((a) => a.kind === 'audit' && a.label.includes(` on user ${mark} `));
    expect(marked.map((a) => a.label.split(' ')[0]).sort()).toEqual(['refunds.create', 'webhooks.replay']);
  }, 60_000);

  it('rejects an unknown catalog metric naming the field', async () => {
    await expect(h.caller('oncall').health.metrics.range({ metricId: 'nope', period: '1h' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('metricId'),
    });
  });
});
