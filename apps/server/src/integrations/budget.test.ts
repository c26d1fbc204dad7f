import { describe, expect, it } from 'vitest';
import { withBudget } from './budget.js';

describe('withBudget', () => {
  it('returns ok with the data and a latency', async () => {
    const r = await withBudget('prometheus', 500, () => Promise.resolve(42), { sample: true });
    expect(r).toMatchObject({ data: 42, status: { source: 'prometheus', state: 'ok', error: null, sample: true } });
    expect(r.status.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('cuts a slow source at its budget, aborts its signal and marks it degraded', async () => {
    let aborted = false;
    const started = Date.now();
    const r = await withBudget('sentry', 100, (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<number>(() => undefined);
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(aborted).toBe(true);
    expect(r).toMatchObject({ data: null, status: { state: 'degraded', error: 'no answer within 100 ms' } });
  });

  it('turns a failure, even a synchronous throw, into down with the message', async () => {
    const r = await withBudget('stripe', 500, () => Promise.reject(new Error('Invalid API Key provided')));
    expect(r).toMatchObject({ data: null, status: { state: 'down', error: 'Invalid API Key provided' } });
    const sync = await withBudget('axiom', 500, () => {
      throw new Error('boom');
    });
    expect(sync.status).toMatchObject({ state: 'down', error: 'boom' });
  });
});
