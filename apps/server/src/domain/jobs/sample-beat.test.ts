import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandles } from '@ops/db';
import { createTestDatabase } from '@ops/db/testing';
import { RETENTION_TASK } from '../privacy/retention.js';
import { jobSchedule } from './queries.js';
import { recordSampleBeat } from './sample-beat.js';

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
});
