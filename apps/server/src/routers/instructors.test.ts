import { describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { maskName } from '@ops/shared';
import { auditedRow, rejection, seedLesson } from '../testing.js';
import { useStripeHarness } from '../testing-hooks.js';

const HOUR = 3_600_000;
const t = useStripeHarness({ timeoutMs: 2_000, maxNetworkRetries: 1 });

describe('instructors.suspend', () => {
  it('previews every effect with totals, needs a second admin, and executes exactly those effects: students are refunded in full', async () => {
    const db = t.h.dbs.api;
    const teacher = await seedInstructor(db, { hourlyRateCents: 9_000 });
    const students = await Promise.all([seedStudent(db), seedStudent(db), seedStudent(db)]);
    const at = (hours: number) => new Date(Date.now() + hours * HOUR);
    // 72 h: not yet authorized; 18 h and 6 h: authorized. A student's own late cancellation would get credit (18 h) or
    // half as credit and half to the instructor (6 h); here the instructor is suspended, so every student's whole
    // payment goes back to the card (each authorization released) and the instructor is paid nothing for them.
    const upcoming = await Promise.all([
      seedBooking(db, {
        studentId: students[0]?.id ?? '',
        instructorId: teacher.user.id,
        lessonStart: at(72),
        priceCents: 9_000,
      }),
      seedBooking(db, {
        studentId: students[1]?.id ?? '',
        instructorId: teacher.user.id,
        lessonStart: at(18),
        priceCents: 9_000,
      }),
      seedBooking(db, { studentId: students[2]?.id ?? '', instructorId: teacher.user.id, lessonStart: at(6), priceCents: 9_000 }),
    ]);
    const past = await seedBooking(db, {
      studentId: students[0]?.id ?? '',
      instructorId: teacher.user.id,
      lessonStart: at(-48),
      status: 'completed',
      priceCents: 9_000,
    });
    await db
      .insertInto('payouts')
      .values([
        {
          instructor_id: teacher.user.id,
          booking_id: past.booking.id,
          amount_cents: 7_650,
          status: 'pending',
          scheduled_for: at(24),
        },
        { instructor_id: teacher.user.id, booking_id: null, amount_cents: 1_000, status: 'pending', scheduled_for: at(48) },
      ])
      .execute();

    const admin = t.h.caller('admin');
    const preview = await admin.instructors.suspend.preview({ userId: teacher.user.id });
    const labels = preview.effects.map((e) => e.label);
    expect(preview.requiresApproval).toBe(true);
    // Why it waits, as a refund over the threshold says why.
    expect(preview.warnings[0]).toBe(
      "Needs a second admin: the suspension would cancel 3 upcoming bookings of 3 students, and suspending an instructor with any upcoming booking needs another admin's approval.",
    );
    // The person's whole id, as erasure asks: a display name ("Marcus R.") is not unique, nor is an id's first part.
    expect(preview.typeToConfirm).toBe(teacher.user.id);
    expect(labels).toContain('3 cancellations (slots released)');
    // Every payment was only authorized: each is released, and the totals say so rather than count refunds.
    expect(labels).toContain('3 releases totalling $270.00 (never charged)');
    expect(labels.some((l) => l.startsWith('Late-cancellation shares'))).toBe(false);
    expect(preview.summary).toMatch(
      /: 3 upcoming bookings cancelled, 3 releases totalling \$270\.00 \(never charged\), 2 pending payouts held$/,
    );
    expect(labels).toContain('Hold 2 pending payouts totalling $86.50');
    expect(labels).toContain('Email 4 people (the instructor and 3 students)');
    // Each booking's line names its lesson time as the console reads times: in the business zone.
    for (const b of upcoming) {
      const line = labels.find((l) => l.startsWith(`Cancel ${b.booking.short_id}`));
      expect(line).toMatch(/^Cancel \w+ \([A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T\): /);
      expect(line).toMatch(/: release \$90\.00 \(never charged\) — rule: full refund to card \(instructor suspended\)$/);
    }

    const requested = await admin.instructors.suspend.execute({
      confirmToken: preview.confirmToken,
      reason: 'Safety complaint under review',
    });
    expect(requested.approvalId).toBeTruthy();
    // The approver's card names the instructor as the console shows people, and says the request came from the browser.
    const card = (await t.h.caller('admin2').approvals.list({ view: 'pending' })).find((a) => a.id === requested.approvalId);
    expect(card).toMatchObject({
      resourceType: 'user',
      resourceId: teacher.user.id,
      resourceLabel: maskName(teacher.user.first_name, teacher.user.last_name),
      requestedVia: { channel: 'web', tokenName: null },
    });
    expect(
      (await db.selectFrom('users').select('status').where('id', '=', teacher.user.id).executeTakeFirstOrThrow()).status,
    ).toBe('active');
    await t.h.caller('admin2').approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Agreed' });

    const ids = upcoming.map((b) => b.booking.id);
    const bookings = await db.selectFrom('bookings').select(['status']).where('id', 'in', ids).execute();
    expect(bookings.every((b) => b.status === 'cancelled')).toBe(true);
    const refunds = await db
      .selectFrom('refunds')
      .select(['amount_cents', 'instructor_payout_cents', 'method', 'status'])
      .where('booking_id', 'in', ids)
      .execute();
    expect(refunds).toHaveLength(3);
    expect(refunds.reduce((s, r) => s + r.amount_cents, 0)).toBe(27_000);
    expect(refunds.every((r) => r.method === 'card' && r.instructor_payout_cents === 0)).toBe(true);
    expect(refunds.every((r) => r.status === 'succeeded')).toBe(true);
    const payouts = await db
      .selectFrom('payouts')
      .select(['status', 'amount_cents'])
      .where('instructor_id', '=', teacher.user.id)
      .execute();
    expect(payouts.filter((p) => p.status === 'pending')).toHaveLength(0);
    // The two that were pending, held; no late-cancellation share was added for the cancelled lessons.
    expect(
      payouts
        .filter((p) => p.status === 'held')
        .map((p) => p.amount_cents)
        .sort((a, b) => a - b),
    ).toEqual([1_000, 7_650]);
    const notified = await db
      .selectFrom('notifications')
      .select('user_id')
      .where('template', '=', 'instructor_suspended')
      .execute();
    expect(new Set(notified.map((n) => n.user_id))).toEqual(new Set([teacher.user.id, ...students.map((s) => s.id)]));
    const user = await db
      .selectFrom('users')
      .select(['status', 'suspension_reason'])
      .where('id', '=', teacher.user.id)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ status: 'suspended', suspension_reason: 'Safety complaint under review' });
    const audit = await auditedRow(db, 'instructors.suspend', teacher.user.id);
    expect(audit.after).toMatchObject({
      cancelledBookings: 3,
      refundTotalCents: 0,
      releaseTotalCents: 27_000,
      heldPayouts: 2,
      heldPayoutCents: 8_650,
      notifications: 4,
    });
    const credit = await db.selectFrom('credit_ledger').select('amount_cents').where('booking_id', 'in', ids).execute();
    expect(credit).toEqual([]);
    // Each booking's own trail names who cancelled it (the approving admin), why, and the release, under the suspension.
    const cascade = await db
      .selectFrom('audit_log')
      .select(['id', 'resource_id', 'actor_email', 'reason', 'after'])
      .where('action', '=', 'bookings.cancelledBySuspension')
      .where('resource_id', 'in', ids)
      .execute();
    expect(cascade.map((r) => r.resource_id).sort()).toEqual([...ids].sort());
    expect((audit.after as { bookingAuditIds: number[] }).bookingAuditIds.sort()).toEqual(cascade.map((r) => r.id).sort());
    for (const row of cascade) {
      expect(row).toMatchObject({
        actor_email: t.h.staff.admin2.email,
        reason: 'Safety complaint under review',
      });
      expect(row.after).toMatchObject({
        suspension: { action: 'instructors.suspend', userId: teacher.user.id },
        refund: { kind: 'release', method: 'card', amountCents: 9_000 },
      });
    }
  });

  it('payout hold and release move the pending payouts both ways', async () => {
    const db = t.h.dbs.api;
    const teacher = await seedInstructor(db);
    await db
      .insertInto('payouts')
      .values({
        instructor_id: teacher.user.id,
        amount_cents: 5_000,
        status: 'pending',
        scheduled_for: new Date(Date.now() + 86_400_000),
      })
      .execute();
    const admin = t.h.caller('admin');
    const hold = await admin.instructors.payoutHold.preview({ userId: teacher.user.id, hold: true });
    expect(hold.effects[0]?.label).toBe('Hold 1 pending payout totalling $50.00');
    await admin.instructors.payoutHold.execute({ confirmToken: hold.confirmToken, reason: 'Chargeback risk' });
    // instructors.byId (what an assistant reads over MCP) and the user 360 list the held payout alike (the 360 also says when it was paid).
    const shown = (await admin.instructors.byId({ userId: teacher.user.id })).payouts;
    expect(shown).toEqual([
      {
        id: expect.any(String),
        bookingId: null,
        amountCents: 5_000,
        status: 'held',
        scheduledFor: expect.any(String),
        holdReason: 'Chargeback risk',
        overdue: false,
      },
    ]);
    expect((await admin.support.user({ userId: teacher.user.id })).payouts).toEqual(shown.map((p) => ({ ...p, paidAt: null })));
    const release = await admin.instructors.payoutHold.preview({ userId: teacher.user.id, hold: false });
    expect(release.effects[0]?.label).toBe('Release 1 held payout totalling $50.00');
    await admin.instructors.payoutHold.execute({ confirmToken: release.confirmToken, reason: 'Resolved' });
    const rows = await db.selectFrom('payouts').select('status').where('instructor_id', '=', teacher.user.id).execute();
    expect(rows.map((r) => r.status)).toEqual(['pending']);
  });

  it('a commission tier change reprices upcoming bookings as previewed', async () => {
    const db = t.h.dbs.api;
    const teacher = await seedInstructor(db, { hourlyRateCents: 10_000 });
    const student = await seedStudent(db);
    const b = await seedBooking(db, {
      studentId: student.id,
      instructorId: teacher.user.id,
      lessonStart: new Date(Date.now() + 80 * HOUR),
      priceCents: 10_000,
    });
    const admin = t.h.caller('admin');
    const preview = await admin.instructors.commissionTier.preview({ userId: teacher.user.id, tier: 'founding' });
    expect(preview.effects[1]?.label).toBe(
      '1 upcoming booking: platform fees $15.00 → $10.00, instructor payouts $85.00 → $90.00',
    );
    await admin.instructors.commissionTier.execute({ confirmToken: preview.confirmToken, reason: 'Founding member' });
    const after = await db
      .selectFrom('bookings')
      .select(['platform_fee_cents', 'instructor_payout_cents'])
      .where('id', '=', b.booking.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ platform_fee_cents: 1_000, instructor_payout_cents: 9_000 });
    // The audit entry alone says what money moved, booking by booking, and how to put it back.
    const audit = await db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'instructors.commissionTier')
      .where('resource_id', '=', teacher.user.id)
      .executeTakeFirstOrThrow();
    expect(audit.before).toEqual({
      commissionTier: 'standard',
      platformFeeCents: 1_500,
      instructorPayoutCents: 8_500,
      bookings: [{ id: b.booking.id, platformFeeCents: 1_500, instructorPayoutCents: 8_500 }],
    });
    expect(audit.after).toEqual({
      commissionTier: 'founding',
      repricedBookings: 1,
      platformFeeCents: 1_000,
      instructorPayoutCents: 9_000,
      bookings: [{ id: b.booking.id, platformFeeCents: 1_000, instructorPayoutCents: 9_000 }],
    });
  });

  it('a verification override shows on the person page, whose actions read it, and is refused when already on', async () => {
    const teacher = await seedInstructor(t.h.dbs.api);
    const admin = t.h.caller('admin');
    const profile = async () => (await admin.support.user({ userId: teacher.user.id })).profile.instructor;
    expect(await profile()).toMatchObject({ verificationOverride: false });
    const preview = await admin.instructors.verificationOverride.preview({ userId: teacher.user.id, enabled: true });
    await admin.instructors.verificationOverride.execute({
      confirmToken: preview.confirmToken,
      reason: 'Check delayed by the vendor',
    });
    expect(await profile()).toMatchObject({ verificationOverride: true });
    const again = await rejection(admin.instructors.verificationOverride.preview({ userId: teacher.user.id, enabled: true }));
    expect(again).toEqual({ code: 'CONFLICT', message: 'enabled: the verification override is already on' });
  });
});

