import { describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { useStripeHarness } from '../../testing-hooks.js';

const t = useStripeHarness({ timeoutMs: 400, maxNetworkRetries: 1 });

/** One student's two captured lessons four days out: $300.00 and $280.00. */
async function twoLessons() {
  const student = await seedStudent(t.h.dbs.api, { first_name: 'Tyler', last_name: 'Vance' });
  const teacher = await seedInstructor(t.h.dbs.api);
  const lesson = (priceCents: number) =>
    seedBooking(t.h.dbs.api, {
      studentId: student.id,
      instructorId: teacher.user.id,
      lessonStart: new Date(Date.now() + 96 * 3_600_000),
      priceCents,
      paymentStatus: 'captured',
    });
  return { studentId: student.id, first: (await lesson(30_000)).booking, second: (await lesson(28_000)).booking };
}

const STAFF_TOTAL =
  'Needs a second admin: $300.00 already given back to Tyler V. by you in the last 24 hours ($300.00 refunded) + $280.00 now = $580.00, over the $500.00 approval threshold (refunds and credit added by hand count together).';

const statusOf = async (bookingId: string) =>
  (await t.h.dbs.api.selectFrom('bookings').select('status').where('id', '=', bookingId).executeTakeFirstOrThrow()).status;

describe("cancelling meets the refund approval limits: one staff member's 24-hour total to a student", () => {
  it('a force cancel that takes the total over the threshold waits for a second admin, as refunds.create would', async () => {
    const { first, second } = await twoLessons();
    const admin = t.h.caller('admin');
    const refund = await admin.refunds.create.preview({ bookingId: first.id });
    expect(refund.requiresApproval).toBe(false);
    await admin.refunds.create.execute({ confirmToken: refund.confirmToken, reason: 'Student cancelled early' });

    // The same refund asked through refunds.create needs approval, with these words…
    const asRefund = await admin.refunds.create.preview({ bookingId: second.id });
    expect(asRefund.warnings).toContain(STAFF_TOTAL);
    // …and so does the force cancel that makes it.
    const cancel = await admin.bookings.cancel.preview({ bookingId: second.id });
    expect(cancel.requiresApproval).toBe(true);
    // (Beside the fraud warning: one of this student's two bookings refunded at their request is over the 30 % rate.)
    expect(cancel.warnings.filter((w) => !w.startsWith('Fraud signals'))).toEqual([STAFF_TOTAL]);
    const requested = await admin.bookings.cancel.execute({ confirmToken: cancel.confirmToken, reason: 'Moving away' });
    expect(requested.approvalId).toBeTruthy();
    expect(await statusOf(second.id)).toBe('confirmed');

    await t.h.caller('admin2').approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Checked the bookings' });
    expect(await statusOf(second.id)).toBe('cancelled');
  });

  it("a student's suspension that cancels and refunds their lessons meets the same limit", async () => {
    const { studentId, first } = await twoLessons();
    const admin = t.h.caller('admin');
    const refund = await admin.refunds.create.preview({ bookingId: first.id });
    await admin.refunds.create.execute({ confirmToken: refund.confirmToken, reason: 'Student cancelled early' });

    const suspend = await admin.students.suspend.preview({ userId: studentId, cancelUpcoming: true });
    expect(suspend.requiresApproval).toBe(true);
    expect(suspend.warnings).toContain(STAFF_TOTAL);
    // Without cancelling, nothing moves: no approval.
    const only = await admin.students.suspend.preview({ userId: studentId, cancelUpcoming: false });
    expect(only.requiresApproval).toBe(false);
  });

  it('a force cancel within the limits needs no approval', async () => {
    const { second } = await twoLessons();
    const cancel = await t.h.caller('admin').bookings.cancel.preview({ bookingId: second.id });
    expect(cancel.requiresApproval).toBe(false);
    expect(cancel.warnings).toEqual([]);
  });

  it('the limits count what the student is given: not an authorization released with the lesson, nor the instructor’s late share', async () => {
    const student = await seedStudent(t.h.dbs.api, { first_name: 'Tyler', last_name: 'Vance' });
    const teacher = await seedInstructor(t.h.dbs.api);
    const lesson = (hoursAhead: number, priceCents: number, paymentStatus: 'authorized' | 'captured') =>
      seedBooking(t.h.dbs.api, {
        studentId: student.id,
        instructorId: teacher.user.id,
        lessonStart: new Date(Date.now() + hoursAhead * 3_600_000),
        priceCents,
        paymentStatus,
      });
    const admin = t.h.caller('admin');
    // $640.00 only authorized, four days out: cancelling releases it; nothing was charged, nothing goes back.
    const { booking: authorized } = await lesson(96, 64_000, 'authorized');
    const release = await admin.bookings.cancel.preview({ bookingId: authorized.id });
    expect(release.effects.some((e) => e.label.includes('release') || e.label.includes('Release'))).toBe(true);
    expect(release.warnings).toEqual([]);
    expect(release.requiresApproval).toBe(false);
    // Released while the lesson stays booked, it is a $640.00 lesson given away: that is over the threshold.
    const kept = await admin.refunds.create.preview({ bookingId: authorized.id });
    expect(kept.requiresApproval).toBe(true);
    expect(kept.warnings.join(' ')).toContain('the student would have $640.00 back on this booking');
    // $900.00 captured, six hours out: half comes back as credit ($450.00), half is the instructor's share.
    const { booking: late } = await lesson(6, 90_000, 'captured');
    const split = await admin.bookings.cancel.preview({ bookingId: late.id });
    expect(split.warnings).toEqual([]);
    expect(split.requiresApproval).toBe(false);
    await admin.bookings.cancel.execute({ confirmToken: split.confirmToken, reason: 'Student cancelled late' });
    // With $450.00 already given back in 24 hours, $40.00 more stays under $500.00; $100.00 more would not.
    const { booking: small } = await lesson(96, 4_000, 'captured');
    expect((await admin.bookings.cancel.preview({ bookingId: small.id })).requiresApproval).toBe(false);
    const { booking: more } = await lesson(96, 10_000, 'captured');
    expect((await admin.bookings.cancel.preview({ bookingId: more.id })).warnings).toEqual([
      'Needs a second admin: $450.00 already given back to Tyler V. by you in the last 24 hours ($450.00 refunded) + $100.00 now = $550.00, over the $500.00 approval threshold (refunds and credit added by hand count together).',
    ]);
  });
});
