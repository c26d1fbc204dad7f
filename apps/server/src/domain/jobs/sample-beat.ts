import { sql } from 'kysely';
import type { Db } from '@ops/db';
import { finishedJobRow } from '@ops/db/seed/factories';
import { STUCK_PAYMENTS } from '@ops/db/seed/stories';
import { MARKETPLACE_BEAT, MARKETPLACE_QUEUES } from '@ops/shared';
import type { Worker } from '../../workers.js';
import { completionOf, type Completion } from '../bookings/complete.js';
import { schedulePayouts } from '../instructors/schedule-payouts.js';
import { bookingStatusOf } from '../payments/overdue.js';
import { loadBookingsMoney } from '../refunds/bookings-money.js';
import { jobSchedule } from './queries.js';

const BEAT_TASKS = new Set(MARKETPLACE_BEAT.map((t) => t.task));
/** How long the sample's marketplace worker takes over a job. */
const SAMPLE_JOB_MS = 20_000;
/** How long after a lesson ends its instructor marks it done, in the sample's marketplace. */
const SAMPLE_MARKED_DONE_MS = 30 * 60_000;

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
 * The sample plays the marketplace's capture too: the authorised payment of a lesson completed or missed (a no-show
 * is charged, as in the sample's history) is captured at its capture time, so the command center's overdue captures
 * stay the ones the sample planted (`planted`, left stuck) instead of growing by every lesson that ends while the
 * console runs. The Stripe stand-in reads the same rows, so Stripe agrees. Returns the number of payments captured.
 */
export async function captureSampleLessons(db: Db, now: Date, planted: readonly string[]): Promise<number> {
  let q = db
    .updateTable('payments')
    .set((eb) => ({ status: 'captured', captured_at: eb.ref('capture_at'), updated_at: now.toISOString() }))
    .where('status', '=', 'authorized')
    .where('capture_at', '<=', now.toISOString())
    .where((eb) => eb(bookingStatusOf(eb), 'in', ['completed', 'no_show']));
  if (planted.length > 0) q = q.where('id', 'not in', planted);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * The sample plays the marketplace's authorisation: a confirmed booking's payment is authorised at its authorisation
 * time (a day before the lesson), so the upcoming lessons do not turn one by one into overdue authorisations while the
 * console runs. The charge id is the one the Stripe stand-in derives from the intent, so Stripe agrees. Returns the
 * number of payments authorised.
 */
export async function authorizeSampleBookings(db: Db, now: Date): Promise<number> {
  const r = await db
    .updateTable('payments')
    .set((eb) => ({
      status: 'authorized',
      authorized_at: eb.ref('authorize_at'),
      stripe_charge_id: sql<string>`coalesce(${eb.ref('stripe_charge_id')}, 'ch_' || substr(${eb.ref('stripe_payment_intent_id')}, 4))`,
      updated_at: now.toISOString(),
    }))
    .where('status', '=', 'pending')
    .where('authorize_at', '<=', now.toISOString())
    .where((eb) => eb(bookingStatusOf(eb), '=', 'confirmed'))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * The sample plays the instructors too: a confirmed lesson with its money taken is marked done SAMPLE_MARKED_DONE_MS
 * after it ends, with the instructor's payout scheduled (held while their payouts are on hold) and the student's
 * first `lesson_completed` in the funnel, as the marketplace records them; its capture follows at the capture time
 * (captureSampleLessons). Returns the number of lessons completed.
 */
export async function completeSampleLessons(db: Db, now: Date): Promise<number> {
  const endedBy = new Date(now.getTime() - SAMPLE_MARKED_DONE_MS).toISOString();
  return db.transaction().execute(async (tx) => {
    const ended = await tx
      .selectFrom('bookings')
      .select('id')
      .where('status', '=', 'confirmed')
      .where(sql<boolean>`lesson_start + duration_minutes * interval '1 minute' <= ${endedBy}::timestamptz`)
      .execute();
    const completions = (await loadBookingsMoney(tx, { bookingIds: ended.map((b) => b.id) }, true))
      .map(completionOf)
      .filter((c): c is Completion => typeof c !== 'string');
    if (completions.length === 0) return 0;
    const ids = completions.map((c) => c.booking.id);
    await tx
      .updateTable('bookings')
      .set({
        status: 'completed',
        completed_at: sql<string>`lesson_start + duration_minutes * interval '1 minute' + ${`${SAMPLE_MARKED_DONE_MS} milliseconds`}::interval`,
        updated_at: now.toISOString(),
      })
      .where('id', 'in', ids)
      .execute();
    const earned = completions
      .filter((c) => c.payoutCents > 0)
      .map((c) => ({ instructorId: c.booking.instructorId, bookingId: c.booking.id, amountCents: c.payoutCents }));
    await schedulePayouts(tx, earned, now);
    // The funnel's last stage is a student's first completed lesson, for the students whose journey it follows.
    await sql`
      insert into funnel_events (user_id, stage, category_id, booking_id, occurred_at)
      select distinct on (b.student_id) b.student_id, 'lesson_completed', s.category_id, b.id, b.completed_at
      from bookings b join services s on s.id = b.service_id
      where b.id in (${sql.join(ids)})
        and exists (select 1 from funnel_events f where f.user_id = b.student_id and f.stage = 'booking_confirmed')
        and not exists (select 1 from funnel_events f where f.user_id = b.student_id and f.stage = 'lesson_completed')
      order by b.student_id, b.lesson_start`.execute(tx);
    return completions.length;
  });
}

/**
 * Sample mode only (bootstrap adds it): the marketplace's beat, queue workers, authorisations, instructors marking
 * lessons done and captures, checked once a minute.
 */
export const sampleBeatWorker: Worker = {
  name: 'sample.marketplace-beat',
  intervalMs: 60_000,
  tick: async (services) => {
    const db = services.dbs.worker;
    const now = services.now();
    const moved = [
      await recordSampleBeat(db, now),
      await workSampleQueues(db, now),
      await authorizeSampleBookings(db, now),
      await completeSampleLessons(db, now),
      await captureSampleLessons(db, now, STUCK_PAYMENTS.paymentIds),
    ];
    return moved.reduce((a, b) => a + b, 0);
  },
};
