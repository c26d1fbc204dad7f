import type { PoolStats } from '@ops/db';
import type { PoolHealth } from '@ops/shared';

/**
 * The pool gauge: a background sampler reads every pool's waiting count once a second and keeps the last window.
 * Samples taken while a command-center snapshot is running are skipped, so the snapshot's own parallel queries
 * never count as saturation; a pool is saturated only when requests waited in most samples of the window.
 */
export const POOL_SAMPLE_MS = 1_000;
export const POOL_WINDOW_MS = 60_000;
/** Share of the window's samples with requests waiting that makes saturation "sustained". */
export const SUSTAINED_SHARE = 0.8;

interface Sample {
  at: number;
  stats: PoolStats[];
}

export interface PoolSampler {
  /** Runs `fn` with sampling paused (the snapshot's own queries are not a load signal). */
  excluding<T>(fn: () => Promise<T>): Promise<T>;
  /** Takes one sample now (the timer calls it; tests call it directly). */
  sample(now?: number): void;
  summary(max: Record<string, number>, now?: number): PoolHealth;
  stop(): void;
}

export function createPoolSampler(
  read: () => PoolStats[],
  options: { sampleMs?: number; windowMs?: number; timer?: boolean } = {},
): PoolSampler {
  const windowMs = options.windowMs ?? POOL_WINDOW_MS;
  const samples: Sample[] = [];
  let excluded = 0;
  const sampler: PoolSampler = {
    async excluding(fn) {
      excluded += 1;
      try {
        return await fn();
      } finally {
        excluded -= 1;
      }
    },
    sample(now = Date.now()) {
      if (excluded > 0) return;
      samples.push({ at: now, stats: read() });
      while (samples.length > 0 && (samples[0]?.at ?? now) < now - windowMs) samples.shift();
    },
    summary(max, now = Date.now()) {
      const recent = samples.filter((s) => s.at >= now - windowMs);
      const current = recent[recent.length - 1]?.stats ?? read();
      return {
        windowSeconds: Math.round(windowMs / 1000),
        samples: recent.length,
        pools: current.map((c) => {
          const series = recent.map((s) => s.stats.find((x) => x.pool === c.pool)?.waiting ?? 0);
          const waitingSamples = series.filter((w) => w > 0).length;
          return {
            pool: c.pool,
            size: c.size,
            inUse: c.inUse,
            waiting: c.waiting,
            max: max[c.pool] ?? c.size,
            peakWaiting: series.reduce((m, w) => Math.max(m, w), 0),
            waitingShare: recent.length > 0 ? waitingSamples / recent.length : 0,
            // A short history proves nothing: saturation needs at least half a window of samples.
            saturated:
              recent.length * (options.sampleMs ?? POOL_SAMPLE_MS) >= windowMs / 2 &&
              waitingSamples / recent.length >= SUSTAINED_SHARE,
          };
        }),
      };
    },
    stop() {
      clearInterval(timer);
    },
  };
  const timer: ReturnType<typeof setInterval> | undefined =
    options.timer === false ? undefined : setInterval(() => sampler.sample(), options.sampleMs ?? POOL_SAMPLE_MS);
  timer?.unref();
  return sampler;
}

const samplers = new WeakMap<object, PoolSampler>();

/** One sampler per set of pools, started on first use (the first snapshot) and left running with the process. */
export function poolSamplerFor(owner: object, read: () => PoolStats[]): PoolSampler {
  let sampler = samplers.get(owner);
  if (!sampler) {
    sampler = createPoolSampler(read);
    samplers.set(owner, sampler);
  }
  return sampler;
}
