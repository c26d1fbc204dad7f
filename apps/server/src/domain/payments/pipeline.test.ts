import { describe, expect, it } from 'vitest';
import { seedLesson } from '../../testing.js';
import { useTestDb } from '../../testing-hooks.js';
import { paymentsHealth } from '../health/postgres-sources.js';
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

  it('lists the refunds and releases still pending at Stripe, each called what it is', async () => {
    const [charged, held] = await Promise.all([
      seedLesson(testDb.db, { hoursAhead: -48, priceCents: 7_000, status: 'completed', paymentStatus: 'captured' }),
      seedLesson(testDb.db, { hoursAhead: 30, priceCents: 8_000, status: 'cancelled', paymentStatus: 'authorized' }),
    ]);
    const pending = (lesson: typeof charged, kind: 'refund' | 'release') => ({
      booking_id: lesson.booking.id,
      payment_id: lesson.payment.id,
      student_id: lesson.booking.student_id,
      amount_cents: lesson.booking.price_cents,
      method: 'card' as const,
      policy_rule: 'full_refund_24h',
      status: 'pending' as const,
      kind,
      stripe_refund_id: null,
      idempotency_key: null,
      error: null,
      created_by_staff_id: null,
      stripe_status: null,
    });
    await testDb.db
      .insertInto('refunds')
      .values([pending(charged, 'refund'), pending(held, 'release')])
      .execute();
    const { pendingRefunds } = await paymentsPipeline(testDb.db, new Date());
    const kindOf = new Map(pendingRefunds.map((r) => [r.bookingId, [r.kind, r.amountCents]]));
    expect(kindOf.get(charged.booking.id)).toEqual(['refund', 7_000]);
    expect(kindOf.get(held.booking.id)).toEqual(['release', 8_000]);
  });

  it('orders overdue payments by the time of the late step, the same on the command center and the pipeline page', async () => {
    const now = new Date();
    const hours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
    // Its authorisation is 5 h late; its capture (were it authorised) would be tomorrow.
    const unauthorised = await seedLesson(testDb.db, { hoursAhead: 24, priceCents: 7_000, paymentStatus: 'pending' });
    await testDb.db
      .updateTable('payments')
      .set({ authorize_at: hours(-5), capture_at: hours(26) })
      .where('id', '=', unauthorised.payment.id)
      .execute();
    // Its capture is 1 h late.
    const uncaptured = await seedLesson(testDb.db, { hoursAhead: -2, priceCents: 8_000, paymentStatus: 'authorized' });
    await testDb.db
      .updateTable('payments')
      .set({ capture_at: hours(-1) })
      .where('id', '=', uncaptured.payment.id)
      .execute();

    const ours = new Set([unauthorised.payment.id, uncaptured.payment.id]);
    const order = (rows: Array<{ paymentId: string }>) => rows.map((r) => r.paymentId).filter((id) => ours.has(id));
    const pipeline = await paymentsPipeline(testDb.db, now);
    const health = await paymentsHealth(testDb.db, now);
    expect(order(pipeline.overdue)).toEqual([unauthorised.payment.id, uncaptured.payment.id]);
    expect(order(health.overdue)).toEqual(order(pipeline.overdue));
    expect(pipeline.overdue.find((p) => p.paymentId === unauthorised.payment.id)).toMatchObject({
      kind: 'authorize',
      dueAt: hours(-5),
    });
  });

  it("does not call a booking's authorisation late while its instructor has not confirmed it", async () => {
    const now = new Date();
    const waiting = await seedLesson(testDb.db, {
      hoursAhead: 6,
      priceCents: 9_000,
      status: 'pending',
      paymentStatus: 'pending',
    });
    const confirmed = await seedLesson(testDb.db, { hoursAhead: 6, priceCents: 9_500, paymentStatus: 'pending' });
    // Both lessons are 6 h away, so both authorise-at times (24 h before) are 18 h past.
    for (const b of [waiting, confirmed])
      await testDb.db
        .updateTable('payments')
        .set({ authorize_at: new Date(now.getTime() - 18 * 3_600_000).toISOString() })
        .where('id', '=', b.payment.id)
        .execute();
    const ids = (rows: Array<{ paymentId: string }>) => rows.map((r) => r.paymentId);
    const pipeline = await paymentsPipeline(testDb.db, now);
    expect(ids(pipeline.overdue)).toContain(confirmed.payment.id);
    expect(ids(pipeline.overdue)).not.toContain(waiting.payment.id);
    // The command center's count agrees with its list.
    const before = (await paymentsHealth(testDb.db, now)).authorizationsOverdue;
    await testDb.db.updateTable('bookings').set({ status: 'confirmed' }).where('id', '=', waiting.booking.id).execute();
    expect((await paymentsHealth(testDb.db, now)).authorizationsOverdue).toBe(before + 1);
  });
});
