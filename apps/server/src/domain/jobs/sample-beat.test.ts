import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandles } from '@ops/db';
import { createTestDatabase } from '@ops/db/testing';
import { RETENTION_TASK } from '../privacy/retention.js';
import { jobQueues, jobSchedule } from './queries.js';
import { seedLesson } from '../../testing.js';
import { captureSampleLessons, recordSampleBeat, workSampleQueues } from './sample-beat.js';

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
});
