import type { DbOrTx } from '@ops/db';
import { MARKETPLACE_BEAT } from '@ops/shared';
import type { Worker } from '../../workers.js';

/**
 * The sample plays the marketplace's scheduler: each periodic task records a run once its interval has passed, as the
 * real beat would, so a console left running on sample data does not drift into "late" on every task (retention is the
 * console's own, run for real by its worker). Returns the number of runs recorded.
 */
export async function recordSampleBeat(db: DbOrTx, now: Date): Promise<number> {
  const last = await db
    .selectFrom('background_jobs')
    .where(
      'task',
      'in',
      MARKETPLACE_BEAT.map((t) => t.task),
    )
    .where('status', '!=', 'queued')
    .select(['task', (eb) => eb.fn.max('scheduled_at').as('last_run')])
    .groupBy('task')
    .execute();
  const due = MARKETPLACE_BEAT.filter((t) => {
    const row = last.find((r) => r.task === t.task);
    return !row || now.getTime() - new Date(row.last_run).getTime() >= t.everySeconds * 1000;
  });
  if (due.length === 0) return 0;
  const at = now.toISOString();
  await db
    .insertInto('background_jobs')
    .values(
      due.map((t) => ({
        queue: t.queue,
        task: t.task,
        status: 'succeeded' as const,
        attempts: 1,
        max_attempts: 5,
        payload: JSON.stringify({ task: t.task }),
        scheduled_at: at,
        started_at: at,
        finished_at: at,
        created_at: at,
      })),
    )
    .execute();
  return due.length;
}

/** Sample mode only (bootstrap adds it): the marketplace's beat, checked once a minute. */
export const sampleBeatWorker: Worker = {
  name: 'sample.marketplace-beat',
  intervalMs: 60_000,
  tick: (services) => recordSampleBeat(services.dbs.worker, services.now()),
};
