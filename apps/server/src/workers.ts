import type { Services } from './context.js';

export interface Worker {
  name: string;
  /** Runs one pass; returns how many items it handled. */
  tick(services: Services): Promise<number>;
  intervalMs: number;
  /** Delay before the first pass (default: intervalMs); 0 runs it as the console starts. */
  initialDelayMs?: number;
}

export interface WorkerLoop {
  stop(): Promise<void>;
  /** Timers currently armed: one per worker at most, whatever the number of passes run. */
  pendingTimers(): number;
}

/**
 * Runs each worker in its own loop: one pass at a time, the next scheduled `intervalMs` after the last ended. Each
 * worker owns one timer slot, replaced at every pass, so nothing accumulates however long the process lives.
 */
export function startWorkers(services: Services, workers: readonly Worker[]): WorkerLoop {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  const schedule = (worker: Worker, delayMs = worker.intervalMs): void => {
    timers.set(
      worker.name,
      setTimeout(() => {
        timers.delete(worker.name);
        if (stopped) return;
        const pass = worker
          .tick(services)
          .catch((err: unknown) => services.logger.error({ err, worker: worker.name }, 'worker pass failed'))
          .finally(() => {
            running.delete(pass);
            if (!stopped) schedule(worker);
          });
        running.add(pass);
      }, delayMs),
    );
  };
  for (const worker of workers) schedule(worker, worker.initialDelayMs ?? worker.intervalMs);
  return {
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.all(running);
    },
    pendingTimers: () => timers.size,
  };
}
