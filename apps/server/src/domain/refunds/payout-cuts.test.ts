import { describe, expect, it } from 'vitest';
import type { PayoutStatus } from '@ops/db';
import { auditedRow, seedBookingPayout, seedLesson } from '../../testing.js';
import { useStripeHarness } from '../../testing-hooks.js';

const t = useStripeHarness({ timeoutMs: 400, maxNetworkRetries: 1 });

/** A lesson two days ago, completed, its payment as given, and the payout completion scheduled (in `status`). */
async function completedLesson(payoutStatus: PayoutStatus, paymentStatus: 'captured' | 'authorized' = 'captured') {
  const { booking, payment } = await seedLesson(t.h.dbs.api, {
    hoursAhead: -48,
    priceCents: 9_000,
    status: 'completed',
    paymentStatus,
  });
  await seedBookingPayout(t.h.dbs.api, booking, payoutStatus);
  const teacher = await t.h.dbs.api
    .selectFrom('users')
    .select(['first_name', 'last_name'])
    .where('id', '=', booking.instructor_id)
    .executeTakeFirstOrThrow();
  return { booking, payment, name: `${teacher.first_name} ${teacher.last_name.slice(0, 1).toUpperCase()}.` };
}

const payoutsOf = (bookingId: string) =>
  t.h.dbs.api.selectFrom('payouts').select(['status', 'amount_cents']).where('booking_id', '=', bookingId).execute();

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

describe("a refund of a completed lesson cuts the instructor's payout for it", () => {
  it('an override refund in full cancels the pending payout, as the preview says, in the same transaction', async () => {
    const { booking: b, name } = await completedLesson('pending');
    const admin = t.h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id, overrideCode: 'INSTRUCTOR_NO_SHOW' });
    const labels = preview.effects.map((e) => e.label);
    expect(labels).toContain(`Cancel ${name}'s pending payout of ${dollars(b.instructor_payout_cents)} for this booking`);
    expect(labels).not.toContain('Instructor is paid $0.00 for this booking');
    const done = await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Instructor never came' });
    expect(done.approvalId).toBeNull();
    expect(await payoutsOf(b.id)).toEqual([{ status: 'cancelled', amount_cents: b.instructor_payout_cents }]);
    const audit = await auditedRow(t.h.dbs.api, 'refunds.create', b.id);
    expect(audit.after).toMatchObject({ payoutCuts: [{ status: 'pending', toCents: 0 }] });
  });

  it('a held payout is cancelled too, and a partial override refund lowers the payout by the same share', async () => {
    const held = await completedLesson('held');
    const admin = t.h.caller('admin');
    const p1 = await admin.refunds.create.preview({ bookingId: held.booking.id, overrideCode: 'DUPLICATE' });
    expect(p1.effects.map((e) => e.label)).toContain(
      `Cancel ${held.name}'s held payout of ${dollars(held.booking.instructor_payout_cents)} for this booking`,
    );
    await admin.refunds.create.execute({ confirmToken: p1.confirmToken, reason: 'Charged twice' });
    expect((await payoutsOf(held.booking.id)).map((p) => p.status)).toEqual(['cancelled']);

    const half = await completedLesson('pending');
    const full = half.booking.instructor_payout_cents;
    const kept = Math.round(full / 2);
    const p2 = await admin.refunds.create.preview({
      bookingId: half.booking.id,
      amountCents: 4_500,
      overrideCode: 'PLATFORM_ERROR',
    });
    expect(p2.effects.map((e) => e.label)).toContain(
      `Lower ${half.name}'s pending payout for this booking from ${dollars(full)} to ${dollars(kept)}`,
    );
    await admin.refunds.create.execute({ confirmToken: p2.confirmToken, reason: 'Half the lesson was lost' });
    expect(await payoutsOf(half.booking.id)).toEqual([{ status: 'pending', amount_cents: kept }]);
  });

  it('a payout already paid is said to be paid and left alone, not claimed as $0.00', async () => {
    const { booking: b, name } = await completedLesson('paid');
    const admin = t.h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id, overrideCode: 'INSTRUCTOR_NO_SHOW' });
    const labels = preview.effects.map((e) => e.label);
    expect(labels).toContain(
      `${name} was already paid ${dollars(b.instructor_payout_cents)} for this booking: it is not clawed back`,
    );
    expect(labels).not.toContain('Instructor is paid $0.00 for this booking');
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Instructor never came' });
    expect(await payoutsOf(b.id)).toEqual([{ status: 'paid', amount_cents: b.instructor_payout_cents }]);
  });

  it('an override release of a completed lesson whose card was only authorized cancels the payout', async () => {
    const { booking: b, name } = await completedLesson('pending', 'authorized');
    const admin = t.h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id, overrideCode: 'INSTRUCTOR_NO_SHOW' });
    expect(preview.effects.map((e) => e.label)).toContain(
      `Cancel ${name}'s pending payout of ${dollars(b.instructor_payout_cents)} for this booking`,
    );
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Instructor never came' });
    expect((await payoutsOf(b.id)).map((p) => p.status)).toEqual(['cancelled']);
  });
});
