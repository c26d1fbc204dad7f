import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withBudget } from './budget.js';

/** A settled flag for a promise, to tell "still waiting" from "answered" at a given fake instant. */
function track<T>(promise: Promise<T>): { settled: () => boolean; result: Promise<T> } {
  let settled = false;
  void promise.then(() => (settled = true));
  return { settled: () => settled, result: promise };
}

describe('withBudget', () => {
  // The budget's timer and its latency clock both run on fake time: each test moves it by exactly what it needs.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns ok with the data and the time the source took', async () => {
    const call = track(
      withBudget('prometheus', 500, () => new Promise<number>((resolve) => setTimeout(() => resolve(42), 120)), { sample: true }),
    );
    await vi.advanceTimersByTimeAsync(119);
    expect(call.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call.result).toEqual({
      data: 42,
      status: { source: 'prometheus', state: 'ok', latencyMs: 120, error: null, sample: true },
    });
  });

  it('cuts a slow source at its budget, aborts its signal with the reason and marks it degraded', async () => {
    let reason: unknown = null;
    const call = track(
      withBudget('sentry', 100, (signal) => {
        signal.addEventListener('abort', () => {
          reason = signal.reason as unknown;
        });
        return new Promise<number>(() => undefined);
      }),
    );
    await vi.advanceTimersByTimeAsync(99);
    expect(call.settled()).toBe(false);
    expect(reason).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(reason).toEqual(new Error('sentry exceeded its 100 ms budget'));
    expect(await call.result).toEqual({
      data: null,
      status: { source: 'sentry', state: 'degraded', latencyMs: 100, error: 'no answer within 100 ms', sample: false },
    });
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
