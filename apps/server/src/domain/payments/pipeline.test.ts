import { describe, expect, it } from 'vitest';
import { seedLesson } from '../../testing.js';
import { useTestDb } from '../../testing-hooks.js';
import { paymentsPipeline } from './pipeline.js';

/**
 * The command center's payment lists: each row names its booking (short id) and its payment intent, so a person can
 * go from the list to the booking page or to Stripe.
 */
const testDb = useTestDb();

describe('payments pipeline', () => {
  it('lists an authorized payment past its capture time as overdue, and a payment not yet due not at all', async () => {
    const late = await seedLesson(testDb.db, {
      hoursAhead: -10,
      priceCents: 5_000,
      status: 'confirmed',
      paymentStatus: 'authorized',
    });
    const notYet = await seedLesson(testDb.db, {
      hoursAhead: 48,
      priceCents: 6_000,
      status: 'confirmed',
      paymentStatus: 'authorized',
    });
    const { overdue } = await paymentsPipeline(testDb.db, new Date());
    expect(overdue).toContainEqual(
      expect.objectContaining({
        paymentId: late.payment.id,
        bookingId: late.booking.id,
        shortId: late.booking.short_id,
        kind: 'capture',
        amountCents: 5_000,
        paymentIntentId: late.payment.stripe_payment_intent_id,
      }),
    );
    expect(overdue.map((p) => p.paymentId)).not.toContain(notYet.payment.id);
  });

  it("lists the last week's failed payments with their reason, and not older ones", async () => {
    const failed = await seedLesson(testDb.db, { hoursAhead: 24, priceCents: 4_000, paymentStatus: 'failed' });
    const old = await seedLesson(testDb.db, { hoursAhead: 24, priceCents: 3_000, paymentStatus: 'failed' });
    await testDb.db
      .updateTable('payments')
      .set({ failed_at: new Date(Date.now() - 8 * 86_400_000).toISOString() })
      .where('id', '=', old.payment.id)
      .execute();
    const { failures } = await paymentsPipeline(testDb.db, new Date());
    expect(failures).toContainEqual(
      expect.objectContaining({
        paymentId: failed.payment.id,
        shortId: failed.booking.short_id,
        amountCents: 4_000,
        failureCode: 'card_declined',
        failureMessage: 'Your card was declined.',
        paymentIntentId: failed.payment.stripe_payment_intent_id,
      }),
    );
    expect(failures.map((p) => p.paymentId)).not.toContain(old.payment.id);
  });
});
