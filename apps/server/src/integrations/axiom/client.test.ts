import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_HOOK_TIMEOUT_MS, insertPeople, type TestPeople } from '../../testing.js';
import { useTestDb } from '../../testing-hooks.js';
import { AxiomError, createAxiomClient, tableRows, type AxiomClient } from './client.js';
import { startAxiomStandin, type AxiomStandin } from './standin.js';

const testDb = useTestDb();
let people: TestPeople;
let standin: AxiomStandin;
let axiom: AxiomClient;

beforeAll(async () => {
  people = await insertPeople(testDb.db);
  standin = await startAxiomStandin({ db: testDb.db });
  axiom = createAxiomClient({ url: standin.url, token: standin.token, dataset: standin.dataset, timeoutMs: 15_000 });
}, DB_HOOK_TIMEOUT_MS);
afterAll(async () => {
  // A failed beforeAll leaves these unset; closing what exists keeps the real error in front.
  await (standin as AxiomStandin | undefined)?.close();
});

describe('axiom client against the stand-in', () => {
  it('parses column-major tabular results', () => {
    const rows = tableRows({
      tables: [
        {
          name: '0',
          sources: [],
          fields: [
            { name: 'status', type: 'integer' },
            { name: '_time', type: 'datetime' },
          ],
          order: [],
          groups: [],
          columns: [
            [301, 500],
            ['2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z'],
          ],
          events: function* () {},
        },
      ],
    } as Parameters<typeof tableRows>[0]);
    expect(rows).toEqual([
      { status: 301, _time: '2026-01-01T00:00:00Z' },
      { status: 500, _time: '2026-01-01T00:01:00Z' },
    ]);
  });

  it('reads the ingest rate by minute and the slowest operations', async () => {
    const rate = await axiom.ingestRate('1h');
    expect(rate.buckets.length).toBeGreaterThan(30);
    expect(rate.total).toBe(rate.buckets.reduce((s, b) => s + b.count, 0));
    expect(rate.perSecond).toBeGreaterThan(0);
    const slow = await axiom.slowOperations('24h');
    expect(slow.length).toBeGreaterThan(3);
    expect(slow[0]?.p95Ms).toBeGreaterThanOrEqual(slow[1]?.p95Ms ?? 0);
    expect(['revenue.summary', 'funnel.report']).toContain(slow[0]?.operation);
  });

  it('counts each request or job once among the slowest operations, by the line that ends it', async () => {
    const slow = await axiom.slowOperations('24h');
    // The stand-in logs fewer than 10 operations, so every call of the day is in the list once: as many calls as
    // request-ending lines (the SLO's total), not those plus the "db query" lines timing a part of them.
    const slo = await axiom.latencySlo('24h', 500);
    expect(slo.total).toBeGreaterThan(0);
    expect(slow.reduce((sum, o) => sum + o.calls, 0)).toBe(slo.total);
    // A worker job's finishing line counts as its call too.
    expect(slow.find((o) => o.operation === 'jobs.capturePayments')?.calls).toBeGreaterThan(0);
  });

  it('lists, slower than the latency threshold, exactly the requests that missed it, each by the line that ends it', async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 6 * 3_600_000);
    const [slow, slo, all] = await Promise.all([
      axiom.search({ start, end, minDurationMs: 500, limit: 1000 }),
      axiom.latencySlo('6h', 500),
      axiom.search({ start, end, limit: 1000 }),
    ]);
    expect(slow.length).toBeGreaterThan(0);
    expect(slow.every((l) => l.status !== null && l.durationMs !== null && l.durationMs > 500)).toBe(true);
    // The SLO's misses, counted by its own query (whose countif counts and does not filter).
    expect(slo.total - slo.within).toBe(slow.length);
    // A slow request's "db query" line takes long too but ends nothing: it is not a request that missed.
    expect(all.some((l) => l.status === null && l.durationMs !== null && l.durationMs > 500)).toBe(true);
    // A request that took exactly the threshold met it.
    const took = slow[0]?.durationMs ?? 0;
    const atIt = await axiom.search({ start, end, minDurationMs: took, limit: 1000 });
    expect(atIt.some((l) => l.durationMs === took)).toBe(false);
    expect((await axiom.search({ start, end, minDurationMs: took - 1, limit: 1000 })).some((l) => l.durationMs === took)).toBe(
      true,
    );
  });

  it("finds a user's log lines and then every line of one of their requests", async () => {
    const lines = await axiom.logsForUser(people.sarah.id, '24h');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.userId === people.sarah.id)).toBe(true);
    const requestId = lines[0]?.requestId ?? '';
    const trail = await axiom.logsForRequest(requestId);
    expect(trail.map((l) => l.message)).toEqual([
      'request started',
      'db query',
      expect.stringMatching(/request (finished|failed)|timed out/) as unknown,
    ]);
    await expect(axiom.logsForRequest('x" or true')).rejects.toBeInstanceOf(AxiomError);
  });

  it('ships gzip NDJSON that Axiom accepts, and the events become queryable', async () => {
    const before = standin.ingestedEvents();
    const result = await axiom.ingest([
      { level: 'info', msg: 'refund executed', request_id: 'req_ingest_test', user_id: people.sarah.id },
      { level: 'info', msg: 'audit written', request_id: 'req_ingest_test' },
    ]);
    expect(result).toEqual({ ingested: 2, failed: 0 });
    expect(standin.ingestedEvents() - before).toBe(2);
    expect(standin.lastIngestEncoding()).toBe('gzip');
    expect((await axiom.logsForRequest('req_ingest_test')).map((l) => l.message)).toEqual(['refund executed', 'audit written']);
  });

  it('answers the wire formats directly: gzip ingest envelope and the legacy query format', async () => {
    const headers = { authorization: `Bearer ${standin.token}` };
    const body = gzipSync(Buffer.from('{"a":1}\n{"a":2}\nnot json\n'));
    const ingest = await fetch(`${standin.url}/v1/datasets/${standin.dataset}/ingest`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
      body,
    });
    expect(await ingest.json()).toMatchObject({ ingested: 2, failed: 1, failures: [{ error: 'invalid JSON' }] });
    const legacy = await fetch(`${standin.url}/v1/datasets/_apl?format=legacy`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ apl: `['${standin.dataset}'] | where request_id == "req_ingest_test" | take 5` }),
    });
    const json = (await legacy.json()) as { matches: Array<{ _time: string; data: Record<string, unknown> }> };
    // `take` promises no order (as in Axiom): both lines of the request, whichever comes first.
    expect(json.matches.map((m) => m.data.msg).sort()).toEqual(['audit written', 'refund executed']);
  });

  it('refuses a where predicate it cannot evaluate instead of letting every row through', async () => {
    const answer = await fetch(`${standin.url}/v1/datasets/_apl?format=tabular`, {
      method: 'POST',
      headers: { authorization: `Bearer ${standin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apl: `['${standin.dataset}'] | where duration_ms between (500 .. 1000) | take 5` }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ message: expect.stringContaining('between') as unknown });
  });

  it('reports a bad token and an unknown dataset as typed errors', async () => {
    const bad = createAxiomClient({ url: standin.url, token: 'nope', dataset: standin.dataset, timeoutMs: 15_000 });
    await expect(bad.ingestRate('1h')).rejects.toMatchObject({ status: 401 });
    await expect(bad.ingest([{ a: 1 }])).rejects.toBeInstanceOf(AxiomError);
    const other = createAxiomClient({ url: standin.url, token: standin.token, dataset: 'nope', timeoutMs: 15_000 });
    await expect(other.ingestRate('1h')).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('not found') as unknown,
    });
  });
});
