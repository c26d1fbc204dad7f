import type { SourceStatus } from '@ops/shared';

/**
 * Runs one source call cut at its budget: the signal aborts at `budgetMs` and the answer comes back then, whether
 * or not the call has noticed. Never throws: a late source is `degraded`, a failing one `down`, each with its
 * message, so one slow vendor cannot hold a page that reads several.
 */
export async function withBudget<T>(
  source: string,
  budgetMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
  options: { sample?: boolean } = {},
): Promise<{ status: SourceStatus; data: T | null }> {
  const sample = options.sample ?? false;
  const controller = new AbortController();
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cut = new Promise<{ late: true }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`${source} exceeded its ${budgetMs} ms budget`));
      resolve({ late: true });
    }, budgetMs);
  });
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const outcome = await Promise.race([
      Promise.resolve()
        .then(() => fn(controller.signal))
        .then((data) => ({ late: false as const, data })),
      cut,
    ]);
    if (outcome.late) {
      return {
        status: { source, state: 'degraded', latencyMs: elapsed(), error: `no answer within ${budgetMs} ms`, sample },
        data: null,
      };
    }
    return { status: { source, state: 'ok', latencyMs: elapsed(), error: null, sample }, data: outcome.data };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: { source, state: 'down', latencyMs: elapsed(), error: message, sample }, data: null };
  } finally {
    clearTimeout(timer);
  }
}

/** The status of a source nobody configured (shown as such, never as an error). */
export function notConfigured(source: string): SourceStatus {
  return { source, state: 'not_configured', latencyMs: null, error: null, sample: false };
}
