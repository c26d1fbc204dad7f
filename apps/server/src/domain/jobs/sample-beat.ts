import { sql } from 'kysely';
import type { Db } from '@ops/db';
import { finishedJobRow } from '@ops/db/seed/factories';
import { STUCK_PAYMENTS } from '@ops/db/seed/stories';
import { MARKETPLACE_BEAT, MARKETPLACE_QUEUES } from '@ops/shared';
import type { Worker } from '../../workers.js';
import { bookingStatusOf } from '../payments/overdue.js';
import { jobSchedule } from './queries.js';

const BEAT_TASKS = new Set(MARKETPLACE_BEAT.map((t) => t.task));
/** How long the sample's marketplace worker takes over a job. */
const SAMPLE_JOB_MS = 20_000;

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

/**
 * The sample plays the marketplace's queue workers too: a queued job is taken when it falls due, and a running job is
 * done SAMPLE_JOB_MS after it started, so the jobs the sample left queued and running do not sit there for ever and
 * turn into a "jobs stuck" warning on the command center. Dead and failed jobs are left as the stories planted them.
 * Returns the number of jobs moved on.
 */
export async function workSampleQueues(db: Db, now: Date): Promise<number> {
  const done = await db
    .updateTable('background_jobs')
    .set((eb) => ({
      status: 'succeeded',
      finished_at: sql<string>`${eb.ref('started_at')} + ${`${SAMPLE_JOB_MS} milliseconds`}::interval`,
    }))
    .where('status', '=', 'running')
    .where('queue', 'in', MARKETPLACE_QUEUES)
    .where('started_at', '<=', new Date(now.getTime() - SAMPLE_JOB_MS).toISOString())
    .executeTakeFirst();
  const taken = await db
    .updateTable('background_jobs')
    .set((eb) => ({ status: 'running', attempts: sql<number>`${eb.ref('attempts')} + 1`, started_at: eb.ref('scheduled_at') }))
    .where('status', '=', 'queued')
    .where('queue', 'in', MARKETPLACE_QUEUES)
    .where('scheduled_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(done.numUpdatedRows) + Number(taken.numUpdatedRows);
}

/**
 * The sample plays the marketplace's capture too: a completed lesson's authorised payment is captured at its capture
 * time, so the command center's overdue captures stay the ones the sample planted (`planted`, left stuck) instead of
 * growing by every lesson that ends while the console runs. The Stripe stand-in reads the same rows, so Stripe agrees.
 * Returns the number of payments captured.
 */
export async function captureSampleLessons(db: Db, now: Date, planted: readonly string[]): Promise<number> {
  let q = db
    .updateTable('payments')
    .set((eb) => ({ status: 'captured', captured_at: eb.ref('capture_at'), updated_at: now.toISOString() }))
    .where('status', '=', 'authorized')
    .where('capture_at', '<=', now.toISOString())
    .where((eb) => eb(bookingStatusOf(eb), '=', 'completed'));
  if (planted.length > 0) q = q.where('id', 'not in', planted);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Sample mode only (bootstrap adds it): the marketplace's beat, queue workers and captures, checked once a minute. */
export const sampleBeatWorker: Worker = {
  name: 'sample.marketplace-beat',
  intervalMs: 60_000,
  tick: async (services) => {
    const db = services.dbs.worker;
    const now = services.now();
    const runs = await recordSampleBeat(db, now);
    const jobs = await workSampleQueues(db, now);
    return runs + jobs + (await captureSampleLessons(db, now, STUCK_PAYMENTS.paymentIds));
  },
};
