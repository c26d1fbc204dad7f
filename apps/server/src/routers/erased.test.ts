import { describe, expect, it } from 'vitest';
import { formatInZone } from '@ops/shared';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { rejection, spendCredit } from '../testing.js';
import { useStripeHarness } from '../testing-hooks.js';

const DAY = 86_400_000;
const t = useStripeHarness({ timeoutMs: 5_000, maxNetworkRetries: 1 });

/** Erases a person as the console does: one admin asks, a second approves. */
async function erase(userId: string): Promise<string> {
  const admin = t.h.caller('admin');
  const preview = await admin.privacy.erase.preview({ userId });
  const requested = await admin.privacy.erase.execute({ confirmToken: preview.confirmToken, reason: 'Right to be forgotten' });
  await t.h.caller('admin2').approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Verified the request' });
  const row = await t.h.dbs.api.selectFrom('users').select('erased_at').where('id', '=', userId).executeTakeFirstOrThrow();
  if (row.erased_at === null) throw new Error('the person was not erased');
  return row.erased_at;
}

/** What every refusal says about an erased person. */
const erasedMessage = (erasedAt: string) =>
  `userId: this person was erased on ${formatInZone(erasedAt, t.h.services.config.BUSINESS_TIME_ZONE, 'date')}`;

async function statusOf(userId: string): Promise<string> {
  const row = await t.h.dbs.api.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.status;
}

/**
 * A student with one completed lesson ten days ago (so erasure is allowed and a resend has a booking to name), paid
 * in part with `creditsAppliedCents` of credit.
 */
async function studentWithPastLesson(creditsAppliedCents = 0) {
  const db = t.h.dbs.api;
  const teacher = await seedInstructor(db);
  const student = await seedStudent(db, { first_name: 'Aisha', last_name: 'Sule' });
  const past = await seedBooking(db, {
    studentId: student.id,
    instructorId: teacher.user.id,
    status: 'completed',
    lessonStart: new Date(Date.now() - 10 * DAY),
    priceCents: 9_000,
    creditsAppliedCents,
  });
  if (creditsAppliedCents > 0) await spendCredit(db, past.booking, creditsAppliedCents);
  return { student, teacher, past };
}

describe('an erased student', () => {
  it('refuses every account action at preview, and at execute a token issued before the erasure', async () => {
    const { student, past } = await studentWithPastLesson();
    const admin = t.h.caller('admin');
    const support = t.h.caller('support');
    // Previewed while the person still existed: execute plans again under the lock and must refuse.
    const early = await admin.students.suspend.preview({ userId: student.id });
    const erasedAt = await erase(student.id);
    const message = erasedMessage(erasedAt);

    const late = await rejection(admin.students.suspend.execute({ confirmToken: early.confirmToken, reason: 'Abuse' }));
    expect(late).toEqual({ code: 'PRECONDITION_FAILED', message });
    expect(await statusOf(student.id)).toBe('deactivated');

    for (const refused of [
      () => admin.students.suspend.preview({ userId: student.id }),
      () => admin.students.unsuspend.preview({ userId: student.id }),
      () => admin.students.adjustCredit.preview({ userId: student.id, amountCents: 1_000 }),
      () => support.support.revealPii({ userId: student.id, reason: 'Caller asked' }),
      () => support.support.addNote({ userId: student.id, kind: 'internal', body: 'Called again' }),
      () => support.support.resendNotification.preview({ bookingId: past.booking.id, template: 'booking_confirmation' }),
      () => support.privacy.export({ userId: student.id, reason: 'Subject access request' }),
    ]) {
      expect(await rejection(refused())).toEqual({ code: 'PRECONDITION_FAILED', message });
    }
    expect(await statusOf(student.id)).toBe('deactivated');
    const notes = await t.h.dbs.api.selectFrom('booking_notes').select('id').where('user_id', '=', student.id).execute();
    expect(notes).toEqual([]);

    // Reading what is kept stays allowed: the person's page with its audit trail.
    const page = await support.support.user({ userId: student.id });
    expect(page.audit.map((a) => a.action)).toContain('privacy.erase');
    expect(page.profile.erasedAt).toBe(erasedAt);
    // The booking's page says it too, so it offers no resend and no note the server would refuse.
    expect((await support.bookings.detail({ bookingId: past.booking.id })).student.erasedAt).toBe(erasedAt);
    // Erasure deleted the Stripe customer on purpose: the page does not call it missing.
    expect(page.profile.hasStripeCustomer).toBe(false);
    expect(page.warnings.filter((w) => w.includes('Stripe'))).toEqual([]);
  });

  it('a kept payment can still be refunded to the card, with a warning; credit is refused', async () => {
    const { student, past } = await studentWithPastLesson();
    const erasedAt = await erase(student.id);
    const on = formatInZone(erasedAt, t.h.services.config.BUSINESS_TIME_ZONE, 'date');
    const admin = t.h.caller('admin');
    const card = await admin.refunds.create.preview({ bookingId: past.booking.id, overrideCode: 'PLATFORM_ERROR' });
    expect(card.warnings).toContain(`The student was erased on ${on}: the money goes back to the card only.`);

    const withCredit = await studentWithPastLesson(1_000);
    const creditErasedAt = await erase(withCredit.student.id);
    const refused = await rejection(
      admin.refunds.create.preview({ bookingId: withCredit.past.booking.id, overrideCode: 'PLATFORM_ERROR' }),
    );
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toBe(
      `bookingId: the student of booking ${withCredit.past.booking.short_id} was erased on ${formatInZone(creditErasedAt, t.h.services.config.BUSINESS_TIME_ZONE, 'date')}; credit cannot reach them, only a card refund can`,
    );
  });
});

