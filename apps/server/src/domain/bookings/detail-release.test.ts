import { describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import type { PaymentStatus } from '@ops/db';
import { useStripeHarness } from '../../testing-hooks.js';

/**
 * The booking page after a full release of a payment that was never captured: status, timeline and suggestions
 * agree that the authorization is gone (no "scheduled authorization", no "fully refundable", no capture to come).
 */
const HOUR = 3_600_000;
const t = useStripeHarness({ timeoutMs: 5_000 });

/** A $90 lesson `hoursAhead` from now, its payment `paymentStatus`, between a new student and instructor. */
async function lesson(hoursAhead: number, paymentStatus: PaymentStatus) {
  const student = await seedStudent(t.h.dbs.api);
  const teacher = await seedInstructor(t.h.dbs.api);
  const { booking } = await seedBooking(t.h.dbs.api, {
    studentId: student.id,
    instructorId: teacher.user.id,
    lessonStart: new Date(Date.now() + hoursAhead * HOUR),
    priceCents: 9_000,
    paymentStatus,
  });
  return booking;
}

async function releasedBooking(hoursAhead: number, paymentStatus: PaymentStatus): Promise<string> {
  const booking = await lesson(hoursAhead, paymentStatus);
  const admin = t.h.caller('admin');
  const before = await t.h.caller('support').bookings.detail({ bookingId: booking.id });
  expect(before.suggestedActions.map((a) => a.why).join(' ')).toMatch(/refundable/);
  const preview = await admin.refunds.create.preview({ bookingId: booking.id });
  expect(preview.effects.map((e) => e.label)).toContain(
    'Release $90.00: cancel the payment on the card ending 4242 before it is charged',
  );
  const done = await admin.refunds.create.execute({
    confirmToken: preview.confirmToken,
    reason: 'Student asked before the lesson',
  });
  // The person who confirmed reads what the preview said: a release, not a refund to the card.
  expect(done.message).toBe(
    'Release recorded: the $90.00 payment is cancelled before it is charged (no refund). Stripe: 1 release settled.',
  );
  return booking.id;
}

describe('bookings.detail after a full release', () => {
  it('an authorized payment: the timeline shows the authorization released and no capture to come', async () => {
    const id = await releasedBooking(30, 'authorized');
    const detail = await t.h.caller('support').bookings.detail({ bookingId: id });
    expect(detail.payment?.status).toBe('cancelled');
    const kinds = detail.timeline.map((e) => e.kind);
    expect(kinds).toContain('authorized');
    expect(kinds).not.toContain('capture_scheduled');
    expect(kinds).not.toContain('authorize_scheduled');
    const released = detail.timeline.filter((e) => e.kind === 'released');
    expect(released.map((e) => e.label)).toEqual(['Card authorization released']);
    expect(released[0]?.detail).toMatch(/\$90\.00.*never charged/);
    expect(kinds.indexOf('authorized')).toBeLessThan(kinds.indexOf('released'));
    // The admin's refund action is named for what it did; then Stripe's release, settled after the commit.
    expect(detail.timeline.filter((e) => e.kind === 'audit').map((e) => e.label)).toEqual([
      expect.stringMatching(/^Release by /),
      'Settled at Stripe by system',
    ]);
    // The one lesson step still ahead is the lesson itself.
    expect(detail.timeline.filter((e) => e.scheduled).map((e) => e.kind)).toEqual(['lesson']);
    const words = detail.suggestedActions.map((a) => `${a.label} ${a.why}`).join(' ');
    expect(words).not.toMatch(/refundable/);
    expect(detail.suggestedActions.map((a) => a.label)).toContain('Cancel the booking, or ask the student to pay for it again');
    // The cross-source trail calls it what the page does: a release of money never charged, not a refund to the card.
    const trail = await t.h.caller('support').support.trail({ bookingId: id });
    const ours = trail.entries.filter((e) => e.kind === 'refund').map((e) => e.label);
    expect(ours).toEqual([`Release of $90.00 for ${detail.booking.shortId}, never charged (succeeded)`]);
    // And the admin's action is named for what it did there and in the booking's audit entries, as on the timeline.
    expect(trail.entries.filter((e) => e.kind === 'audit' && e.label.startsWith('Release')).map((e) => e.label)).toEqual([
      expect.stringMatching(/^Release by /),
    ]);
    expect(detail.audit.map((a) => [a.action, a.refundKind])).toEqual([
      ['refunds.settle', null],
      ['refunds.create', 'release'],
    ]);
  });

  it('a payment not yet authorized: the scheduled authorization reads as cancelled, not as still to come', async () => {
    const id = await releasedBooking(72, 'pending');
    const detail = await t.h.caller('support').bookings.detail({ bookingId: id });
    const kinds = detail.timeline.map((e) => e.kind);
    expect(kinds).not.toContain('authorize_scheduled');
    expect(kinds).not.toContain('capture_scheduled');
    const released = detail.timeline.filter((e) => e.kind === 'released');
    expect(released.map((e) => e.label)).toEqual(['Scheduled authorization cancelled']);
    // Nothing was held on the card, so nothing goes "back to the card limit".
    expect(released[0]?.detail).toMatch(/^Nothing of the \$[\d,.]+ was held on the card; the card was never charged\./);
    expect(detail.suggestedActions.map((a) => a.why).join(' ')).not.toMatch(/refundable/);
  });

  it('a force-cancel that releases a payment says, after Stripe answers, that a release settled, not a refund', async () => {
    const booking = await lesson(30, 'authorized');
    const admin = t.h.caller('admin');
    const preview = await admin.bookings.cancel.preview({ bookingId: booking.id });
    const done = await admin.bookings.cancel.execute({ confirmToken: preview.confirmToken, reason: 'Instructor is ill' });
    expect(done.message).toBe(
      `Booking ${booking.short_id} cancelled. Release recorded: the $90.00 payment is cancelled before it is charged (no refund). Email to 2 people queued for sending. Stripe: 1 release settled.`,
    );
  });
});
