import { describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { creditBalanceCents } from '../students/credits.js';
import { useStripeHarness } from '../../testing-hooks.js';

const t = useStripeHarness({ timeoutMs: 400, maxNetworkRetries: 1 });

/** Tyler Vance, a student with captured lessons four days out at the given prices (a card refund gives each back). */
async function tylerWithLessons(...pricesCents: number[]) {
  const student = await seedStudent(t.h.dbs.api, { first_name: 'Tyler', last_name: 'Vance' });
  const teacher = await seedInstructor(t.h.dbs.api);
  const bookings = [];
  for (const priceCents of pricesCents) {
    const { booking } = await seedBooking(t.h.dbs.api, {
      studentId: student.id,
      instructorId: teacher.user.id,
      lessonStart: new Date(Date.now() + 96 * 3_600_000),
      priceCents,
      paymentStatus: 'captured',
    });
    bookings.push(booking);
  }
  return { studentId: student.id, bookings };
}

/** The approval reasons among a preview's warnings (a student refunded this often also shows fraud signals). */
const approvalReasons = (warnings: string[]) => warnings.filter((w) => w.startsWith('Needs a second admin'));

const THRESHOLD = 'over the $500.00 approval threshold (refunds and credit added by hand count together).';

const refundedCents = async (studentId: string) => {
  const rows = await t.h.dbs.api.selectFrom('refunds').select('amount_cents').where('student_id', '=', studentId).execute();
  return rows.reduce((s, r) => s + r.amount_cents, 0);
};

describe('one total of money given back per staff member and student over 24 hours: refunds and credit added by hand', () => {
  it('a refund then credit: the credit waits for a second admin, saying the combined figure', async () => {
    const { studentId, bookings } = await tylerWithLessons(49_500);
    const admin = t.h.caller('admin');
    const refund = await admin.refunds.create.preview({ bookingId: bookings[0]?.id ?? '' });
    expect(refund.requiresApproval).toBe(false);
    await admin.refunds.create.execute({ confirmToken: refund.confirmToken, reason: 'Student cancelled early' });

    const credit = await admin.students.adjustCredit.preview({ userId: studentId, amountCents: 50_000 });
    expect(credit.requiresApproval).toBe(true);
    expect(approvalReasons(credit.warnings)).toEqual([
      `Needs a second admin: $495.00 already given back to Tyler V. by you in the last 24 hours ($495.00 refunded) + $500.00 now = $995.00, ${THRESHOLD}`,
    ]);
    const requested = await admin.students.adjustCredit.execute({ confirmToken: credit.confirmToken, reason: 'Goodwill' });
    expect(requested.approvalId).toBeTruthy();
    expect(await creditBalanceCents(t.h.dbs.api, studentId)).toBe(0);
    const filed = await t.h.dbs.api
      .selectFrom('approvals')
      .select('warnings')
      .where('id', '=', requested.approvalId ?? '')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(filed.warnings)).toContain('$495.00 already given back to Tyler V.');
    // Another admin's total is their own.
    expect(
      (await t.h.caller('admin2').students.adjustCredit.preview({ userId: studentId, amountCents: 50_000 })).requiresApproval,
    ).toBe(false);
  });

  it('credit then a refund, or a force cancel that refunds: each waits for a second admin with the combined figure', async () => {
    const { studentId, bookings } = await tylerWithLessons(30_000);
    const booking = bookings[0];
    if (!booking) throw new Error('no booking seeded');
    const admin = t.h.caller('admin');
    const credit = await admin.students.adjustCredit.preview({ userId: studentId, amountCents: 30_000 });
    expect(credit.requiresApproval).toBe(false);
    await admin.students.adjustCredit.execute({ confirmToken: credit.confirmToken, reason: 'Goodwill' });

    const reason = `Needs a second admin: $300.00 already given back to Tyler V. by you in the last 24 hours ($300.00 of credit added by hand) + $300.00 now = $600.00, ${THRESHOLD}`;
    const refund = await admin.refunds.create.preview({ bookingId: booking.id });
    expect(refund.requiresApproval).toBe(true);
    expect(refund.warnings).toContain(reason);
    const cancel = await admin.bookings.cancel.preview({ bookingId: booking.id });
    expect(cancel.requiresApproval).toBe(true);
    expect(cancel.warnings).toEqual([reason]);

    const requested = await admin.refunds.create.execute({
      confirmToken: refund.confirmToken,
      reason: 'Student cancelled early',
    });
    expect(requested.approvalId).toBeTruthy();
    expect(await refundedCents(studentId)).toBe(0);
  });

  it('names both parts of what was already given back', async () => {
    const { studentId, bookings } = await tylerWithLessons(20_000);
    const admin = t.h.caller('admin');
    const refund = await admin.refunds.create.preview({ bookingId: bookings[0]?.id ?? '' });
    await admin.refunds.create.execute({ confirmToken: refund.confirmToken, reason: 'Student cancelled early' });
    const first = await admin.students.adjustCredit.preview({ userId: studentId, amountCents: 10_000 });
    await admin.students.adjustCredit.execute({ confirmToken: first.confirmToken, reason: 'Goodwill' });
    const second = await admin.students.adjustCredit.preview({ userId: studentId, amountCents: 25_000 });
    expect(approvalReasons(second.warnings)).toEqual([
      `Needs a second admin: $300.00 already given back to Tyler V. by you in the last 24 hours ($200.00 refunded, $100.00 of credit added by hand) + $250.00 now = $550.00, ${THRESHOLD}`,
    ]);
  });

  it('concurrent refunds and credits, each under the threshold alone, cannot split it between them', async () => {
    const { studentId, bookings } = await tylerWithLessons(20_000, 20_000, 20_000);
    const admin = t.h.caller('admin');
    // Four previews of $200.00 each, all made before any runs: none needs approval on its own. (One credit: a second
    // would preview a balance the first changes, and be refused as stale rather than meet the limit.)
    const previews = [
      ...(await Promise.all(bookings.map((b) => admin.refunds.create.preview({ bookingId: b.id })))),
      await admin.students.adjustCredit.preview({ userId: studentId, amountCents: 20_000 }),
    ];
    expect(previews.map((p) => p.requiresApproval)).toEqual([false, false, false, false]);
    const results = await Promise.all(
      previews.map((p) =>
        p.action === 'refunds.create'
          ? admin.refunds.create.execute({ confirmToken: p.confirmToken, reason: 'Split attempt' })
          : admin.students.adjustCredit.execute({ confirmToken: p.confirmToken, reason: 'Split attempt' }),
      ),
    );
    // Two ran ($400.00); the two that came after would each have taken the total to $600.00: filed for a second admin.
    expect(results.filter((r) => r.approvalId === null)).toHaveLength(2);
    expect(results.filter((r) => r.approvalId !== null)).toHaveLength(2);
    expect((await refundedCents(studentId)) + (await creditBalanceCents(t.h.dbs.api, studentId))).toBe(40_000);
  });
});
