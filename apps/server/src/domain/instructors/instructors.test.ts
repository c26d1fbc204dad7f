import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedInstructor } from '@ops/db/seed/helpers';
import { createHarness, type TestHarness } from '../../testing.js';
import { loadUser360 } from '../support/user-360.js';
import { instructorDetail } from './instructors.js';

let h: TestHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const ZONE = 'America/New_York';

describe('an overdue payout', () => {
  it('is one still pending once the business day it was scheduled for has passed, in the business time zone', async () => {
    const db = h.dbs.api;
    const { user } = await seedInstructor(db);
    // 17:00 on Thursday 3 December in New York (UTC−5).
    const scheduledFor = '2026-12-03T22:00:00.000Z';
    await db
      .insertInto('payouts')
      .values([
        { instructor_id: user.id, amount_cents: 5_000, status: 'pending', scheduled_for: scheduledFor },
        { instructor_id: user.id, amount_cents: 2_000, status: 'held', scheduled_for: scheduledFor, hold_reason: 'Dispute' },
      ])
      .execute();
    const overdueAt = async (now: string) => {
      const [detail, view] = await Promise.all([
        instructorDetail(db, user.id, new Date(now), ZONE),
        loadUser360(db, user.id, new Date(now), ZONE),
      ]);
      const byStatus = (rows: Array<{ status: string; overdue: boolean }>) => rows.map((p) => [p.status, p.overdue]).sort();
      // The instructor page and the support 360 judge alike.
      expect(byStatus(view.payouts)).toEqual(byStatus(detail.payouts));
      return Object.fromEntries(detail.payouts.map((p) => [p.status, p.overdue]));
    };

    // Two minutes past its time, the same day: due today, not late.
    expect(await overdueAt('2026-12-03T22:02:00.000Z')).toEqual({ pending: false, held: false });
    // 23:59 in New York is already 4 December in UTC; the business day has not passed.
    expect(await overdueAt('2026-12-04T04:59:00.000Z')).toEqual({ pending: false, held: false });
    // Midnight in New York: its day has passed and it was not paid. A held payout is held, not late.
    expect(await overdueAt('2026-12-04T05:00:00.000Z')).toEqual({ pending: true, held: false });
    expect(await overdueAt('2026-12-04T15:00:00.000Z')).toEqual({ pending: true, held: false });
  });
});
