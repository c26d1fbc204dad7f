import { describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { useStripeHarness } from '../../testing-hooks.js';

const t = useStripeHarness({ timeoutMs: 400, maxNetworkRetries: 1 });

/** A student with three captured $80.00 lessons four days out. */
async function studentWithLessons() {
  const student = await seedStudent(t.h.dbs.api);
  const teacher = await seedInstructor(t.h.dbs.api);
  const bookings = [];
  for (let i = 0; i < 3; i++) {
    const { booking } = await seedBooking(t.h.dbs.api, {
      studentId: student.id,
      instructorId: teacher.user.id,
      lessonStart: new Date(Date.now() + 96 * 3_600_000),
      priceCents: 8_000,
      paymentStatus: 'captured',
    });
    bookings.push(booking);
  }
  return { studentId: student.id, bookings };
}

const FRAUD =
  'Fraud signals on this account (1 of 3 bookings refunded (33.3 %, over 30 %)): check the refund history before approving another refund.';

describe('previews that give a student money warn of fraud signals, as the person’s page does', () => {
  it('a refund, a force cancel and credit added by hand all carry the warning once the student has signals', async () => {
    const { studentId, bookings } = await studentWithLessons();
    const [first, second, third] = bookings;
    if (!first || !second || !third) throw new Error('lessons not seeded');
    const admin = t.h.caller('admin');

    // No signals yet: no warning.
    expect((await admin.refunds.create.preview({ bookingId: first.id })).warnings.join(' ')).not.toContain('Fraud');
    expect((await admin.students.adjustCredit.preview({ userId: studentId, amountCents: 1_000 })).warnings).toEqual([]);

    // One of three bookings refunded at the student's request: over the 30 % refund rate.
    const refund = await admin.refunds.create.preview({ bookingId: first.id });
    await admin.refunds.create.execute({ confirmToken: refund.confirmToken, reason: 'Student cancelled' });
    const page = await admin.support.user({ userId: studentId });
    expect(page.warnings).toContain('Fraud signals on this account: check the refund history before approving another refund.');

    expect((await admin.refunds.create.preview({ bookingId: second.id })).warnings).toContain(FRAUD);
    expect((await admin.bookings.cancel.preview({ bookingId: third.id })).warnings).toEqual([FRAUD]);
    const credit = await admin.students.adjustCredit.preview({ userId: studentId, amountCents: 1_000 });
    expect(credit.warnings).toEqual([FRAUD]);
    await admin.students.adjustCredit.execute({ confirmToken: credit.confirmToken, reason: 'Goodwill' });
    // Taking credit away gives nothing: no warning.
    expect((await admin.students.adjustCredit.preview({ userId: studentId, amountCents: -1_000 })).warnings).toEqual([]);
  });
});
