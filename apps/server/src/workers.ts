import type { Services } from './context.js';

export interface Worker {
  name: string;
  /** Runs one pass; returns how many items it handled. */
  tick(services: Services): Promise<number>;
  intervalMs: number;
  /** Delay before the first pass (default: intervalMs); 0 runs it as the console starts. */
  initialDelayMs?: number;
}

/** Background loops the console runs itself (reconciliation, sends). Features add theirs to `WORKERS`. */
export const WORKERS: Worker[] = [];

export function startWorkers(services: Services): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const worker of WORKERS) {
    const loop = (): void => {
      if (stopped) return;
      const p = worker
        .tick(services)
        .catch((err: unknown) => services.logger.error({ err, worker: worker.name }, 'worker pass failed'))
        .finally(() => {
          running.delete(p);
          if (!stopped) timers.push(setTimeout(loop, worker.intervalMs));
        });
      running.add(p);
    };
    timers.push(setTimeout(loop, worker.initialDelayMs ?? worker.intervalMs));
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(running);
    },
  };
}
