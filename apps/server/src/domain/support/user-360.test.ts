import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { createHarness, type TestHarness } from '../../testing.js';
import * as noShowTotals from '@ops/db/migrations/2026-12-04-1000-no-show-totals';
import { loadUser360 } from './user-360.js';

/**
 * The 360 reads per-person totals, audit rows and refunds through keys kept by triggers. Whatever happens to the
 * raw rows (inserts, status changes, a payment failing or disputed, a booking deleted), the 360 must agree with
 * plain counts over the raw tables.
 */
const ZONE = 'America/New_York';
let h: TestHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

async function plainStats(userId: string) {
  const r = await sql<{
    total: number;
    completed: number;
    cancelled: number;
    no_shows: number;
    value: number;
    failed: number;
    disputes: number;
  }>`
    select count(*)::int as total, (count(*) filter (where b.status = 'completed'))::int as completed,
      (count(*) filter (where b.status = 'cancelled'))::int as cancelled,
      (count(*) filter (where b.status = 'no_show'))::int as no_shows,
      coalesce(sum(b.price_cents) filter (where b.status = 'completed'), 0)::int as value,
      (select count(*)::int from payments p join bookings pb on pb.id = p.booking_id
        where (pb.student_id = ${userId} or pb.instructor_id = ${userId}) and p.status = 'failed') as failed,
      (select count(*)::int from payments p join bookings pb on pb.id = p.booking_id
        where (pb.student_id = ${userId} or pb.instructor_id = ${userId}) and p.disputed_at is not null) as disputes
    from bookings b where b.student_id = ${userId} or b.instructor_id = ${userId}`.execute(h.dbs.api);
  const row = r.rows[0];
  if (!row) throw new Error('no row');
  return {
    bookingsTotal: row.total,
    completed: row.completed,
    cancelled: row.cancelled,
    noShows: row.no_shows,
    completedValueCents: row.value,
    failedPayments: row.failed,
    disputes: row.disputes,
  };
}

