import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeEventEnvelope } from '@ops/db/seed/factories';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { Rng } from '@ops/db/seed/prng';
import type { StripeStandin } from '../../integrations/stripe/standin.js';
import { createHarness, plugStripeStandin, refundComputation, type TestHarness } from '../../testing.js';
import { receiveEvent, sweepWebhookEvents } from '../webhooks/ledger.js';
import { recordRefunds } from './record.js';
import { reconcilePendingRefunds, settleRefund } from './settle.js';

/**
 * Property: whatever the order of our settling, the reconciliation, Stripe's webhooks, Stripe moving a refund on and
 * a process dying half-way, the payment and refund rows end equal to what Stripe holds. Each run is one booking and
 * a random sequence of those steps from a seeded generator (the failing seed and steps are in the message).
 */
const RUNS = 200;
const STEPS = 7;
let h: TestHarness;
let stripe: StripeStandin;
let studentId = '';
let instructorId = '';

beforeAll(async () => {
  h = await createHarness();
  stripe = await plugStripeStandin(h, { timeoutMs: 2_000 });
  studentId = (await seedStudent(h.dbs.api)).id;
  instructorId = (await seedInstructor(h.dbs.api)).user.id;
}, 600_000);

afterAll(async () => {
  if (stripe !== undefined) await stripe.close();
  if (h !== undefined) await h.close();
});

type Step = 'execute' | 'execute_pending' | 'settle' | 'reconcile' | 'charge_refunded' | 'refund_updated' | 'crash';
const STEP_KINDS: Step[] = ['execute', 'execute_pending', 'settle', 'reconcile', 'charge_refunded', 'refund_updated', 'crash'];

