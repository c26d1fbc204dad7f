import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandles } from '@ops/db';
import { loadSampleData } from '@ops/db/seed/sample';
import { STUCK_PAYMENTS } from '@ops/db/seed/stories';
import { createTestDatabase } from '@ops/db/testing';
import { RETENTION_TASK } from '../privacy/retention.js';
import { jobQueues, jobSchedule } from './queries.js';
import { seedLesson } from '../../testing.js';
import { overduePayments } from '../payments/overdue.js';
import {
  authorizeSampleBookings,
  captureSampleLessons,
  completeSampleLessons,
  recordSampleBeat,
  workSampleQueues,
} from './sample-beat.js';

const START = new Date('2026-11-30T12:00:00Z');
const minutesLater = (m: number) => new Date(START.getTime() + m * 60_000);

let dbs: DbHandles;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ dbs, drop } = await createTestDatabase());
});
afterAll(() => drop());

describe("the sample's marketplace beat", () => {
  it('keeps every marketplace task on time over hours of running, one run per interval, and leaves retention to its worker', async () => {
    const db = dbs.api;
    expect(await recordSampleBeat(db, START)).toBe(3);
    // Checked every minute for six hours, as the worker does.
    for (let m = 1; m <= 360; m++) await recordSampleBeat(db, minutesLater(m));
    const runs = await db
      .selectFrom('background_jobs')
      .select(['task', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('task')
      .execute();
    const count = Object.fromEntries(runs.map((r) => [r.task, Number(r.n)]));
    // Every 15 min, hourly and every 30 min, counting the first run at the start.
    expect(count).toEqual({ reconcile_refunds: 25, send_reminders: 7, sync_payout_status: 13 });
    const schedule = await jobSchedule(db, minutesLater(360));
    expect(schedule.filter((t) => t.task !== RETENTION_TASK).map((t) => [t.task, t.late, t.lastStatus])).toEqual([
      ['reconcile_refunds', false, 'succeeded'],
      ['send_reminders', false, 'succeeded'],
      ['sync_payout_status', false, 'succeeded'],
    ]);
  });

  it('records nothing while every task is within its interval', async () => {
    expect(await recordSampleBeat(dbs.api, minutesLater(360))).toBe(0);
  });

  it("takes the sample's queued jobs when they fall due and finishes running ones, leaving the console's own and the dead", async () => {
    const db = dbs.api;
    const at = (m: number): string => minutesLater(m).toISOString();
    const job = (queue: string, status: 'queued' | 'running' | 'dead', scheduledMin: number, startedMin: number | null) => ({
      queue,
      task: `${queue}.task`,
      status,
      attempts: startedMin === null ? 0 : 1,
      payload: JSON.stringify({}),
      scheduled_at: at(scheduledMin),
      started_at: startedMin === null ? null : at(startedMin),
    });
    const NOW = 400;
    const ids = await db
      .insertInto('background_jobs')
      .values([
        job('payments', 'running', NOW - 1, NOW - 1),
        job('notifications', 'queued', NOW - 5, null),
        job('payouts', 'queued', NOW + 5, null),
        job('communications', 'running', NOW - 30, NOW - 30),
        job('payments', 'dead', NOW - 60, NOW - 60),
      ])
      .returning('id')
      .execute();
    const state = async () =>
      db
        .selectFrom('background_jobs')
        .select(['status', 'attempts', 'started_at', 'finished_at'])
        .where(
          'id',
          'in',
          ids.map((r) => r.id),
        )
        .orderBy('id')
        .execute();
    expect(await workSampleQueues(db, minutesLater(NOW))).toBe(2);
    const [running, due, notYet, consoleOwn, dead] = await state();
    // Done 20 s after it started; taken at its due time.
    expect(running?.status).toBe('succeeded');
    expect(running?.finished_at && new Date(running.finished_at).toISOString()).toBe(
      new Date(minutesLater(NOW - 1).getTime() + 20_000).toISOString(),
    );
    expect(due).toMatchObject({ status: 'running', attempts: 1, finished_at: null });
    expect(due?.started_at && new Date(due.started_at).toISOString()).toBe(at(NOW - 5));
    expect(notYet).toMatchObject({ status: 'queued', started_at: null });
    expect(consoleOwn).toMatchObject({ status: 'running', finished_at: null });
    expect(dead?.status).toBe('dead');

    // Left running on the sample, the queues never show a job waiting past its time.
    for (let m = NOW + 1; m <= NOW + 10; m++) await workSampleQueues(db, minutesLater(m));
    const queues = await jobQueues(db, minutesLater(NOW + 10));
    expect(queues.filter((q) => q.queue !== 'communications').map((q) => [q.due, q.running])).toEqual(
      queues.filter((q) => q.queue !== 'communications').map(() => [0, 0]),
    );
    expect((await state()).map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'running', 'dead']);
    expect(queues.every((q) => q.oldestDueSeconds === null)).toBe(true);
  });

  it("captures a completed lesson's payment at its capture time, as the marketplace does, and leaves the planted stuck ones", async () => {
    const db = dbs.api;
    const now = new Date();
    // Lessons 10 h ago: their capture time (2 h after the lesson) has passed.
    const done = await seedLesson(db, { hoursAhead: -10, priceCents: 5_000, status: 'completed', paymentStatus: 'authorized' });
    const stuck = await seedLesson(db, { hoursAhead: -10, priceCents: 5_000, status: 'completed', paymentStatus: 'authorized' });
    const notMarkedDone = await seedLesson(db, {
      hoursAhead: -10,
      priceCents: 5_000,
      status: 'confirmed',
      paymentStatus: 'authorized',
    });
    const ended = await seedLesson(db, { hoursAhead: -1, priceCents: 5_000, status: 'completed', paymentStatus: 'authorized' });
    expect(await captureSampleLessons(db, now, [stuck.payment.id])).toBe(1);
    const rows = await db
      .selectFrom('payments')
      .select(['id', 'status', 'captured_at', 'capture_at'])
      .where('id', 'in', [done.payment.id, stuck.payment.id, notMarkedDone.payment.id, ended.payment.id])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(done.payment.id)).toMatchObject({ status: 'captured', captured_at: byId.get(done.payment.id)?.capture_at });
    expect(byId.get(stuck.payment.id)?.status).toBe('authorized');
    expect(byId.get(notMarkedDone.payment.id)?.status).toBe('authorized');
    // Its lesson ended an hour ago: capture is still an hour away.
    expect(byId.get(ended.payment.id)?.status).toBe('authorized');
  });

  it('left running for a day and a half, it authorises, completes and captures every lesson on time: none turns overdue', async () => {
    const db = dbs.api;
    const start = new Date();
    // Confirmed lessons over the next day and more (those within a day already authorised), one instructor's payouts
    // on hold, and one booking still waiting for its instructor's confirmation.
    const lessons = [];
    for (const hoursAhead of [2, 6, 12, 20, 26, 30]) lessons.push(await seedLesson(db, { hoursAhead, priceCents: 6_000 }));
    const unconfirmed = await seedLesson(db, { hoursAhead: 30, priceCents: 6_000, status: 'pending' });
    const [held] = lessons;
    if (!held) throw new Error('no lessons');
    await db
      .updateTable('instructor_profiles')
      .set({ payout_hold: true })
      .where('user_id', '=', held.booking.instructor_id)
      .execute();
    const ours = new Set([...lessons, unconfirmed].map((l) => l.payment.id));
    expect(lessons.map((l) => l.payment.status)).toEqual([
      'authorized',
      'authorized',
      'authorized',
      'authorized',
      'pending',
      'pending',
    ]);

    // Every five minutes for 36 hours, as the worker runs (it runs every minute).
    for (let m = 0; m <= 36 * 60; m += 5) {
      const now = new Date(start.getTime() + m * 60_000);
      await authorizeSampleBookings(db, now);
      await completeSampleLessons(db, now);
      await captureSampleLessons(db, now, []);
      const overdue = (await overduePayments(db, now, 500)).filter((p) => ours.has(p.paymentId));
      if (overdue.length > 0) throw new Error(`overdue at +${m} min: ${JSON.stringify(overdue)}`);
    }

    const ids = lessons.map((l) => l.booking.id);
    const after = await db
      .selectFrom('bookings')
      .innerJoin('payments', 'payments.booking_id', 'bookings.id')
      .selectAll('bookings')
      .select([
        'payments.status as payment',
        'payments.stripe_payment_intent_id as intentId',
        'payments.stripe_charge_id as chargeId',
      ])
      .where('bookings.id', 'in', [...ids, unconfirmed.booking.id])
      .execute();
    const byId = new Map(after.map((r) => [r.id, r]));
    for (const l of lessons) {
      const row = byId.get(l.booking.id);
      expect(row).toMatchObject({ status: 'completed', payment: 'captured' });
      // Marked done half an hour after the hour-long lesson.
      expect(row?.completed_at && new Date(row.completed_at).getTime()).toBe(
        new Date(l.booking.lesson_start).getTime() + 90 * 60_000,
      );
    }
    // Authorised by the sample: the charge id is the one the Stripe stand-in derives from the intent.
    const late = byId.get(lessons[4]?.booking.id ?? '');
    expect(late?.chargeId).toBe(`ch_${late?.intentId.slice(3)}`);
    expect(byId.get(unconfirmed.booking.id)).toMatchObject({ status: 'pending', payment: 'pending' });

    const payouts = await db
      .selectFrom('payouts')
      .select(['booking_id', 'status', 'amount_cents', 'hold_reason'])
      .where('booking_id', 'in', ids)
      .execute();
    expect(payouts).toHaveLength(lessons.length);
    for (const l of lessons) {
      expect(payouts.find((p) => p.booking_id === l.booking.id)).toMatchObject({
        amount_cents: l.booking.instructor_payout_cents,
        status: l === held ? 'held' : 'pending',
      });
    }
  });

  it("records a student's first completed lesson in the funnel once, for a student whose journey the funnel follows", async () => {
    const db = dbs.api;
    const first = await seedLesson(db, { hoursAhead: -3, priceCents: 4_000, paymentStatus: 'authorized' });
    const student = first.booking.student_id;
    await db
      .insertInto('funnel_events')
      .values({
        user_id: student,
        stage: 'booking_confirmed',
        booking_id: first.booking.id,
        occurred_at: first.booking.created_at,
      })
      .execute();
    const stranger = await seedLesson(db, { hoursAhead: -3, priceCents: 4_000, paymentStatus: 'authorized' });
    expect(await completeSampleLessons(db, new Date())).toBeGreaterThanOrEqual(2);
    expect(await completeSampleLessons(db, new Date())).toBe(0);
    const events = await db
      .selectFrom('funnel_events')
      .select(['user_id', 'booking_id', 'occurred_at'])
      .where('stage', '=', 'lesson_completed')
      .where('user_id', 'in', [student, stranger.booking.student_id])
      .execute();
    const done = await db
      .selectFrom('bookings')
      .select('completed_at')
      .where('id', '=', first.booking.id)
      .executeTakeFirstOrThrow();
    expect(events).toEqual([{ user_id: student, booking_id: first.booking.id, occurred_at: done.completed_at }]);
  });
});

