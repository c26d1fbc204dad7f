import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedLesson } from '../../testing.js';
import { stripeOf } from './stripe.js';
import { useStripeHarness } from '../../testing-hooks.js';
import * as migration from '@ops/db/migrations/2026-12-03-1100-payment-captured-amount';

const t = useStripeHarness({ timeoutMs: 400, maxNetworkRetries: 1 });

const paymentOf = (bookingId: string) =>
  t.h.dbs.api
    .selectFrom('payments')
    .select(['status', 'amount_cents', 'amount_captured_cents', 'amount_refunded_cents', 'stripe_payment_intent_id'])
    .where('booking_id', '=', bookingId)
    .executeTakeFirstOrThrow();

describe('after a partial release, the payment is what Stripe says: its captured amount, refunded in full', () => {
  it('capture $60 of $90, release $30, refund the $60: refunded, as Stripe has it; the panel says both amounts', async () => {
    const { booking: b } = await seedLesson(t.h.dbs.api, { hoursAhead: 72, priceCents: 9_000, paymentStatus: 'authorized' });
    const admin = t.h.caller('admin');
    const release = await admin.refunds.create.preview({ bookingId: b.id, amountCents: 3_000 });
    expect(release.effects.map((e) => e.label)).toContain(
      'Capture $60.00 on the card ending 4242 (what is kept); the rest of the authorization is released',
    );
    await admin.refunds.create.execute({ confirmToken: release.confirmToken, reason: 'Lesson shortened' });
    expect(await paymentOf(b.id)).toMatchObject({ status: 'captured', amount_cents: 9_000, amount_captured_cents: 6_000 });

    const rest = await admin.refunds.create.preview({ bookingId: b.id });
    expect(rest.effects.map((e) => e.label)).toContain('Refund $60.00 to the card ending 4242');
    await admin.refunds.create.execute({ confirmToken: rest.confirmToken, reason: 'Lesson cancelled' });
    const payment = await paymentOf(b.id);
    expect(payment).toMatchObject({ status: 'refunded', amount_captured_cents: 6_000, amount_refunded_cents: 6_000 });

    const gateway = stripeOf(t.h.services);
    if (!gateway) throw new Error('the stand-in is not plugged');
    const [charge] = await gateway.listCharges({ paymentIntent: payment.stripe_payment_intent_id });
    expect(charge).toMatchObject({ amountCents: 9_000, amountCapturedCents: 6_000, amountRefundedCents: 6_000, refunded: true });

    await t.h.dbs.api
      .updateTable('users')
      .set({ stripe_customer_id: 'cus_PartlyCaptured' })
      .where('id', '=', b.student_id)
      .execute();
    const panel = await admin.support.stripe({ userId: b.student_id });
    expect(panel.charges.find((c) => c.id === charge?.id)).toMatchObject({
      amountCents: 9_000,
      amountCapturedCents: 6_000,
      amountRefundedCents: 6_000,
    });
  });
});

describe('the captured-amount migration backfills payments captured before it existed', () => {
  it('a payment captured after a partial release gets its captured amount; one refunded of all of it is refunded', async () => {
    const db = t.h.dbs.api;
    const lesson = async (status: 'captured' | 'partially_refunded', refundedCents: number, releasedCents: number) => {
      const { booking, payment } = await seedLesson(db, { hoursAhead: 72, priceCents: 9_000, paymentStatus: 'captured' });
      await db
        .updateTable('payments')
        .set({ status, amount_refunded_cents: refundedCents })
        .where('id', '=', payment.id)
        .execute();
      if (releasedCents > 0)
        await db
          .insertInto('refunds')
          .values({
            booking_id: booking.id,
            payment_id: payment.id,
            student_id: booking.student_id,
            amount_cents: releasedCents,
            method: 'card',
            kind: 'release',
            policy_rule: 'override',
            status: 'succeeded',
            idempotency_key: null,
            created_by_staff_id: null,
            stripe_refund_id: null,
            error: null,
          })
          .execute();
      return booking.id;
    };
    const released = await lesson('captured', 0, 3_000);
    const refundedAll = await lesson('partially_refunded', 6_000, 3_000);
    const refundedPart = await lesson('partially_refunded', 2_000, 3_000);
    const neverReleased = await lesson('captured', 0, 0);

    // The schema as it stood before the migration, then the migration itself over those rows.
    // Migrations are written against no schema type: they run before (and regardless of) the one in schema.ts.
    const bare = db as unknown as Kysely<unknown>;
    await migration.down(bare);
    await migration.up(bare);

    expect(await paymentOf(released)).toMatchObject({ status: 'captured', amount_captured_cents: 6_000 });
    expect(await paymentOf(refundedAll)).toMatchObject({ status: 'refunded', amount_captured_cents: 6_000 });
    expect(await paymentOf(refundedPart)).toMatchObject({ status: 'partially_refunded', amount_captured_cents: 6_000 });
    expect(await paymentOf(neverReleased)).toMatchObject({ status: 'captured', amount_captured_cents: null });
  });
});