describe('an erased instructor', () => {
  it('refuses suspend, unsuspend, payout hold, commission tier and verification override', async () => {
    const { user: instructor } = await seedInstructor(t.h.dbs.api);
    const erasedAt = await erase(instructor.id);
    const message = erasedMessage(erasedAt);
    const admin = t.h.caller('admin');
    for (const refused of [
      () => admin.instructors.suspend.preview({ userId: instructor.id }),
      () => admin.instructors.unsuspend.preview({ userId: instructor.id }),
      () => admin.instructors.payoutHold.preview({ userId: instructor.id, hold: true }),
      () => admin.instructors.commissionTier.preview({ userId: instructor.id, tier: 'preferred' }),
      () => admin.instructors.verificationOverride.preview({ userId: instructor.id, enabled: true }),
    ]) {
      expect(await rejection(refused())).toEqual({ code: 'PRECONDITION_FAILED', message });
    }
    expect(await statusOf(instructor.id)).toBe('deactivated');
  });
});

describe('privacy.erase', () => {
  it('names the person as staff see them, with their id, until the erasure replaces the name by the tombstone', async () => {
    const { student } = await studentWithPastLesson();
    const admin = t.h.caller('admin');
    const preview = await admin.privacy.erase.preview({ userId: student.id });
    expect(preview.summary).toBe(`Erase student Aisha S. (${student.id}): delete or anonymise their personal data`);
    const requested = await admin.privacy.erase.execute({ confirmToken: preview.confirmToken, reason: 'Right to be forgotten' });
    const inbox = await t.h.caller('admin2').approvals.list({ view: 'pending' });
    const item = inbox.find((a) => a.id === requested.approvalId);
    expect(item).toMatchObject({ summary: preview.summary, resourceType: 'user', resourceId: student.id });

    await t.h.caller('admin2').approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Verified the request' });
    const kept = await t.h.dbs.api
      .selectFrom('approvals')
      .select('summary')
      .where('id', '=', requested.approvalId ?? '')
      .executeTakeFirstOrThrow();
    expect(kept.summary).toBe(
      `Erase student erased-${student.id.slice(0, 8)} (${student.id}): delete or anonymise their personal data`,
    );
  });
});