describe('the sample left running for a day', () => {
  const SEEDED = new Date('2026-11-29T15:00:00Z');
  const DAY_LATER = new Date(SEEDED.getTime() + 24 * 3_600_000);
  let sample: DbHandles;
  let dropSample: () => Promise<void>;
  beforeAll(async () => {
    ({ dbs: sample, drop: dropSample } = await createTestDatabase());
    await loadSampleData(sample.api, {
      now: SEEDED,
      staff: [{ email: 'seed-admin@sample.example', name: 'Seed Admin', role: 'admin', passwordHash: 'scrypt$unusable' }],
    });
  });
  afterAll(() => dropSample());

  it('shows on-call only the overdue payments the sample planted, not one per lesson that came due meanwhile', async () => {
    const db = sample.api;
    const planted = new Set<string>(STUCK_PAYMENTS.paymentIds);
    // Unplayed, a day of the marketplace's schedule turns into dozens of false alarms of both kinds.
    const unplayed = await overduePayments(db, DAY_LATER, 500);
    expect(unplayed.filter((p) => p.kind === 'authorize').length).toBeGreaterThan(10);
    expect(unplayed.filter((p) => p.kind === 'capture' && !planted.has(p.paymentId)).length).toBeGreaterThan(10);

    let moved = 0;
    for (let m = 5; m <= 24 * 60; m += 5) {
      const now = new Date(SEEDED.getTime() + m * 60_000);
      moved += await authorizeSampleBookings(db, now);
      moved += await completeSampleLessons(db, now);
      moved += await captureSampleLessons(db, now, STUCK_PAYMENTS.paymentIds);
      const extra = (await overduePayments(db, now, 500)).filter((p) => !planted.has(p.paymentId));
      if (extra.length > 0) throw new Error(`overdue at +${m} min: ${JSON.stringify(extra.slice(0, 3))}`);
    }
    expect(moved).toBeGreaterThan(unplayed.length);
    expect((await overduePayments(db, DAY_LATER, 500)).map((p) => [p.paymentId, p.kind])).toEqual(
      STUCK_PAYMENTS.paymentIds.map((id) => [id, 'capture']),
    );
  });
});
