import { afterEach, describe, expect, it } from 'vitest';
import { withBudget } from '../budget.js';
import { listen, sendJson, sleep, type ListeningServer } from '../http-kit.js';
import { AxiomError, createAxiomClient } from './client.js';

/**
 * Axiom's refusals as the real service sends them: 429 with its X-QueryLimit-* headers, 5xx (which @axiomhq/js
 * retries after a pause longer than our source budget), a body that is not JSON and a JSON body of the wrong shape.
 */
let server: ListeningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function axiomAnswering(answer: (n: number) => { status: number; body: string; headers?: Record<string, string> }) {
  let requests = 0;
  server = await listen((_req, res) => {
    requests += 1;
    const a = answer(requests);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body);
  });
  const client = createAxiomClient({ url: server.url, token: 'xaat-test', dataset: 'ops', timeoutMs: 5_000 });
  return { client, requests: () => requests };
}

describe('axiom refusals within the source budget', () => {
  it('reports a 429 with its query limit and reset, without retrying', async () => {
    const reset = Math.floor(Date.parse('2026-11-30T12:05:00Z') / 1000);
    const { client, requests } = await axiomAnswering(() => ({
      status: 429,
      body: JSON.stringify({ code: 429, message: 'query limit exceeded' }),
      headers: { 'x-querylimit-limit': '100', 'x-querylimit-remaining': '0', 'x-querylimit-reset': String(reset) },
    }));
    const error = await client.ingestRate('1h').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AxiomError);
    expect((error as AxiomError).status).toBe(429);
    expect((error as AxiomError).message).toBe(
      'Axiom rate limit reached (0 of 100 queries left); resets at 2026-11-30T12:05:00.000Z',
    );
    expect(requests()).toBe(1);
  });

  it('ends a 5xx at once as the source error, and the SDK retry never reaches Axiom', async () => {
    const { client, requests } = await axiomAnswering(() => ({
      status: 503,
      body: JSON.stringify({ code: 503, message: 'query backend unavailable' }),
    }));
    const result = await withBudget('axiom', 2_000, (signal) => client.latencySlo('1h', 500, signal));
    expect(result.status.state).toBe('down');
    expect(result.status.error).toBe('Axiom answered HTTP 503: query backend unavailable');
    // The SDK would retry after 1–2 s; by then its retry must have been abandoned, not sent.
    await sleep(2_500);
    expect(requests()).toBe(1);
  });

  it('calls a body that is not JSON, or JSON without tables, an unexpected answer', async () => {
    const html = await axiomAnswering(() => ({ status: 200, body: '<html>502 Bad Gateway</html>' }));
    await expect(html.client.ingestRate('1h')).rejects.toThrow(/unexpected answer from Axiom/);
    await server?.close();
    const shape = await axiomAnswering(() => ({ status: 200, body: JSON.stringify({ hello: 'world' }) }));
    await expect(shape.client.slowOperations('1h')).rejects.toThrow(/unexpected answer from Axiom/);
  });

  it('refuses filters that would write APL instead of matching a value', async () => {
    const { client, requests } = await axiomAnswering(() => ({ status: 200, body: '{}' }));
    const base = { start: new Date(Date.now() - 3_600_000), end: new Date(), limit: 10 };
    await expect(client.search({ ...base, requestId: 'x" or true or "' })).rejects.toThrow('invalid request id');
    await expect(client.search({ ...base, route: 'trpc | take 1' })).rejects.toThrow('invalid route');
    await expect(client.search({ ...base, status: 42 })).rejects.toThrow('invalid status');
    await expect(client.search({ ...base, minDurationMs: 0.5 })).rejects.toThrow('invalid duration');
    expect(requests()).toBe(0);
  });
});

describe('axiom log search and SLO against answers shaped like Axiom', () => {
  it('sends one APL query with every filter and reads the tabular answer', async () => {
    // The one log line Axiom answers with: each field's name, its type and its value (a column of one).
    const row: Array<[name: string, type: string, value: string | number]> = [
      ['_time', 'datetime', '2026-11-30T11:00:00Z'],
      ['level', 'string', 'error'],
      ['msg', 'string', 'request failed'],
      ['status', 'integer', 500],
      ['route', 'string', '/trpc/refunds.create.execute'],
      ['request_id', 'string', 'req_1'],
      ['booking_id', 'string', 'b-1'],
    ];
    let apl = '';
    server = await listen(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      apl = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { apl: string }).apl;
      sendJson(res, 200, {
        format: 'tabular',
        status: { elapsedTime: 1, rowsMatched: 1, isPartial: false },
        tables: [
          {
            name: '0',
            sources: [{ name: 'ops' }],
            fields: row.map(([name, type]) => ({ name, type })),
            order: [],
            groups: [],
            columns: row.map(([, , value]) => [value]),
          },
        ],
        datasetNames: ['ops'],
      });
    });
    const client = createAxiomClient({ url: server.url, token: 'xaat-test', dataset: 'ops', timeoutMs: 5_000 });
    const lines = await client.search({
      start: new Date('2026-11-30T10:00:00Z'),
      end: new Date('2026-11-30T12:00:00Z'),
      level: 'error',
      route: '/trpc/refunds.create.execute',
      status: 500,
      bookingId: 'b-1',
      minDurationMs: 500,
      limit: 50,
    });
    expect(apl).toBe(
      `['ops'] | where level == "error" and route == "/trpc/refunds.create.execute" and status == 500 and booking_id == "b-1" and service != "ops-console" and isnotnull(status) and duration_ms > 500 | order by _time desc | take 50`,
    );
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        status: 500,
        route: '/trpc/refunds.create.execute',
        requestId: 'req_1',
        bookingId: 'b-1',
      }),
    ]);
  });
});
