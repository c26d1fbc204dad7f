import { describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { verifyAuditChain } from '../domain/audit/chain.js';
import { auditedRow, rejection } from '../testing.js';
import { useStripeHarness } from '../testing-hooks.js';

const HOUR = 3_600_000;
const t = useStripeHarness({ timeoutMs: 2_000, maxNetworkRetries: 1 });

/** A student with a lesson in three days (not yet authorized) and one in six hours (authorized). */
async function studentWithLessons() {
  const db = t.h.dbs.api;
  const teacher = await seedInstructor(db, { hourlyRateCents: 8_000 });
  const student = await seedStudent(db);
  const at = (hours: number) => new Date(Date.now() + hours * HOUR);
  const later = await seedBooking(db, {
    studentId: student.id,
    instructorId: teacher.user.id,
    lessonStart: at(72),
    priceCents: 8_000,
  });
  const soon = await seedBooking(db, {
    studentId: student.id,
    instructorId: teacher.user.id,
    lessonStart: at(6),
    priceCents: 8_000,
  });
  return { student, teacher, later, soon };
}

describe('students.suspend', () => {
  it('without cancelling, says the upcoming bookings stay booked and leaves them so', async () => {
    const { student, later, soon } = await studentWithLessons();
    const admin = t.h.caller('admin');
    const preview = await admin.students.suspend.preview({ userId: student.id });
    const labels = preview.effects.map((e) => e.label);
    expect(labels).toHaveLength(2);
    expect(labels[0]).toMatch(/^Suspend .+: no sign-in, no new bookings$/);
    expect(labels[1]).toBe('Email 1 person (the student)');
    expect(preview.warnings).toEqual(['2 upcoming bookings stay booked.']);
    await admin.students.suspend.execute({ confirmToken: preview.confirmToken, reason: 'Chargeback pattern' });
    const rows = await t.h.dbs.api
      .selectFrom('bookings')
      .select('status')
      .where('id', 'in', [later.booking.id, soon.booking.id])
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['confirmed', 'confirmed']);
    const user = await t.h.dbs.api.selectFrom('users').select('status').where('id', '=', student.id).executeTakeFirstOrThrow();
    expect(user.status).toBe('suspended');
  });

  it('cancelling, lists each booking with its rule in words and executes exactly that: the student is refunded per policy', async () => {
    const { student, teacher, later, soon } = await studentWithLessons();
    const admin = t.h.caller('admin');
    const preview = await admin.students.suspend.preview({ userId: student.id, cancelUpcoming: true });
    const labels = preview.effects.map((e) => e.label);
    expect(preview.summary).toMatch(/ and cancel 2 upcoming bookings$/);
    const line = (shortId: string) => labels.find((l) => l.startsWith(`Cancel ${shortId} `));
    // The student's own suspension keeps the cancellation policy: three days ahead, the card authorization is released;
    // six hours ahead, half comes back as credit and half is the instructor's late-cancellation share.
    expect(line(later.booking.short_id)).toMatch(
      /: release \$80\.00 \(never charged\) — rule: full refund to card \(24 h or more before the lesson\)$/,
    );
    expect(line(soon.booking.short_id)).toMatch(
      /: credit \$40\.00, instructor share \$40\.00 — rule: half refunded, half paid to the instructor \(under 12 h\)$/,
    );
    // A release moved no money: the totals count it apart from the refund, as each booking's line does.
    expect(labels).toContain('1 refund of $40.00');
    expect(labels).toContain('1 release of $80.00 (never charged)');
    expect(labels).toContain('Late-cancellation shares to the instructor: $40.00, paid in 2 days');
    expect(labels).toContain('Email 2 people (the student and their instructors)');

    const done = await admin.students.suspend.execute({ confirmToken: preview.confirmToken, reason: 'Chargeback pattern' });
    expect(done.message).toMatch(
      /^.+ suspended; 2 bookings cancelled, 1 refund of \$40\.00 and 1 release of \$80\.00 \(never charged\)\. Stripe: 1 release settled, 1 payment captured; its credit is granted\.$/,
    );
    const db = t.h.dbs.api;
    const bookings = await db
      .selectFrom('bookings')
      .select('status')
      .where('id', 'in', [later.booking.id, soon.booking.id])
      .execute();
    expect(bookings.map((b) => b.status)).toEqual(['cancelled', 'cancelled']);
    const credit = await db.selectFrom('credit_ledger').select('amount_cents').where('user_id', '=', student.id).execute();
    expect(credit.map((c) => c.amount_cents)).toEqual([4_000]);
    const share = await db
      .selectFrom('payouts')
      .select('amount_cents')
      .where('instructor_id', '=', teacher.user.id)
      .where('booking_id', '=', soon.booking.id)
      .execute();
    expect(share.map((p) => p.amount_cents)).toEqual([4_000]);
    const audit = await auditedRow(db, 'students.suspend', student.id);
    expect(audit.reason).toBe('Chargeback pattern');
    expect(audit.after).toMatchObject({
      status: 'suspended',
      cancelledBookings: 2,
      refundTotalCents: 4_000,
      releaseTotalCents: 8_000,
    });

    // Each cancelled booking's own trail says who cancelled it, why, and what went back, linked to the suspension.
    const cascadeIds = (audit.after as { bookingAuditIds: number[] }).bookingAuditIds;
    expect(cascadeIds).toHaveLength(2);
    for (const [booking, refund] of [
      [later, { kind: 'release', method: 'card', amountCents: 8_000 }],
      [soon, { kind: 'refund', method: 'credit', amountCents: 4_000 }],
    ] as const) {
      const detail = await admin.bookings.detail({ bookingId: booking.booking.id });
      const row = detail.audit.find((a) => a.action === 'bookings.cancelledBySuspension');
      expect(row).toMatchObject({ actorEmail: 'admin@test.example', reason: 'Chargeback pattern', resourceType: 'booking' });
      expect(cascadeIds).toContain(row?.id);
      const listed = await admin.audit.search({ resourceId: booking.booking.id });
      expect(listed.items.map((i) => i.action)).toContain('bookings.cancelledBySuspension');
      const stored = await auditedRow(db, 'bookings.cancelledBySuspension', booking.booking.id);
      expect(stored.before).toEqual({ status: 'confirmed' });
      expect(stored.after).toMatchObject({
        status: 'cancelled',
        suspension: { action: 'students.suspend', userId: student.id },
        refund: { ...refund, id: expect.any(String) },
      });
      expect(stored.id).toBeLessThan(audit.id);
    }
    expect((await verifyAuditChain(db)).brokenAtId).toBeNull();

    // Suspending again is refused, naming the field; lifting it makes the account active.
    const again = await rejection(admin.students.suspend.preview({ userId: student.id }));
    expect(again).toEqual({ code: 'CONFLICT', message: 'userId: this student is already suspended' });
    const lift = await admin.students.unsuspend.preview({ userId: student.id });
    await admin.students.unsuspend.execute({ confirmToken: lift.confirmToken, reason: 'Resolved with the bank' });
    const user = await db.selectFrom('users').select('status').where('id', '=', student.id).executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
  });
});