describe('bookings.cancel and bookings.complete', () => {
  it('force cancel refunds per policy, releases the slot and notifies both sides', async () => {
    const db = t.h.dbs.api;
    const b = await seedLesson(db, { hoursAhead: 40, priceCents: 8_000, paymentStatus: 'captured' });
    const admin = t.h.caller('admin');
    const preview = await admin.bookings.cancel.preview({ bookingId: b.booking.id });
    expect(preview.effects.map((e) => e.label)).toEqual(
      expect.arrayContaining(['Refund $80.00 to the card ending 4242', 'Email 2 people (the student and the instructor)']),
    );
    await admin.bookings.cancel.execute({ confirmToken: preview.confirmToken, reason: 'Instructor unavailable' });
    const row = await db
      .selectFrom('bookings')
      .select(['status', 'cancelled_by'])
      .where('id', '=', b.booking.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'cancelled', cancelled_by: 'admin' });
    const notes = await db.selectFrom('notifications').select('user_id').where('booking_id', '=', b.booking.id).execute();
    expect(new Set(notes.map((n) => n.user_id))).toEqual(new Set([b.booking.student_id, b.booking.instructor_id]));
    const refund = await db
      .selectFrom('refunds')
      .select(['status', 'amount_cents'])
      .where('booking_id', '=', b.booking.id)
      .executeTakeFirstOrThrow();
    expect(refund).toEqual({ status: 'succeeded', amount_cents: 8_000 });
  });

  it('force complete captures through Stripe, marks completed and schedules the payout', async () => {
    const db = t.h.dbs.api;
    const b = await seedLesson(db, { hoursAhead: -2, priceCents: 8_000, status: 'confirmed', paymentStatus: 'authorized' });
    const admin = t.h.caller('admin');
    const preview = await admin.bookings.complete.preview({ bookingId: b.booking.id });
    expect(preview.effects[0]?.label).toBe('Capture $80.00 on the card ending 4242');
    expect([preview.warnings, preview.typeToConfirm]).toEqual([[], null]);
    const result = await admin.bookings.complete.execute({ confirmToken: preview.confirmToken, reason: 'Lesson happened' });
    expect(result.message).toContain('Captured $80.00');
    const payment = await db.selectFrom('payments').select('status').where('id', '=', b.payment.id).executeTakeFirstOrThrow();
    expect(payment.status).toBe('captured');
    const payout = await db
      .selectFrom('payouts')
      .select(['amount_cents', 'status'])
      .where('booking_id', '=', b.booking.id)
      .executeTakeFirstOrThrow();
    expect(payout).toEqual({ amount_cents: b.booking.instructor_payout_cents, status: 'pending' });
    expect(
      t.stripe.requestCount({ method: 'POST', path: `/v1/payment_intents/${b.payment.stripe_payment_intent_id}/capture` }),
    ).toBe(1);
  });

  it('after a refund, completing pays the instructor only their share of what the student still pays', async () => {
    const db = t.h.dbs.api;
    const b = await seedLesson(db, { hoursAhead: 48, priceCents: 8_000, status: 'confirmed', paymentStatus: 'captured' });
    const admin = t.h.caller('admin');
    const refund = await admin.refunds.create.preview({ bookingId: b.booking.id, amountCents: 3_000 });
    await admin.refunds.create.execute({ confirmToken: refund.confirmToken, reason: 'Goodwill' });
    const share = Math.round((b.booking.instructor_payout_cents * 5_000) / 8_000);
    const preview = await admin.bookings.complete.preview({ bookingId: b.booking.id });
    // The lesson is two days away: completing it now is said to pay for a lesson not given, and typed to confirm.
    expect(preview.warnings[0]).toContain('has not started yet');
    expect(preview.typeToConfirm).toBe(b.booking.short_id);
    expect(preview.effects.map((e) => e.label)).toContain(
      `Schedule a payout of $${(share / 100).toFixed(2)} to the instructor (their share of the $50.00 not refunded), paid in 2 days`,
    );
    await admin.bookings.complete.execute({ confirmToken: preview.confirmToken, reason: 'Lesson happened' });
    const payouts = await db.selectFrom('payouts').select('amount_cents').where('booking_id', '=', b.booking.id).execute();
    expect(payouts.map((p) => p.amount_cents)).toEqual([share]);
  });

  it('completing a lesson of an instructor whose payouts are on hold says the payout is held, and holds it', async () => {
    const db = t.h.dbs.api;
    const b = await seedLesson(db, { hoursAhead: -2, priceCents: 6_000, status: 'confirmed', paymentStatus: 'captured' });
    await db
      .updateTable('instructor_profiles')
      .set({ payout_hold: true })
      .where('user_id', '=', b.booking.instructor_id)
      .execute();
    const admin = t.h.caller('admin');
    const preview = await admin.bookings.complete.preview({ bookingId: b.booking.id });
    const amount = `$${(b.booking.instructor_payout_cents / 100).toFixed(2)}`;
    expect(preview.effects.map((e) => e.label)).toContain(
      `Schedule a payout of ${amount} to the instructor, held: their payouts are on hold`,
    );
    const result = await admin.bookings.complete.execute({ confirmToken: preview.confirmToken, reason: 'Lesson happened' });
    expect(result.message).toContain(`payout of ${amount} scheduled and held (their payouts are on hold)`);
    const payouts = await db
      .selectFrom('payouts')
      .select(['status', 'hold_reason'])
      .where('booking_id', '=', b.booking.id)
      .execute();
    expect(payouts).toEqual([{ status: 'held', hold_reason: 'Instructor payouts are on hold' }]);
  });

  it('a booking refunded in full completes with no payout at all', async () => {
    const db = t.h.dbs.api;
    const b = await seedLesson(db, { hoursAhead: 48, priceCents: 6_000, status: 'confirmed', paymentStatus: 'captured' });
    const admin = t.h.caller('admin');
    const refund = await admin.refunds.create.preview({ bookingId: b.booking.id });
    await admin.refunds.create.execute({ confirmToken: refund.confirmToken, reason: 'Goodwill' });
    const preview = await admin.bookings.complete.preview({ bookingId: b.booking.id });
    expect(preview.effects.map((e) => e.label)).toContain('No payout to the instructor: all $60.00 was refunded');
    const result = await admin.bookings.complete.execute({ confirmToken: preview.confirmToken, reason: 'Lesson happened' });
    expect(result.message).toContain('nothing is left to pay out');
    expect(await db.selectFrom('payouts').select('id').where('booking_id', '=', b.booking.id).execute()).toEqual([]);
  });
});
