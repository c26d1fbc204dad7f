import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../context.js';
import { createAxiomClient, CONSOLE_SERVICE, type AxiomClient } from '../integrations/axiom/client.js';
import { startAxiomStandin, type AxiomStandin } from '../integrations/axiom/standin.js';
import { createLogger } from '../logger.js';
import { createHarness, DB_HOOK_TIMEOUT_MS, testConfig, type TestHarness } from '../testing.js';
import { createMetrics } from './metrics.js';
import { registerSelfObservability } from './self-observability.js';
import { buildServer } from './server.js';

/**
 * The console ships its own log lines into the logs dataset it reads (AXIOM_TOKEN set). They must be findable the way
 * the marketplace's lines are — by request id, by level name — and must not count in the marketplace's latency SLO.
 */
let h: TestHarness;
let standin: AxiomStandin;
let axiom: AxiomClient;
let app: FastifyInstance;

const REQUEST_ID = 'req_console_log_shape_1';

beforeAll(async () => {
  h = await createHarness();
  standin = await startAxiomStandin({ db: h.dbs.api });
  axiom = createAxiomClient({ url: standin.url, token: standin.token, dataset: standin.dataset, timeoutMs: 15_000 });
  const services: Services = {
    ...h.services,
    config: testConfig({ AXIOM_TOKEN: standin.token, AXIOM_DATASET: standin.dataset, AXIOM_URL: standin.url }),
    // A real logger (stdout discarded), so lines go through the same multistream and tee as in production.
    logger: createLogger('info', new Writable({ write: (_chunk, _enc, done) => done() })),
    integrations: { ...h.services.integrations, axiom },
  };
  app = await buildServer({
    services,
    metrics: createMetrics(h.dbs.poolStats),
    webRoot: null,
    version: 't',
    sha: 't',
    extraRoutes: [
      (scope) =>
        scope.get('/boom', () => {
          throw new Error('boom');
        }),
    ],
  });
  registerSelfObservability(app, services);
}, DB_HOOK_TIMEOUT_MS);
afterAll(async () => {
  await (standin as AxiomStandin | undefined)?.close();
  await (h as TestHarness | undefined)?.close();
});

describe("the console's own log lines in the logs dataset", () => {
  it('are found by request id, with the level by name, and count in no marketplace SLO', async () => {
    const sloBefore = await axiom.latencySlo('1h', 500);
    const callsBefore = (await axiom.slowOperations('1h')).reduce((sum, o) => sum + o.calls, 0);

    const res = await app.inject({
      method: 'GET',
      url: '/boom?input=%7B%22q%22%3A%22sarah%40example.com%22%7D',
      headers: { 'x-request-id': REQUEST_ID },
    });
    expect(res.statusCode).toBe(500);
    // Closing flushes the batch to Axiom.
    await app.close();

    const lines = await axiom.logsForRequest(REQUEST_ID);
    const finished = lines.find((l) => l.message === 'request failed');
    expect(finished).toMatchObject({ level: 'error', service: CONSOLE_SERVICE, route: '/boom', status: 500 });
    expect(finished?.durationMs).toEqual(expect.any(Number));
    // The query string (tRPC input: a searched email) is not logged.
    expect(JSON.stringify(lines)).not.toContain('sarah');

    expect(await axiom.latencySlo('1h', 500)).toEqual(sloBefore);
    expect((await axiom.slowOperations('1h')).reduce((sum, o) => sum + o.calls, 0)).toBe(callsBefore);
  });
});
