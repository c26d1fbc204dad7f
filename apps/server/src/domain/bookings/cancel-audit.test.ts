import { describe, expect, it } from 'vitest';
import { diffValues } from '@ops/shared';
import { auditedRow, seedLesson } from '../../testing.js';
import { useStripeHarness } from '../../testing-hooks.js';

const t = useStripeHarness({ timeoutMs: 400, maxNetworkRetries: 1 });

async function forceCancel(hoursAhead: number, priceCents: number, paymentStatus: 'captured' | 'authorized') {
  const { booking } = await seedLesson(t.h.dbs.api, { hoursAhead, priceCents, paymentStatus });
  const admin = t.h.caller('admin');
  const preview = await admin.bookings.cancel.preview({ bookingId: booking.id });
  await admin.bookings.cancel.execute({ confirmToken: preview.confirmToken, reason: 'Instructor unavailable' });
  const refund = await t.h.dbs.api.selectFrom('refunds').select('id').where('booking_id', '=', booking.id).executeTakeFirst();
  return { booking, refundId: refund?.id ?? null, audit: await auditedRow(t.h.dbs.api, 'bookings.cancel', booking.id) };
}

describe("a force cancel's audit row says where the money went, as a suspension's booking rows do", () => {
  it('a card refund: amount, method, rule, no instructor share, the refund asked of Stripe, the payment it leaves', async () => {
    const { refundId, audit } = await forceCancel(96, 8_000, 'captured');
    expect(audit.before).toMatchObject({ status: 'confirmed', refundableCents: 8_000, payment: { status: 'captured' } });
    expect(audit.after).toMatchObject({
      status: 'cancelled',
      refund: {
        id: refundId,
        kind: 'refund',
        method: 'card',
        amountCents: 8_000,
        rule: 'card_24h_plus',
        instructorShareCents: 0,
        captureCents: 0,
        stripe: { refund: 'pending', amountCents: 8_000 },
      },
      refundIds: [refundId],
      refundableCents: 0,
      payment: { status: 'refunded', refundedCents: 8_000 },
    });
    // Every figure of the row before has its counterpart after: nothing reads as removed.
    expect(diffValues(audit.before, audit.after).filter((l) => l.change === 'removed')).toEqual([]);
  });

  it('a late cancellation: credit to the student, the instructor share, nothing asked of Stripe', async () => {
    const { refundId, audit } = await forceCancel(6, 9_000, 'captured');
    expect(audit.after).toMatchObject({
      refund: {
        id: refundId,
        method: 'credit',
        amountCents: 4_500,
        rule: 'split_under_12h',
        instructorShareCents: 4_500,
        captureCents: 0,
        stripe: null,
      },
      payment: { status: 'captured', refundedCents: 0 },
    });
  });

  it('an authorisation released with the lesson: the release asked of Stripe, the payment cancelled', async () => {
    const { audit } = await forceCancel(96, 6_000, 'authorized');
    expect(audit.after).toMatchObject({
      refund: { kind: 'release', method: 'card', amountCents: 6_000, stripe: { release: 'pending', amountCents: 6_000 } },
      payment: { status: 'cancelled' },
    });
  });
});