describe('refund ledger property', () => {
  it(`${RUNS} random interleavings end with payment and refund rows equal to Stripe's`, async () => {
    const gateway = h.services.integrations.stripe;
    if (!gateway) throw new Error('stripe not configured');
    let eventSeq = 0;
    /** Stripe's webhook of `type` about `object`, received as the endpoint receives it. */
    const receiveStripe = (type: string, object: Record<string, unknown>) => {
      const id = `evt_prop_${++eventSeq}`;
      return receiveEvent(
        h.dbs.api,
        { source: 'stripe', eventId: id, type, headers: {}, payload: stripeEventEnvelope(id, type, object) },
        new Date(),
        gateway,
      );
    };
    for (let run = 0; run < RUNS; run++) {
      const rand = new Rng(run + 1);
      const { booking, payment } = await seedBooking(h.dbs.api, {
        studentId,
        instructorId,
        lessonStart: new Date(Date.now() + 96 * 3_600_000),
        priceCents: 10_000,
        paymentStatus: 'captured',
      });
      const steps: Step[] = Array.from({ length: STEPS }, () => rand.pick(STEP_KINDS));
      const pendingRefunds = () =>
        h.dbs.api
          .selectFrom('refunds')
          .select('id')
          .where('booking_id', '=', booking.id)
          .where('status', '=', 'pending')
          .execute();
      const chargeEvent = () =>
        receiveStripe('charge.refunded', {
          id: payment.stripe_charge_id,
          object: 'charge',
          payment_intent: payment.stripe_payment_intent_id,
          amount_refunded: 1,
        });
      for (const step of steps) {
        if (step === 'execute' || step === 'execute_pending') {
          // A refund row as execute records it (pending, with its key); settling is a separate step.
          if (step === 'execute_pending') stripe.nextRefund({ status: 'pending' });
          await h.dbs.api.transaction().execute((tx) =>
            recordRefunds(
              tx,
              [
                refundComputation({
                  bookingId: booking.id,
                  shortId: booking.short_id,
                  studentId,
                  instructorId,
                  paymentId: payment.id,
                  intentId: payment.stripe_payment_intent_id,
                  amountCents: 2_000,
                }),
              ],
              {
                origin: 'student_request',
                staffId: h.staff.admin.id,
                reason: 'property',
                now: new Date(),
                keyFor: () => `prop-${run}-${++eventSeq}`,
              },
            ),
          );
          if (rand.chance(0.5)) {
            for (const p of await pendingRefunds()) await settleRefund(h.services, p.id);
          }
        } else if (step === 'settle') {
          const one = (await pendingRefunds())[0];
          if (one) await settleRefund(h.services, one.id);
        } else if (step === 'reconcile') {
          await reconcilePendingRefunds(h.services, { olderThanMs: 0 });
        } else if (step === 'charge_refunded') {
          await chargeEvent();
        } else if (step === 'refund_updated') {
          const waiting = (await stripe.refundsOf(payment.stripe_payment_intent_id)).filter((r) => r.status === 'pending');
          const target = waiting[0];
          if (target) {
            const moved = await stripe.transitionRefund(target.id, rand.chance(0.5) ? 'succeeded' : 'failed');
            await receiveStripe('refund.updated', { ...moved, payment_intent: payment.stripe_payment_intent_id });
          }
        } else {
          // A process died after writing a webhook row and before handling it; the sweeper finds it later.
          await h.dbs.api
            .insertInto('webhook_events')
            .values({
              source: 'stripe',
              event_id: `evt_prop_${++eventSeq}`,
              type: 'charge.refunded',
              status: 'received',
              headers: '{}',
              payload: JSON.stringify({
                id: `evt_prop_${eventSeq}`,
                type: 'charge.refunded',
                data: {
                  object: { id: payment.stripe_charge_id, payment_intent: payment.stripe_payment_intent_id, amount_refunded: 1 },
                },
              }),
              received_at: new Date(Date.now() - 10 * 60_000),
            })
            .execute();
        }
      }
      // Stripe finishes what it held; then the console's loops run once more.
      for (let round = 0; round < 2; round++) {
        for (const r of await stripe.refundsOf(payment.stripe_payment_intent_id))
          if (r.status === 'pending') await stripe.transitionRefund(r.id, rand.chance(0.5) ? 'succeeded' : 'failed');
        await reconcilePendingRefunds(h.services, { olderThanMs: 0 });
      }
      await sweepWebhookEvents(h.dbs.api, new Date(), gateway);
      await chargeEvent();

      const theirs = await stripe.refundsOf(payment.stripe_payment_intent_id);
      const [charge] = await gateway.listCharges({ paymentIntent: payment.stripe_payment_intent_id });
      const ours = await h.dbs.api
        .selectFrom('refunds')
        .select(['stripe_refund_id', 'status', 'amount_cents'])
        .where('booking_id', '=', booking.id)
        .execute();
      const row = await h.dbs.api
        .selectFrom('payments')
        .select(['amount_refunded_cents', 'status'])
        .where('id', '=', payment.id)
        .executeTakeFirstOrThrow();
      const label = `run ${run}: ${steps.join(', ')}`;
      const statusOf = (s: string | null | undefined) =>
        s === 'succeeded' ? 'succeeded' : s === 'failed' || s === 'canceled' ? 'failed' : 'pending';
      expect(
        ours
          .filter((r) => r.stripe_refund_id)
          .map((r) => [r.stripe_refund_id, r.status, r.amount_cents])
          .sort(),
        label,
      ).toEqual(theirs.map((r) => [r.id, statusOf(r.status), r.amount]).sort());
      expect(
        ours.filter((r) => !r.stripe_refund_id && r.status !== 'failed'),
        label,
      ).toEqual([]);
      const succeeded = theirs.filter((r) => r.status === 'succeeded').reduce((s, r) => s + r.amount, 0);
      expect(row.amount_refunded_cents, label).toBe(succeeded);
      expect(charge?.amountRefundedCents, label).toBe(succeeded);
      expect(row.status, label).toBe(succeeded === 0 ? 'captured' : succeeded >= 10_000 ? 'refunded' : 'partially_refunded');
    }
  }, 1_200_000);
});
