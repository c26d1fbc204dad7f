import { describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import type { PaymentStatus } from '@ops/db';
import { auditedRow, spendCredit } from '../../testing.js';
import { creditBalanceCents } from '../students/credits.js';
import { useStripeHarness } from '../../testing-hooks.js';

const t = useStripeHarness({ timeoutMs: 400, maxNetworkRetries: 1 });

let seq = 0;

/** A $90.00 lesson of a new Sarah C., $10.00 of it paid with her credit (the card paid $80.00). */
async function lessonWithCredit(hoursAhead: number, paymentStatus: PaymentStatus = 'captured') {
  seq += 1;
  const student = await seedStudent(t.h.dbs.api, {
    email: `sarah.credit.${seq}@example.com`,
    first_name: 'Sarah',
    last_name: 'Chen',
  });
  const teacher = await seedInstructor(t.h.dbs.api);
  const { booking } = await seedBooking(t.h.dbs.api, {
    studentId: student.id,
    instructorId: teacher.user.id,
    lessonStart: new Date(Date.now() + hoursAhead * 3_600_000),
    priceCents: 9_000,
    creditsAppliedCents: 1_000,
    paymentStatus,
  });
  await spendCredit(t.h.dbs.api, booking, 1_000);
  return { b: booking, studentId: student.id };
}

const creditBack = (bookingId: string) =>
  t.h.dbs.api
    .selectFrom('credit_ledger')
    .select(['amount_cents', 'kind'])
    .where('booking_id', '=', bookingId)
    .where('amount_cents', '>', 0)
    .orderBy('created_at')
    .execute();

describe('credit the student spent on a booking goes back to their balance', () => {
  it('force cancel returns it, says so, and audits it', async () => {
    const { b, studentId } = await lessonWithCredit(72);
    const admin = t.h.caller('admin');
    const preview = await admin.bookings.cancel.preview({ bookingId: b.id });
    const labels = preview.effects.map((e) => e.label);
    expect(labels).toContain('Refund $80.00 to the card ending 4242');
    expect(labels).toContain("Return $10.00 of credit to Sarah C.'s balance (credit spent on this booking)");
    await admin.bookings.cancel.execute({ confirmToken: preview.confirmToken, reason: 'Instructor moved away' });
    expect(await creditBack(b.id)).toEqual([{ amount_cents: 1_000, kind: 'booking_payment' }]);
    expect(await creditBalanceCents(t.h.dbs.api, studentId)).toBe(0);
    const audit = await auditedRow(t.h.dbs.api, 'bookings.cancel', b.id);
    expect(audit.after).toMatchObject({ creditBackCents: 1_000 });
  });

  it('a partial refund returns its share, and the cancellation after it only the rest: never twice', async () => {
    const { b, studentId } = await lessonWithCredit(72);
    const admin = t.h.caller('admin');
    const half = await admin.refunds.create.preview({ bookingId: b.id, amountCents: 4_000 });
    expect(half.effects.map((e) => e.label)).toContain(
      "Return $5.00 of credit to Sarah C.'s balance (credit spent on this booking)",
    );
    await admin.refunds.create.execute({ confirmToken: half.confirmToken, reason: 'Half the lesson' });
    const cancel = await admin.bookings.cancel.preview({ bookingId: b.id });
    expect(cancel.effects.map((e) => e.label)).toContain(
      "Return $5.00 of credit to Sarah C.'s balance (credit spent on this booking)",
    );
    await admin.bookings.cancel.execute({ confirmToken: cancel.confirmToken, reason: 'Cancelled after all' });
    expect((await creditBack(b.id)).map((c) => c.amount_cents)).toEqual([500, 500]);
    expect(await creditBalanceCents(t.h.dbs.api, studentId)).toBe(0);
  });

  it('under the 50 % split, half of the spent credit comes back, as the preview says', async () => {
    const { b, studentId } = await lessonWithCredit(6);
    const admin = t.h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    expect(preview.effects.map((e) => e.label)).toContain(
      "Return $5.00 of credit to Sarah C.'s balance (credit spent on this booking)",
    );
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Late cancellation' });
    // $40.00 as credit by the policy, $5.00 of the spent credit back: $45.00, half of the $90.00 lesson.
    expect(await creditBalanceCents(t.h.dbs.api, studentId)).toBe(-1_000 + 4_000 + 500);
  });

  it('a cancellation with no card money to refund (the card payment failed) still returns the spent credit', async () => {
    const { b, studentId } = await lessonWithCredit(72, 'failed');
    const admin = t.h.caller('admin');
    const preview = await admin.bookings.cancel.preview({ bookingId: b.id });
    const labels = preview.effects.map((e) => e.label);
    expect(labels).toContain('Nothing to refund on this booking');
    expect(labels).toContain("Return $10.00 of credit to Sarah C.'s balance (credit spent on this booking)");
    await admin.bookings.cancel.execute({ confirmToken: preview.confirmToken, reason: 'Card declined' });
    expect(await creditBack(b.id)).toEqual([{ amount_cents: 1_000, kind: 'booking_payment' }]);
    expect(await creditBalanceCents(t.h.dbs.api, studentId)).toBe(0);
  });

  it("a student suspension's cascade returns the credit of each booking it cancels", async () => {
    const { b, studentId } = await lessonWithCredit(72, 'pending');
    const admin = t.h.caller('admin');
    const preview = await admin.students.suspend.preview({ userId: studentId, cancelUpcoming: true });
    const labels = preview.effects.map((e) => e.label);
    expect(labels).toContain("Return $10.00 of spent credit to students' balances (1 booking)");
    expect(labels.some((l) => l.includes('$10.00 of spent credit back to the balance'))).toBe(true);
    await admin.students.suspend.execute({ confirmToken: preview.confirmToken, reason: 'Chargeback fraud' });
    expect(await creditBack(b.id)).toEqual([{ amount_cents: 1_000, kind: 'booking_payment' }]);
    expect(await creditBalanceCents(t.h.dbs.api, studentId)).toBe(0);
  });
});
