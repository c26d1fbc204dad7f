import { describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import type { PayoutStatus } from '@ops/db';
import { creditBalanceCents } from '../students/credits.js';
import { seedBookingPayout, spendCredit } from '../../testing.js';
import { useStripeHarness } from '../../testing-hooks.js';
import { reconcilePendingRefunds } from './settle.js';

const t = useStripeHarness({ timeoutMs: 400, maxNetworkRetries: 1 });

let seq = 0;

/**
 * A $90.00 lesson two days ago, completed: $10.00 of it paid with the student's credit, the card $80.00 (captured),
 * and the instructor's payout for it scheduled in `payoutStatus`.
 */
async function completedLessonWithCredit(payoutStatus: PayoutStatus = 'pending') {
  seq += 1;
  const student = await seedStudent(t.h.dbs.api, { email: `undo.${seq}@example.com`, first_name: 'Ana', last_name: 'Lima' });
  const teacher = await seedInstructor(t.h.dbs.api);
  const { booking } = await seedBooking(t.h.dbs.api, {
    studentId: student.id,
    instructorId: teacher.user.id,
    lessonStart: new Date(Date.now() - 48 * 3_600_000),
    priceCents: 9_000,
    creditsAppliedCents: 1_000,
    status: 'completed',
    paymentStatus: 'captured',
  });
  await spendCredit(t.h.dbs.api, booking, 1_000);
  await seedBookingPayout(t.h.dbs.api, booking, payoutStatus);
  return { b: booking, studentId: student.id };
}

const payoutsOf = (bookingId: string) =>
  t.h.dbs.api
    .selectFrom('payouts')
    .select(['status', 'amount_cents'])
    .where('booking_id', '=', bookingId)
    .orderBy('created_at')
    .orderBy('amount_cents', 'desc')
    .execute();

const refundOf = (bookingId: string) =>
  t.h.dbs.api
    .selectFrom('refunds')
    .select(['id', 'status', 'stripe_refund_id', 'error'])
    .where('booking_id', '=', bookingId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();

/** An admin refunds $40.00 of the lesson (half the card payment) and Stripe holds the refund as pending. */
async function refundHalfPendingAtBank(bookingId: string) {
  const admin = t.h.caller('admin');
  const preview = await admin.refunds.create.preview({ bookingId, amountCents: 4_000, overrideCode: 'PLATFORM_ERROR' });
  t.stripe.nextRefund({ status: 'pending' });
  await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Half the lesson was lost' });
}

describe('a refund Stripe refuses gives back what it cut from the payout and returned of spent credit', () => {
  it('refused at once: the cancelled payout is pending again, the credit is taken back, and a second refund repeats both', async () => {
    const { b, studentId } = await completedLessonWithCredit('pending');
    const admin = t.h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id, overrideCode: 'INSTRUCTOR_NO_SHOW' });
    const labels = preview.effects.map((e) => e.label);
    expect(labels.some((l) => l.startsWith('Cancel ') && l.includes('pending payout'))).toBe(true);
    expect(labels).toContain("Return $10.00 of credit to Ana L.'s balance (credit spent on this booking)");

    t.stripe.nextRefund({ status: 'failed', failureReason: 'expired_or_canceled_card' });
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Instructor never came' });

    expect(await refundOf(b.id)).toMatchObject({ status: 'failed' });
    expect(await payoutsOf(b.id)).toEqual([{ status: 'pending', amount_cents: b.instructor_payout_cents }]);
    expect(await creditBalanceCents(t.h.dbs.api, studentId)).toBe(-1_000);

    const again = await admin.refunds.create.preview({ bookingId: b.id, overrideCode: 'INSTRUCTOR_NO_SHOW' });
    expect(again.effects.map((e) => e.label)).toEqual(labels);
    await admin.refunds.create.execute({ confirmToken: again.confirmToken, reason: 'Second try, new card' });
    expect(await refundOf(b.id)).toMatchObject({ status: 'succeeded' });
    expect(await payoutsOf(b.id)).toEqual([{ status: 'cancelled', amount_cents: b.instructor_payout_cents }]);
    expect(await creditBalanceCents(t.h.dbs.api, studentId)).toBe(0);
  });

  it('failed later at the bank: the lowered payout is raised back, and one paid meanwhile is owed as a new payout', async () => {
    const waiting = await completedLessonWithCredit('pending');
    const full = waiting.b.instructor_payout_cents;
    await refundHalfPendingAtBank(waiting.b.id);
    const [lowered] = await payoutsOf(waiting.b.id);
    expect(lowered?.amount_cents).toBeLessThan(full);
    expect(await creditBalanceCents(t.h.dbs.api, waiting.studentId)).toBe(-500);

    // The bank refuses it two days later; the instructor's payout was paid at the lowered amount meanwhile.
    const paidMeanwhile = await completedLessonWithCredit('pending');
    await refundHalfPendingAtBank(paidMeanwhile.b.id);
    await t.h.dbs.api
      .updateTable('payouts')
      .set({ status: 'paid', paid_at: new Date() })
      .where('booking_id', '=', paidMeanwhile.b.id)
      .execute();
    const [paidAt] = await payoutsOf(paidMeanwhile.b.id);

    for (const lesson of [waiting, paidMeanwhile]) {
      const row = await refundOf(lesson.b.id);
      await t.stripe.transitionRefund(row.stripe_refund_id ?? '', 'failed', 'declined');
    }
    await reconcilePendingRefunds(t.h.services, { olderThanMs: 0 });

    expect(await refundOf(waiting.b.id)).toMatchObject({ status: 'failed' });
    expect(await payoutsOf(waiting.b.id)).toEqual([{ status: 'pending', amount_cents: full }]);
    expect(await creditBalanceCents(t.h.dbs.api, waiting.studentId)).toBe(-1_000);
    expect(await payoutsOf(paidMeanwhile.b.id)).toEqual([
      { status: 'paid', amount_cents: paidAt?.amount_cents },
      { status: 'pending', amount_cents: full - (paidAt?.amount_cents ?? 0) },
    ]);

    // A second settling pass (or a late webhook of the same failure) changes nothing more.
    await reconcilePendingRefunds(t.h.services, { olderThanMs: 0 });
    expect(await payoutsOf(waiting.b.id)).toEqual([{ status: 'pending', amount_cents: full }]);
    expect(await payoutsOf(paidMeanwhile.b.id)).toHaveLength(2);
    expect(await creditBalanceCents(t.h.dbs.api, waiting.studentId)).toBe(-1_000);
  });

  it('a refund Stripe rejects outright (the charge was disputed meanwhile) is undone the same way', async () => {
    const { b, studentId } = await completedLessonWithCredit('held');
    const admin = t.h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id, overrideCode: 'DUPLICATE' });
    t.stripe.failNext({
      status: 400,
      where: 'api',
      type: 'invalid_request_error',
      code: 'charge_disputed',
      message: 'This charge has been disputed and cannot be refunded.',
    });
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Charged twice' });
    const row = await refundOf(b.id);
    expect(row.status).toBe('failed');
    expect(row.error).toContain('disputed');
    expect(await payoutsOf(b.id)).toEqual([{ status: 'held', amount_cents: b.instructor_payout_cents }]);
    expect(await creditBalanceCents(t.h.dbs.api, studentId)).toBe(-1_000);
  });
});
