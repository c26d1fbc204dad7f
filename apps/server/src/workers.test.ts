import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type TestHarness } from './testing.js';
import { startWorkers, type Worker } from './workers.js';

let h: TestHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  vi.useRealTimers();
});

function counting(name: string, fail = false): Worker & { passes: number } {
  const w = {
    name,
    intervalMs: 10,
    passes: 0,
    tick: () => {
      w.passes += 1;
      return fail ? Promise.reject(new Error('boom')) : Promise.resolve(0);
    },
  };
  return w;
}

describe('worker loops', () => {
  it('keeps one armed timer per worker over 10,000 passes, failing passes included', async () => {
    vi.useFakeTimers();
    const ok = counting('ok');
    const failing = counting('failing', true);
    const loop = startWorkers(h.services, [ok, failing]);
    await vi.advanceTimersByTimeAsync(10 * 10_000);
    expect(ok.passes).toBeGreaterThanOrEqual(9_000);
    expect(failing.passes).toBeGreaterThanOrEqual(9_000);
    expect(vi.getTimerCount()).toBe(2);
    expect(loop.pendingTimers()).toBe(2);
    await loop.stop();
    expect(vi.getTimerCount()).toBe(0);
    const after = ok.passes;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ok.passes).toBe(after);
  });
});
