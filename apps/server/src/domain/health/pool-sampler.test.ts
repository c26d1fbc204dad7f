import { describe, expect, it } from 'vitest';
import type { PoolStats } from '@ops/db';
import { createPoolSampler } from './pool-sampler.js';

const stats = (waiting: number): PoolStats[] => [{ pool: 'api', size: 10, inUse: 10, waiting }];

describe('pool gauge', () => {
  it('calls a pool saturated only when requests waited through most of the window', () => {
    let waiting = 4;
    const sampler = createPoolSampler(() => stats(waiting), { timer: false, windowMs: 10_000, sampleMs: 1_000 });
    for (let t = 0; t <= 10_000; t += 1_000) sampler.sample(t);
    const busy = sampler.summary({ api: 10 }, 10_000).pools[0];
    expect(busy).toMatchObject({ saturated: true, peakWaiting: 4, waitingShare: 1 });

    // One busy moment in an otherwise quiet window is not saturation.
    waiting = 0;
    for (let t = 11_000; t <= 20_000; t += 1_000) sampler.sample(t);
    waiting = 7;
    sampler.sample(20_500);
    const quiet = sampler.summary({ api: 10 }, 20_500).pools[0];
    expect(quiet).toMatchObject({ saturated: false, peakWaiting: 7, waiting: 7 });
  });

  it("skips samples taken while the snapshot's own queries run", async () => {
    let waiting = 0;
    const sampler = createPoolSampler(() => stats(waiting), { timer: false, windowMs: 10_000, sampleMs: 1_000 });
    for (let t = 0; t < 5_000; t += 1_000) sampler.sample(t);
    await sampler.excluding(async () => {
      // The snapshot's parallel reads queue on the pool: the sampler must not count them.
      waiting = 7;
      for (let t = 5_000; t <= 10_000; t += 1_000) sampler.sample(t);
      await Promise.resolve();
    });
    waiting = 0;
    const summary = sampler.summary({ api: 10 }, 10_000);
    expect(summary.samples).toBe(5);
    expect(summary.pools[0]).toMatchObject({ saturated: false, peakWaiting: 0, max: 10 });
  });

  it('needs at least half a window of samples before it calls anything saturated', () => {
    const sampler = createPoolSampler(() => stats(5), { timer: false, windowMs: 60_000, sampleMs: 1_000 });
    for (let t = 0; t < 3_000; t += 1_000) sampler.sample(t);
    expect(sampler.summary({ api: 10 }, 3_000).pools[0]?.saturated).toBe(false);
  });
});