describe('user 360 totals, audit and refunds by person', () => {
  it('stats follow inserts, status and price changes, payment failures, disputes and deletes', async () => {
    const db = h.dbs.api;
    const student = await seedStudent(db);
    const other = await seedStudent(db);
    const { user: instructor } = await seedInstructor(db);
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await seedBooking(db, { studentId: i < 4 ? student.id : other.id, instructorId: instructor.id, status: 'confirmed' }),
      );
    }
    const [b0, b1, b2, b3, b4, b5, b6] = made.map((m) => m.booking);
    if (!b0 || !b1 || !b2 || !b3 || !b4 || !b5 || !b6) throw new Error('bookings not seeded');
    await db.updateTable('bookings').set({ status: 'completed' }).where('id', 'in', [b0.id, b1.id, b4.id]).execute();
    await db.updateTable('bookings').set({ price_cents: 12_345 }).where('id', '=', b1.id).execute();
    await db.updateTable('bookings').set({ status: 'cancelled' }).where('id', '=', b2.id).execute();
    // A no-show, then a lesson whose time has passed without being marked either way.
    await db.updateTable('bookings').set({ status: 'no_show' }).where('id', '=', b5.id).execute();
    await db
      .updateTable('bookings')
      .set({ lesson_start: new Date(Date.now() - 3_600_000).toISOString() })
      .where('id', '=', b6.id)
      .execute();
    await db.updateTable('payments').set({ status: 'failed' }).where('booking_id', 'in', [b2.id, b4.id]).execute();
    await db.updateTable('payments').set({ disputed_at: new Date().toISOString() }).where('booking_id', '=', b0.id).execute();
    await db.deleteFrom('payments').where('booking_id', '=', b3.id).execute();
    await db.deleteFrom('bookings').where('id', '=', b3.id).execute();

    for (const userId of [student.id, other.id, instructor.id]) {
      const view = await loadUser360(db, userId, new Date(), ZONE);
      expect(view.stats).toMatchObject(await plainStats(userId));
      const s = view.stats;
      expect(s.completed + s.cancelled + s.noShows + s.upcoming + s.notMarked, userId).toBe(s.bookingsTotal);
    }
    const view = await loadUser360(db, student.id, new Date(), ZONE);
    expect(view.stats).toMatchObject({ bookingsTotal: 3, completed: 2, cancelled: 1, failedPayments: 1, disputes: 1 });
    const others = await loadUser360(db, other.id, new Date(), ZONE);
    expect(others.stats).toMatchObject({ bookingsTotal: 3, completed: 1, cancelled: 0, noShows: 1, upcoming: 0, notMarked: 1 });
  });

  it('counts the no-shows already there when the totals learn to count them', async () => {
    const db = h.dbs.api;
    const student = await seedStudent(db);
    const { user: instructor } = await seedInstructor(db);
    // The schema as it stood before the migration, a no-show then, and the migration over it.
    const bare = db as unknown as Kysely<unknown>;
    await noShowTotals.down(bare);
    const missed = await seedBooking(db, { studentId: student.id, instructorId: instructor.id, status: 'confirmed' });
    await db.updateTable('bookings').set({ status: 'no_show' }).where('id', '=', missed.booking.id).execute();
    await noShowTotals.up(bare);
    for (const userId of [student.id, instructor.id])
      expect((await loadUser360(db, userId, new Date(), ZONE)).stats).toMatchObject({ bookingsTotal: 1, noShows: 1 });
  });

  it("marks an instructor's pending payouts overdue once their day has passed, and only those", async () => {
    const db = h.dbs.api;
    const { user: instructor } = await seedInstructor(db);
    const now = new Date('2026-12-01T12:00:00Z');
    const payout = (status: 'pending' | 'held' | 'paid', scheduledFor: string) => ({
      instructor_id: instructor.id,
      amount_cents: 5_000,
      status,
      scheduled_for: scheduledFor,
      paid_at: status === 'paid' ? scheduledFor : null,
    });
    await db
      .insertInto('payouts')
      .values([
        payout('pending', '2026-11-28T06:00:00Z'),
        payout('pending', '2026-12-02T06:00:00Z'),
        payout('held', '2026-11-20T06:00:00Z'),
        payout('paid', '2026-11-21T06:00:00Z'),
      ])
      .execute();
    const view = await loadUser360(db, instructor.id, now, ZONE);
    expect(view.payouts.map((x) => [x.status, x.overdue]).sort()).toEqual([
      ['held', false],
      ['paid', false],
      ['pending', false],
      ['pending', true],
    ]);
    expect(view.payouts.find((x) => x.overdue)?.scheduledFor).toBe(new Date('2026-11-28T06:00:00Z').toISOString());
  });

  it('audit rows about a booking show on its student and instructor; refunds show on the instructor', async () => {
    const db = h.dbs.api;
    const student = await seedStudent(db);
    const { user: instructor } = await seedInstructor(db);
    const { booking, payment } = await seedBooking(db, {
      studentId: student.id,
      instructorId: instructor.id,
      status: 'completed',
    });
    await db
      .insertInto('audit_log')
      .values([
        {
          actor_email: 'a@ops.example',
          action: 'bookings.note',
          resource_type: 'booking',
          resource_id: booking.id,
          reason: 'about the booking',
        },
        {
          actor_email: 'a@ops.example',
          action: 'students.suspend',
          resource_type: 'student',
          resource_id: student.id,
          reason: 'about the student',
        },
      ])
      .execute();
    await db
      .insertInto('refunds')
      .values({
        booking_id: booking.id,
        payment_id: payment.id,
        student_id: student.id,
        amount_cents: 1_000,
        method: 'card',
        policy_rule: 'full',
        status: 'succeeded',
        stripe_refund_id: null,
        idempotency_key: null,
        error: null,
        created_by_staff_id: null,
        override_code: null,
      })
      .execute();
    const s = await loadUser360(db, student.id, new Date(), ZONE);
    const i = await loadUser360(db, instructor.id, new Date(), ZONE);
    expect(s.audit.map((a) => a.reason).sort()).toEqual(['about the booking', 'about the student']);
    expect(i.audit.map((a) => a.reason)).toEqual(['about the booking']);
    expect(s.refunds.map((r) => r.amountCents)).toEqual([1_000]);
    expect(i.refunds.map((r) => r.bookingId)).toEqual([booking.id]);
  });
});
