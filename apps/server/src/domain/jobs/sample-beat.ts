import type { Db } from '@ops/db';
import { finishedJobRow } from '@ops/db/seed/factories';
import { MARKETPLACE_BEAT } from '@ops/shared';
import type { Worker } from '../../workers.js';
import { jobSchedule } from './queries.js';

const BEAT_TASKS = new Set(MARKETPLACE_BEAT.map((t) => t.task));

/**
 * The sample plays the marketplace's scheduler: each periodic task whose next run the jobs page shows as due records a
 * run, as the real beat would, so a console left running on sample data does not drift into "late" on every task
 * (retention is the console's own, run for real by its worker). Returns the number of runs recorded.
 */
export async function recordSampleBeat(db: Db, now: Date): Promise<number> {
  const due = (await jobSchedule(db, now)).filter(
    (t) => BEAT_TASKS.has(t.task) && (t.nextRunAt === null || Date.parse(t.nextRunAt) <= now.getTime()),
  );
  if (due.length === 0) return 0;
  await db
    .insertInto('background_jobs')
    .values(
      due.map((t) => finishedJobRow({ queue: t.queue, task: t.task, status: 'succeeded', atMs: now.getTime(), tookMs: 1_000 })),
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
